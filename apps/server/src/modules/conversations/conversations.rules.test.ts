import { conversationStatuses, priorities } from '@rapport/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  decodeCursor,
  encodeCursor,
  pickAssignee,
  priorityAfterFrustration,
  renderHandoffMessage,
  statusAfterCustomerMessage,
  unownedMsAt,
} from './conversations.rules.ts';

describe('status transitions', () => {
  it('allows the working moves and forbids the rest', () => {
    expect(canTransition('open', 'resolved')).toBe(true);
    expect(canTransition('waiting_on_customer', 'open')).toBe(true);
    expect(canTransition('resolved', 'open')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
    expect(canTransition('open', 'closed')).toBe(false);
    for (const to of conversationStatuses) expect(canTransition('closed', to)).toBe(false);
  });

  it('a customer message reopens a resolved conversation, wakes a waiting one, and never revives a closed one', () => {
    expect(statusAfterCustomerMessage('resolved')).toEqual({ status: 'open', reopened: true });
    expect(statusAfterCustomerMessage('waiting_on_customer')).toEqual({ status: 'open', reopened: false });
    expect(statusAfterCustomerMessage('waiting_on_us')).toEqual({ status: 'waiting_on_us', reopened: false });
    expect(statusAfterCustomerMessage('closed')).toEqual({ startNew: true });
  });
});

describe('auto-assignment choice', () => {
  const candidate = fc.record({
    userId: fc.uuid(),
    openConversations: fc.nat({ max: 20 }),
    capacity: fc.nat({ max: 20 }),
    lastAssignedAt: fc.option(
      fc
        .date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      { nil: null },
    ),
  });

  it('never gives work to someone at or above capacity, and always picks someone when anyone has room', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.userId, maxLength: 12 }),
        fc.option(fc.uuid(), { nil: null }),
        (candidates, preferred) => {
          const chosen = pickAssignee(candidates, preferred);
          const withRoom = candidates.filter((c) => c.openConversations < c.capacity);
          if (withRoom.length === 0) {
            expect(chosen).toBeUndefined();
            return;
          }
          const picked = candidates.find((c) => c.userId === chosen);
          expect(picked).toBeDefined();
          expect((picked?.openConversations ?? 0) < (picked?.capacity ?? 0)).toBe(true);
          if (chosen !== preferred) {
            // Otherwise the least loaded person with room.
            expect(picked?.openConversations).toBe(Math.min(...withRoom.map((c) => c.openConversations)));
          }
        },
      ),
    );
  });

  it('breaks ties round-robin: the one who waited longest for work gets it', () => {
    const candidates = [
      { userId: 'ana', openConversations: 1, capacity: 5, lastAssignedAt: '2026-03-01T10:05:00.000Z' },
      { userId: 'bo', openConversations: 1, capacity: 5, lastAssignedAt: '2026-03-01T10:01:00.000Z' },
      { userId: 'cy', openConversations: 2, capacity: 5, lastAssignedAt: null },
    ];
    expect(pickAssignee(candidates)).toBe('bo');
    expect(pickAssignee(candidates, 'cy')).toBe('cy');
    expect(pickAssignee(candidates, 'someone-away')).toBe('bo');
  });
});

describe('handoff message', () => {
  it('names the new owner and promises no repetition; the inbox template can reword it', () => {
    expect(renderHandoffMessage(null, { customerName: 'Fern', ownerName: 'Bo' })).toBe(
      'Hi Fern, Bo is now looking after your conversation. They have the whole history, so you will not need to repeat yourself.',
    );
    expect(renderHandoffMessage('{ownerName} here, {customerName}!', { customerName: null, ownerName: 'Bo' })).toBe(
      'Bo here, there!',
    );
  });
});

describe('keyset cursor and unowned time', () => {
  it('round-trips and rejects garbage', () => {
    fc.assert(
      fc.property(
        fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }),
        fc.uuid(),
        (date, id) => {
          expect(decodeCursor(encodeCursor(date.toISOString(), id))).toEqual({ lastMessageAt: date.toISOString(), id });
        },
      ),
    );
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
  });

  it('adds the running unowned stretch to what was already counted', () => {
    expect(unownedMsAt({ unownedMs: 1000, unownedSince: null }, '2026-01-01T00:00:10.000Z')).toBe(1000);
    expect(unownedMsAt({ unownedMs: 1000, unownedSince: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:10.000Z')).toBe(
      11_000,
    );
  });
});

describe('priority after a frustrated customer message', () => {
  it('raises one step, up to high, and never for a calm message', () => {
    expect(priorityAfterFrustration('low', true)).toBe('normal');
    expect(priorityAfterFrustration('normal', true)).toBe('high');
    expect(priorityAfterFrustration('high', true)).toBeNull();
    expect(priorityAfterFrustration('urgent', true)).toBeNull();
    for (const priority of priorities) expect(priorityAfterFrustration(priority, false)).toBeNull();
  });

  it('never lowers a priority and never moves more than one step', () => {
    fc.assert(
      fc.property(fc.constantFrom(...priorities), fc.boolean(), (priority, frustrated) => {
        const next = priorityAfterFrustration(priority, frustrated);
        if (next === null) return;
        expect(priorities.indexOf(next) - priorities.indexOf(priority)).toBe(1);
      }),
    );
  });
});
