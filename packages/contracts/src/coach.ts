import { z } from 'zod';

/** The coach's rule families; the phrase families are the ones an admin can add phrases to. */
export const coachPhraseCategories = [
  'blame-shifting',
  'hiding-behind-policy',
  'dismissing',
  'passing-the-buck',
  'queue-cliche',
  'over-promising',
  'weak-apology',
] as const;
export const coachCategories = [...coachPhraseCategories, 'personalisation', 'promise'] as const;

export const coachFindingSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  ruleId: z.string(),
  category: z.enum(coachCategories),
  severity: z.enum(['warning', 'info']),
  reason: z.string(),
  rewrites: z.array(z.string()),
  commitment: z.object({ dueAt: z.string(), phrase: z.string() }).optional(),
});
export type CoachFinding = z.infer<typeof coachFindingSchema>;

export const coachReviewBodySchema = z.object({
  draft: z.string().max(20_000, 'must be at most 20000 characters'),
  /** Loads the customer's name and time zone, their recent messages and the replies already sent. */
  conversationId: z.string().min(1).optional(),
  customerName: z.string().max(200).optional(),
  timeZone: z.string().max(64).optional(),
  /** When the draft started as a saved reply: the share of it the agent changed, 0 … 1. */
  savedReplyEditedShare: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
});
export type CoachReviewBody = z.infer<typeof coachReviewBodySchema>;

export const coachPhraseSchema = z.object({
  id: z.string(),
  phrase: z.string(),
  category: z.enum(coachPhraseCategories),
  reason: z.string(),
  rewrite: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CoachPhrase = z.infer<typeof coachPhraseSchema>;

export const coachPhraseBodySchema = z.object({
  phrase: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(200, 'must be at most 200 characters')
    .regex(/\p{L}/u, 'must contain a word'),
  category: z.enum(coachPhraseCategories, { message: `must be one of: ${coachPhraseCategories.join(', ')}` }),
  reason: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  rewrite: z.string().trim().max(300, 'must be at most 300 characters').default(''),
});
export const coachPhraseUpdateBodySchema = z.object({
  phrase: coachPhraseBodySchema.shape.phrase.optional(),
  category: coachPhraseBodySchema.shape.category.optional(),
  reason: coachPhraseBodySchema.shape.reason.optional(),
  rewrite: z.string().trim().max(300, 'must be at most 300 characters').optional(),
});

/** Why an agent set a finding aside; counted per rule to improve the rules, never per agent. */
export const coachDismissalReasons = ['misread', 'quoting-customer', 'fits-here', 'other'] as const;
export const coachDismissalReasonLabels: Record<(typeof coachDismissalReasons)[number], string> = {
  misread: 'The coach misread this',
  'quoting-customer': "I'm quoting the customer",
  'fits-here': 'The wording fits this customer',
  other: 'Another reason',
};

export const coachDismissalBodySchema = z.object({
  ruleId: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters')
    .regex(/^[a-z0-9.-]+$/, 'must be a rule id such as dismiss.calm-down'),
  reason: z.enum(coachDismissalReasons, { message: `must be one of: ${coachDismissalReasons.join(', ')}` }),
  note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  conversationId: z.string().min(1).optional(),
});
export type CoachDismissalBody = z.infer<typeof coachDismissalBodySchema>;

export const coachDismissalSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  reason: z.enum(coachDismissalReasons),
  conversationId: z.string().nullable(),
  createdAt: z.string(),
});

export const coachDismissalSummarySchema = z.object({
  rules: z.array(
    z.object({
      ruleId: z.string(),
      total: z.number().int(),
      reasons: z.record(z.enum(coachDismissalReasons), z.number().int()),
    }),
  ),
});

export const conversationFrustrationSchema = z.object({
  score: z.number(),
  level: z.enum(['calm', 'uneasy', 'frustrated']),
  reasons: z.array(z.string()),
  cues: z.array(z.string()),
  unanswered: z.number().int(),
  waitingSince: z.string().nullable(),
  summary: z.string().nullable(),
});
export type ConversationFrustration = z.infer<typeof conversationFrustrationSchema>;
