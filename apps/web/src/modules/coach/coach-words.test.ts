import { review } from '@rapport/coach';
import { describe, expect, it } from 'vitest';
import { applyRewrite, dismissalKey, underlineSpans } from './coach-words.ts';

const now = new Date('2025-03-05T10:00:00Z');

describe('applying a rewrite', () => {
  it('replaces exactly the finding, with a capital at the start of a sentence', () => {
    const draft = "Hi Maya, I checked your order. That's not our fault. I will send a new lamp today.";
    const finding = review(draft, { now }).find((f) => f.ruleId === 'blame.not-our-fault');
    if (!finding) throw new Error('no finding');
    expect(applyRewrite(draft, finding, 'let me fix this for you')).toBe(
      'Hi Maya, I checked your order. Let me fix this for you. I will send a new lamp today.',
    );
  });

  it('lower-cases inside a sentence and after a greeting line keeps the capital', () => {
    expect(applyRewrite('Sorry, but rules are rules.', { start: 11, end: 26 }, "Here's what I can do")).toBe(
      "Sorry, but here's what I can do.",
    );
    expect(applyRewrite('Hi Jo,\nrules are rules.', { start: 7, end: 22 }, "here's what I can do")).toBe(
      "Hi Jo,\nHere's what I can do.",
    );
    expect(applyRewrite('Well, rules are rules', { start: 6, end: 21 }, "I'll ask for an exception")).toBe(
      "Well, I'll ask for an exception",
    );
  });
});

describe('underlines and dismissals', () => {
  it('keeps the first of overlapping spans and keys dismissals by rule and words', () => {
    const findings = review("Calm down. It's our policy.", { now });
    const spans = underlineSpans([...findings, { ...findings[0], start: 2, end: 6 } as (typeof findings)[number]]);
    expect(spans.map((s) => s.finding.ruleId)).toEqual(['dismiss.calm-down', 'policy.our-policy']);
    const first = findings[0];
    if (!first) throw new Error('no finding');
    expect(dismissalKey(first, "Calm down. It's our policy.")).toBe('dismiss.calm-down:calm down');
  });
});
