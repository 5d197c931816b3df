import { describe, expect, it } from 'vitest';
import { frustrationCases } from '../test/frustration-cases.ts';
import { conversationFrustration, frustration } from './frustration.ts';

describe('frustration on the labelled messages', () => {
  for (const item of frustrationCases) {
    it(`${item.frustrated ? 'frustrated' : 'calm'}: ${item.text}`, () => {
      expect(frustration([item.text]).level !== 'calm').toBe(item.frustrated);
    });
  }
});

describe('frustration', () => {
  it('reads calm, friendly messages as calm', () => {
    expect(frustration(['Thanks so much, that worked!']).level).toBe('calm');
    expect(frustration(['Hi, can you tell me when my order ships?']).level).toBe('calm');
    expect(frustration([]).score).toBe(0);
  });

  it('reads strong negative words as frustration', () => {
    const result = frustration(['This is terrible and unacceptable. Worst service ever.']);
    expect(result.level).toBe('frustrated');
    expect(result.reasons[0]).toMatch(/Negative words/);
  });

  it('catches complaint facts with no sentiment words', () => {
    expect(frustration(['My package never arrived.']).level).not.toBe('calm');
    expect(frustration(['I was charged twice for one order']).level).not.toBe('calm');
    expect(frustration(['No one called back']).level).not.toBe('calm');
  });

  it('adds waiting, repetition, threats to leave, capitals and !!!', () => {
    const result = frustration([
      'Where is my refund?',
      'Still nothing after 3 weeks.',
      'THIS IS THE THIRD TIME I WRITE!!! I will cancel my account.',
    ]);
    expect(result.level).toBe('frustrated');
    expect(result.reasons.join(' ')).toMatch(/waiting/);
    expect(result.reasons.join(' ')).toMatch(/leave/);
    expect(result.reasons.join(' ')).toMatch(/capitals/);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('handles negation: "not happy" is negative, "not bad" is not', () => {
    expect(frustration(['I am not happy with this at all']).score).toBeGreaterThan(0);
    expect(frustration(['not bad, thanks']).level).toBe('calm');
  });

  it('reads idioms as calm: "no problem", "can\'t wait"', () => {
    expect(frustration(['No problem, I can wait until Monday.']).level).toBe('calm');
    expect(frustration(["Can't wait for the trip"]).level).toBe('calm');
  });

  it('explains each support cue in plain words', () => {
    const result = frustration(['Thanks for nothing. I was promised a call back and nobody answered.']);
    const reasons = result.reasons.join(' ');
    expect(reasons).toMatch(/sarcastic/);
    expect(reasons).toMatch(/promised/);
    expect(result.level).toBe('frustrated');
  });

  it('without cues uses the lexicon alone', () => {
    expect(frustration(['My package never arrived.'], { cues: false }).level).toBe('calm');
  });
});

describe('frustration in a conversation', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();

  it('reads the messages since our last reply and how long they have waited', () => {
    const result = conversationFrustration(
      [
        { direction: 'inbound', body: 'Hello, is my order on its way?', at: at(6) },
        { direction: 'outbound', body: 'Yes, it left today.', at: at(5.9) },
        { direction: 'inbound', body: 'It has not arrived.', at: at(3) },
        { direction: 'note', body: 'Checking with the courier', at: at(2.5) },
        { direction: 'inbound', body: 'Hello? Still nothing.', at: at(2) },
        { direction: 'inbound', body: 'Is anyone there?', at: at(1) },
      ],
      now,
    );
    expect(result.unanswered).toBe(3);
    expect(result.waitingSince).toBe(at(3));
    expect(result.level).toBe('frustrated');
    expect(result.cues).toContain('waiting 3 days');
    expect(result.cues).toContain('repeat contact');
    expect(result.summary).toMatch(/^Customer seems frustrated: /);
  });

  it('is calm, with no summary, for a friendly message we answered', () => {
    const result = conversationFrustration(
      [
        { direction: 'inbound', body: 'Could you send the invoice as a PDF?', at: at(2) },
        { direction: 'outbound', body: 'Here it is.', at: at(1.9) },
      ],
      now,
    );
    expect(result).toMatchObject({ level: 'calm', unanswered: 0, waitingSince: null, summary: null });
  });

  it('a long wait alone makes a calm question uneasy, never frustrated', () => {
    const result = conversationFrustration([{ direction: 'inbound', body: 'Do you ship to Canada?', at: at(4) }], now);
    expect(result.level).toBe('uneasy');
    expect(result.summary).toBe('Customer may be uneasy: waiting 4 days');
  });
});
