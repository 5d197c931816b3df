import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelledCases } from '../test/labelled-cases.ts';
import { compileLanguage } from './compile.ts';
import { frustration } from './frustration.ts';
import { phraseFindings, review } from './review.ts';
import { en } from './rules/en.ts';
import { maskQuoted, straighten } from './text.ts';

const phrase = fc.constantFrom("it's our policy", 'calm down', '"', '>', '\n', 'by Friday', "I'll", '’', 'not ', ', ');
const draft = fc.oneof(
  fc.string(),
  fc.array(fc.oneof(phrase, fc.string({ maxLength: 5 })), { maxLength: 30 }).map((p) => p.join('')),
);

const now = new Date('2025-03-05T10:00:00Z');
const flagged = labelledCases.filter((c) => c.expect.some((e) => e !== 'promise' && e !== 'personalisation'));
const categories = (draft: string) =>
  [...new Set(review(draft, { now }).map((f) => f.category))].filter((c) => c !== 'promise').sort();

describe('phrase rules are robust', () => {
  const sample = fc.constantFrom(...flagged);

  it('keyword prefilter never hides a match the full rules find', () => {
    const language = compileLanguage(en);
    const text = fc.oneof(
      draft,
      fc
        .array(
          fc.oneof(
            sample.map((c) => c.draft),
            fc.string({ maxLength: 8 }),
          ),
          { maxLength: 6 },
        )
        .map((p) => p.join(' ')),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const masked = maskQuoted(straighten(raw));
        expect(phraseFindings(masked, language, true)).toEqual(phraseFindings(masked, language, false));
      }),
      { numRuns: 400 },
    );
  });

  it('letter case does not change what is found', () => {
    fc.assert(
      fc.property(sample, fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }), (item, flips) => {
        const mixed = [...item.draft].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join('');
        expect(categories(mixed)).toEqual(categories(item.draft));
      }),
      { numRuns: 300 },
    );
  });

  it('curly and straight apostrophes read alike', () => {
    fc.assert(
      fc.property(sample, (item) => {
        expect(categories(item.draft.replaceAll("'", '\u2019'))).toEqual(categories(item.draft));
        expect(categories(item.draft.replaceAll('\u2019', "'"))).toEqual(categories(item.draft));
      }),
    );
  });

  it('the same words inside quotation marks or a ">" quote are never flagged', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom('"', '\u201C'), (item, open) => {
        const close = open === '"' ? '"' : '\u201D';
        const body = item.draft.replaceAll('"', '').replaceAll('\u201C', '').replaceAll('\u201D', '');
        expect(categories(`You wrote ${open}${body}${close} and you are right.`)).toEqual([]);
        expect(categories(`> ${body.replaceAll('\n', ' ')}\nYou are right.`)).toEqual([]);
      }),
    );
  });

  it('surrounding sentences do not hide a phrase', () => {
    const before = fc.constantFrom('', 'Hi Sam. ', 'Thanks for waiting.\n', 'I read your note twice. ');
    const after = fc.constantFrom('', ' Thanks.', '\nBest, Kim', ' I hope that helps.');
    fc.assert(
      fc.property(before, sample, after, (b, item, a) => {
        const alone = categories(item.draft);
        const found = categories(`${b}${item.draft}${a}`);
        for (const category of alone) expect(found).toContain(category);
      }),
    );
  });
});

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
