import { describe, expect, it } from 'vitest';
import { createPresenceState, type PresenceChange } from './presence.ts';
import { presencePayloads } from './presence-bus.ts';

const key = { accountId: 'account-1', conversationId: 'conversation-1' };
const ada = { userId: 'user-ada', name: 'Ada' };
const bo = { userId: 'user-bo', name: 'Bo' };

function viewing(connectionId: string, person: { userId: string; name: string }): PresenceChange {
  return { kind: 'viewing', ...key, connectionId, ...person };
}

function typing(connectionId: string, person: { userId: string; name: string }, isTyping: boolean): PresenceChange {
  return { kind: 'typing', ...key, connectionId, ...person, isTyping };
}

function left(connectionId: string): PresenceChange {
  return { kind: 'left', ...key, connectionId };
}

const state = () => createPresenceState({ typingExpiresMs: 6_000, viewingExpiresMs: 60_000 });

describe('presence state', () => {
  it('lists everyone viewing a conversation, sorted by name, and reports each change once', () => {
    const presence = state();
    expect(presence.apply(viewing('c2', bo), 0)).toBe(true);
    expect(presence.apply(viewing('c1', ada), 0)).toBe(true);
    expect(presence.snapshot(key, 0)).toEqual({ viewers: [ada, bo], typing: [] });
    // A re-announcement changes nothing anyone sees.
    expect(presence.apply(viewing('c1', ada), 10)).toBe(false);
  });

  it('shows a person in two tabs once, until both tabs have left', () => {
    const presence = state();
    presence.apply(viewing('tab-1', ada), 0);
    expect(presence.apply(viewing('tab-2', ada), 0)).toBe(false);
    expect(presence.apply(left('tab-1'), 0)).toBe(false);
    expect(presence.snapshot(key, 0).viewers).toEqual([ada]);
    expect(presence.apply(left('tab-2'), 0)).toBe(true);
    expect(presence.snapshot(key, 0)).toEqual({ viewers: [], typing: [] });
    expect(presence.apply(left('tab-2'), 0)).toBe(false);
  });

  it('shows typing until it is stopped, or until it expires without a refresh', () => {
    const presence = state();
    presence.apply(viewing('c1', ada), 0);
    expect(presence.apply(typing('c1', ada, true), 1_000)).toBe(true);
    expect(presence.snapshot(key, 1_000).typing).toEqual([ada]);
    expect(presence.apply(typing('c1', ada, true), 5_000)).toBe(false);
    expect(presence.expire(10_000)).toEqual([]);
    expect(presence.snapshot(key, 10_000).typing).toEqual([ada]);
    expect(presence.expire(11_000)).toEqual([key]);
    expect(presence.snapshot(key, 11_000)).toEqual({ viewers: [ada], typing: [] });
    expect(presence.expire(11_500)).toEqual([]);

    presence.apply(typing('c1', ada, true), 12_000);
    expect(presence.apply(typing('c1', ada, false), 13_000)).toBe(true);
    expect(presence.snapshot(key, 13_000).typing).toEqual([]);
  });

  it('treats typing as viewing, and keeps typing through a re-announcement of the view', () => {
    const presence = state();
    expect(presence.apply(typing('c1', bo, true), 0)).toBe(true);
    expect(presence.snapshot(key, 0)).toEqual({ viewers: [bo], typing: [bo] });
    expect(presence.apply(viewing('c1', bo), 1_000)).toBe(false);
    expect(presence.snapshot(key, 1_000).typing).toEqual([bo]);
  });

  it('fades out viewers whose instance stopped announcing them', () => {
    const presence = state();
    presence.apply(viewing('c1', ada), 0);
    presence.apply(viewing('c2', bo), 0);
    presence.apply(viewing('c2', bo), 40_000);
    expect(presence.expire(59_999)).toEqual([]);
    expect(presence.expire(60_000)).toEqual([key]);
    expect(presence.snapshot(key, 60_000).viewers).toEqual([bo]);
  });

  it('keeps conversations and accounts apart', () => {
    const presence = state();
    presence.apply(viewing('c1', ada), 0);
    presence.apply(
      { kind: 'viewing', accountId: 'account-2', conversationId: 'conversation-1', connectionId: 'c9', ...bo },
      0,
    );
    presence.apply({ ...viewing('c3', bo), conversationId: 'conversation-2' }, 0);
    expect(presence.snapshot(key, 0).viewers).toEqual([ada]);
  });
});

describe('presence payloads', () => {
  it('splits a batch of signals into NOTIFY payloads below the limit, losing none', () => {
    const signals = Array.from({ length: 100 }, (_, index) => viewing(`connection-${index}`, ada));
    const payloads = presencePayloads(signals, 1_000);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(1_000);
    expect(payloads.flatMap((payload) => JSON.parse(payload))).toEqual(signals);
  });
});
