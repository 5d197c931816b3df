import { describe, expect, it } from 'vitest';
import { review } from './review.ts';
import { editedShare } from './text.ts';
import type { AccountPhrase } from './types.ts';

const now = new Date('2025-03-05T10:00:00Z');
const rules = (draft: string, context = {}) => review(draft, { now, ...context }).map((f) => f.ruleId);

describe('recent customer messages', () => {
  const recentCustomerMessages = ['Your agent told me it is company policy and hung up on me.'];

  it('leaves alone words the draft echoes from the customer, without quotation marks', () => {
    const draft = 'I am sorry you were told it is company policy and hung up on. That should not have happened.';
    expect(rules(draft)).toContain('policy.our-policy');
    expect(rules(draft, { recentCustomerMessages })).toEqual([]);
  });

  it('still flags the phrase when the agent says it in their own words', () => {
    expect(rules('It is company policy, I am afraid.', { recentCustomerMessages })).toEqual(['policy.our-policy']);
  });

  it('a short echo of the customer is not enough to hide a phrase', () => {
    const draft = 'Please calm down.';
    expect(rules(draft, { recentCustomerMessages: ["Don't tell me to calm down!"] })).toEqual(['dismiss.calm-down']);
  });
});

describe('earlier agent replies', () => {
  it('flags a reply already sent in this conversation', () => {
    const previousAgentReplies = ['Have you tried turning the router off and on again? Let me know.'];
    expect(rules('Have you tried turning the router off and on again?  let me know', { previousAgentReplies })).toEqual(
      ['personal.repeated-reply'],
    );
    expect(rules('The engineer visits tomorrow between 9 and 12.', { previousAgentReplies })).toEqual([]);
  });
});

describe('saved replies', () => {
  const saved = 'Thanks for getting in touch. Your refund has been processed and will reach your card soon.';

  it('measures the share of words the agent changed', () => {
    expect(editedShare(saved, saved)).toBe(0);
    expect(editedShare(saved, `${saved}  `)).toBe(0);
    expect(editedShare(saved, 'Something else entirely.')).toBe(1);
    const share = editedShare(saved, saved.replace('soon', 'by Friday, and I will check it landed'));
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.6);
  });

  it('an unedited saved reply is a personalisation finding; an edited one is not', () => {
    expect(rules(saved, { fromSavedReply: { editedShare: editedShare(saved, saved) } })).toEqual([
      'personal.saved-reply-unedited',
    ]);
    const edited = `Hi Jo, sorry the first refund bounced. ${saved} I checked the bank details with you on the phone.`;
    expect(rules(edited, { fromSavedReply: { editedShare: editedShare(saved, edited) } })).toEqual([]);
  });
});

describe('account phrases', () => {
  const accountPhrases: AccountPhrase[] = [
    {
      id: 'p1',
      phrase: "that's not possible",
      category: 'dismissing',
      reason: 'Say what is possible instead.',
      rewrite: 'Here is what I can do',
    },
    { id: 'p2', phrase: 'per T&C (sec. 4)', category: 'hiding-behind-policy', reason: 'Explain it.', rewrite: '' },
  ];

  it('matches an account phrase with case, curly apostrophes, expansions and inserted words', () => {
    for (const draft of [
      "That's not possible.",
      'THAT’S NOT POSSIBLE',
      'That is not possible.',
      'That is, unfortunately, not possible.',
    ]) {
      const [finding] = review(draft, { now, accountPhrases });
      expect(finding).toMatchObject({
        ruleId: 'account.p1',
        category: 'dismissing',
        reason: 'Say what is possible instead.',
        rewrites: ['Here is what I can do'],
      });
    }
  });

  it('treats regex characters in a phrase as plain text', () => {
    expect(rules('Refunds are not allowed per T&C (sec. 4).', { accountPhrases })).toEqual(['account.p2']);
    expect(rules('per T&C sec 44', { accountPhrases })).toEqual([]);
  });

  it('ignores account phrases that are negated or quoted', () => {
    expect(rules('I won\'t say "that\'s not possible", because it is.', { accountPhrases })).toEqual([]);
  });
});

describe('spans cover the whole clause', () => {
  it('takes in "that\'s" and "it isn\'t" so a rewrite reads cleanly', () => {
    for (const [draft, words] of [
      ["Sorry. That's not our fault.", "That's not our fault"],
      ['It isn’t my mistake, honestly.', 'It isn’t my mistake'],
      ['This was, frankly, not our error.', 'This was, frankly, not our error'],
    ] as const) {
      const finding = review(draft, { now }).find((f) => f.ruleId === 'blame.not-our-fault');
      expect(draft.slice(finding?.start, finding?.end)).toBe(words);
    }
  });
});
