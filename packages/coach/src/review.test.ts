import { describe, expect, it } from 'vitest';
import { contextCases, labelledCases } from '../test/labelled-cases.ts';
import { review } from './review.ts';

const now = new Date('2025-03-05T10:00:00Z'); // a Wednesday

const categories = (draft: string, context = {}) =>
  [...new Set(review(draft, { now, ...context }).map((f) => f.category))].sort();

describe('review on the labelled set', () => {
  for (const item of [...labelledCases, ...contextCases]) {
    it(`${item.expect.length ? item.expect.join(', ') : 'nothing'}: ${item.draft}`, () => {
      expect(categories(item.draft, item.context)).toEqual([...item.expect].sort());
    });
  }
});

describe('phrase rules', () => {
  it('reports the span, rule, reason and rewrites', () => {
    const draft = 'Thanks. It is, unfortunately, our policy.';
    const [finding] = review(draft, { now });
    expect(finding).toMatchObject({
      ruleId: 'policy.our-policy',
      category: 'hiding-behind-policy',
      severity: 'warning',
    });
    expect(draft.slice(finding?.start, finding?.end)).toBe('It is, unfortunately, our policy');
    expect(finding?.reason).toMatch(/^[A-Z][^.]*\.$/);
    expect(finding?.rewrites.length).toBeGreaterThan(0);
  });

  it('treats curly apostrophes and contractions alike', () => {
    for (const draft of ["That's our policy.", 'That’s our policy.', 'That is our policy.', 'thats our policy']) {
      expect(categories(draft)).toEqual(['hiding-behind-policy']);
    }
  });

  it('ignores negated phrases and quoted customer words', () => {
    expect(review("I won't say it's company policy.", { now })).toEqual([]);
    expect(review('> calm down\nI am sorry.', { now })).toEqual([]);
    expect(review('You wrote “you made a mistake” and you did not.', { now })).toEqual([]);
  });
});

describe('personalisation', () => {
  it('flags a saved reply sent with few edits, but not an edited one', () => {
    expect(categories('Your refund is on its way.', { fromSavedReply: { editedShare: 0.1 } })).toEqual([
      'personalisation',
    ]);
    expect(categories('Your refund is on its way.', { fromSavedReply: { editedShare: 0.5 } })).toEqual([]);
  });

  it('offers a greeting by name as a rewrite', () => {
    const [finding] = review('Your refund is on its way.', { now, customerName: 'Ana Lopez' });
    expect(finding?.ruleId).toBe('personal.no-name');
    expect(finding?.rewrites[0]).toBe('Hi Ana,\n\nYour refund is on its way.');
  });

  it('flags a reply already sent, ignoring case and spacing', () => {
    const previousAgentReplies = ['Please clear your cache and try again!'];
    expect(categories('please clear  your cache and try again', { previousAgentReplies })).toEqual(['personalisation']);
  });
});

describe('promise spotting', () => {
  it('offers to track a promise with its due time in the customer zone', () => {
    const [finding] = review("I'll call you back by Friday.", { now, timeZone: 'America/New_York' });
    expect(finding?.category).toBe('promise');
    expect(finding?.commitment).toEqual({ dueAt: '2025-03-07T22:00:00.000Z', phrase: 'by Friday' });
  });

  it('ignores time words that are not promises', () => {
    expect(review('We shipped it on Friday.', { now })).toEqual([]);
  });
});
