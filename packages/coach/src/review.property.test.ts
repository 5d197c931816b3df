import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frustration } from './frustration.ts';
import { review } from './review.ts';

const phrase = fc.constantFrom("it's our policy", 'calm down', '"', '>', '\n', 'by Friday', "I'll", '’', 'not ', ', ');
const draft = fc.oneof(
  fc.string(),
  fc.array(fc.oneof(phrase, fc.string({ maxLength: 5 })), { maxLength: 30 }).map((p) => p.join('')),
);

describe('review properties', () => {
  it('never throws; spans lie within the draft and do not overlap within a rule', () => {
    fc.assert(
      fc.property(
        draft,
        fc.option(fc.string({ maxLength: 12 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (text, name, share) => {
          const findings = review(text, {
            customerName: name,
            fromSavedReply: { editedShare: share },
            previousAgentReplies: [text],
            now: new Date('2025-03-05T10:00:00Z'),
            timeZone: 'Europe/Paris',
          });
          const lastEnd = new Map<string, number>();
          for (const f of findings) {
            expect(f.start).toBeGreaterThanOrEqual(0);
            expect(f.end).toBeLessThanOrEqual(text.length);
            expect(f.end).toBeGreaterThanOrEqual(f.start);
            expect(f.reason.length).toBeGreaterThan(0);
            expect(f.start).toBeGreaterThanOrEqual(lastEnd.get(f.ruleId) ?? 0);
            lastEnd.set(f.ruleId, f.end);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('frustration stays within 0..1', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (messages) => {
        const { score } = frustration(messages);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
    );
  });
});
