import { createHmac } from 'node:crypto';
import { webhookEventTypeSchema } from '@rapport/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deliveryRetryPolicy,
  isAllowedEndpointUrl,
  isSuccessStatus,
  matchesEventType,
  retryDelaysSeconds,
  signatureHeader,
} from './webhooks.rules.ts';

const segment = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const eventName = fc.tuple(segment, segment).map(([noun, verb]) => `${noun}.${verb}`);

describe('webhook event-type matching', () => {
  it('matches exact names, families and everything', () => {
    expect(matchesEventType(['conversation.created'], 'conversation.created')).toBe(true);
    expect(matchesEventType(['conversation.created'], 'conversation.resolved')).toBe(false);
    expect(matchesEventType(['conversation.*'], 'conversation.resolved')).toBe(true);
    expect(matchesEventType(['conversation.*'], 'conversations.resolved')).toBe(false);
    expect(matchesEventType(['conversation.*'], 'customer.merged')).toBe(false);
    expect(matchesEventType(['*'], 'customer.merged')).toBe(true);
    expect(matchesEventType([], 'customer.merged')).toBe(false);
    expect(matchesEventType(['survey.answered', 'handoff.*'], 'handoff.accepted')).toBe(true);
  });

  it('matches any event with * and any event of a family with <noun>.*', () => {
    fc.assert(
      fc.property(eventName, (name) => {
        expect(matchesEventType(['*'], name)).toBe(true);
        expect(matchesEventType([`${name.split('.')[0]}.*`], name)).toBe(true);
        expect(matchesEventType([name], name)).toBe(true);
      }),
    );
  });

  it('never matches an event of another family', () => {
    fc.assert(
      fc.property(eventName, eventName, (subscribed, other) => {
        fc.pre(subscribed.split('.')[0] !== other.split('.')[0]);
        expect(matchesEventType([subscribed, `${subscribed.split('.')[0]}.*`], other)).toBe(false);
      }),
    );
  });

  it('accepts only names, families and * as subscriptions', () => {
    for (const good of [
      'conversation.created',
      'conversation.*',
      '*',
      'survey.answered_poorly',
      'channel.email.received',
    ])
      expect(webhookEventTypeSchema.safeParse(good).success, good).toBe(true);
    for (const bad of ['', 'conversation', 'conversation.', '*.created', 'Conversation.Created', 'a.b c', '**'])
      expect(webhookEventTypeSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of "<t>.<body>" with the secret, next to t', () => {
    const header = signatureHeader({ secret: 'whsec_test', timestamp: 1_700_000_000, body: '{"a":1}' });
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('changes with the body, the timestamp and the secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 2 ** 31 }), (body, other, timestamp) => {
        fc.pre(body !== other);
        const base = signatureHeader({ secret: 's1', timestamp, body });
        expect(signatureHeader({ secret: 's1', timestamp, body: other })).not.toBe(base);
        expect(signatureHeader({ secret: 's2', timestamp, body })).not.toBe(base);
        expect(signatureHeader({ secret: 's1', timestamp: timestamp + 1, body })).not.toBe(base);
      }),
    );
  });
});

describe('webhook delivery rules', () => {
  it('retries after 30 s, then twice as long each time, for about two hours', () => {
    const delays = retryDelaysSeconds(deliveryRetryPolicy);
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920, 3840]);
    const totalMinutes = delays.reduce((sum, seconds) => sum + seconds, 0) / 60;
    expect(totalMinutes).toBeGreaterThan(120);
    expect(totalMinutes).toBeLessThan(130);
  });

  it('counts only 2xx answers as delivered', () => {
    expect([200, 201, 204, 299].every(isSuccessStatus)).toBe(true);
    expect([100, 199, 301, 302, 400, 410, 500, 503].some(isSuccessStatus)).toBe(false);
  });

  it('accepts http and https URLs only, without credentials', () => {
    expect(isAllowedEndpointUrl('https://hooks.example.test/rapport')).toBe(true);
    expect(isAllowedEndpointUrl('http://127.0.0.1:8080/in?source=rapport')).toBe(true);
    for (const bad of [
      'ftp://hooks.example.test/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'hooks.example.test/rapport',
      'https://user:pass@hooks.example.test/',
      '',
    ])
      expect(isAllowedEndpointUrl(bad), bad).toBe(false);
  });
});
