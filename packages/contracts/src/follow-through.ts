import { z } from 'zod';

const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const personRef = z.object({ id: z.string(), name: z.string() }).nullable();
const instant = z.iso.datetime({ offset: true, message: 'must be a date and time, e.g. 2026-05-04T15:00:00Z' });

// ---------------------------------------------------------------------------------------------
// Commitments: a promise made to a customer, tracked until it is kept, broken or renegotiated.

export const commitmentStatuses = ['open', 'kept', 'broken', 'renegotiated'] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];
export const commitmentSources = ['manual', 'coach'] as const;

export const commitmentSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  conversationNumber: z.number().int(),
  customerId: z.string(),
  what: z.string(),
  dueAt: z.string(),
  status: z.enum(commitmentStatuses),
  source: z.enum(commitmentSources),
  owner: personRef,
  createdBy: personRef,
  /** The commitment this one replaced when the due time was renegotiated. */
  replacesId: z.string().nullable(),
  /** The message that told the customer of the new due time (renegotiated only). */
  renegotiationMessageId: z.string().nullable(),
  /** The commitment that replaced this one (renegotiated only). */
  replacedById: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Commitment = z.infer<typeof commitmentSchema>;

export const createCommitmentBodySchema = z.object({
  what: trimmed(500),
  dueAt: instant,
  source: z.enum(commitmentSources).default('manual'),
});
export const renegotiateCommitmentBodySchema = z.object({
  dueAt: instant,
  /** The outbound message in which the customer was told the new time. */
  messageId: z.string().min(1),
});
export const commitmentListQuerySchema = z.object({
  status: z.enum(commitmentStatuses).optional(),
  /** `me` for the caller's own; an admin may name anyone. */
  ownerId: z.string().min(1).optional(),
  /** Open commitments falling due before this instant. */
  dueBefore: instant.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

// ---------------------------------------------------------------------------------------------
// Follow-up per inbox: the check-in after resolution and when the survey goes out.

export const surveyTimings = ['with_check_in', 'at_resolution', 'off'] as const;
export type SurveyTiming = (typeof surveyTimings)[number];
export const followUpSettingsSchema = z.object({
  inboxId: z.string(),
  /** Days after resolution before the check-in; 0 sends none. */
  checkInDays: z.number().int().min(0).max(60),
  surveyTiming: z.enum(surveyTimings),
});
export type FollowUpSettings = z.infer<typeof followUpSettingsSchema>;
export const defaultFollowUp = { checkInDays: 3, surveyTiming: 'with_check_in' as SurveyTiming };
export const followUpSettingsBodySchema = followUpSettingsSchema.omit({ inboxId: true });

// ---------------------------------------------------------------------------------------------
// Surveys: CSAT 1–5, effort 1–7, a comment; answered on a public page by a signed token.

export const csatSchema = z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
export const effortSchema = z.number().int().min(1, 'must be 1 to 7').max(7, 'must be 1 to 7');

export const surveyAnswerBodySchema = z.object({
  csat: csatSchema,
  effort: effortSchema.optional(),
  comment: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
});
export type SurveyAnswerBody = z.infer<typeof surveyAnswerBodySchema>;

/** What the public survey page shows: nothing about the desk beyond the subject and who answers. */
export const publicSurveySchema = z.object({
  accountName: z.string(),
  subject: z.string(),
  customerName: z.string().nullable(),
  expiresAt: z.string(),
  answer: z
    .object({ csat: z.number().int(), effort: z.number().int().nullable(), comment: z.string().nullable() })
    .nullable(),
  /** Until when a given answer can still be changed; null before the first answer. */
  changeableUntil: z.string().nullable(),
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;

export const surveySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  customerId: z.string(),
  sentWith: z.enum(['check_in', 'resolution']),
  csat: z.number().int().nullable(),
  effort: z.number().int().nullable(),
  comment: z.string().nullable(),
  answeredAt: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type Survey = z.infer<typeof surveySchema>;

/** A score that calls for recovery: unhappy (CSAT ≤ 2) or hard work (effort ≥ 5). */
export function isPoorScore(answer: { csat: number; effort?: number | null | undefined }): boolean {
  return answer.csat <= 2 || (answer.effort ?? 0) >= 5;
}

export const csatLabels: Record<number, string> = {
  1: 'Very unhappy',
  2: 'Unhappy',
  3: 'Neutral',
  4: 'Happy',
  5: 'Very happy',
};

export const checkInSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  dueAt: z.string(),
  status: z.enum(['scheduled', 'sent', 'skipped']),
  skippedReason: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type CheckIn = z.infer<typeof checkInSchema>;

// ---------------------------------------------------------------------------------------------
// Recovery tasks: a poor score opens one for the owner; closing says what was done.

export const recoveryTaskSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  conversationNumber: z.number().int(),
  subject: z.string(),
  customer: z.object({ id: z.string(), name: z.string().nullable() }),
  surveyId: z.string(),
  csat: z.number().int().nullable(),
  effort: z.number().int().nullable(),
  comment: z.string().nullable(),
  assignee: personRef,
  status: z.enum(['open', 'closed']),
  resolutionNote: z.string().nullable(),
  closedBy: personRef,
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type RecoveryTask = z.infer<typeof recoveryTaskSchema>;
export const closeRecoveryTaskBodySchema = z.object({ note: trimmed(5000) });
export const recoveryTaskListQuerySchema = z.object({
  status: z.enum(['open', 'closed']).optional(),
  /** Only the caller's own tasks. */
  mine: z.enum(['true', 'false']).default('false'),
});

// ---------------------------------------------------------------------------------------------
// Goodwill exceptions: a departure from policy for one customer, within an authority limit.

export const exceptionTypes = ['refund', 'credit', 'fee_waiver', 'extension', 'replacement', 'other'] as const;
export type ExceptionType = (typeof exceptionTypes)[number];
export const exceptionTypeLabels: Record<ExceptionType, string> = {
  refund: 'Refund',
  credit: 'Credit',
  fee_waiver: 'Fee waiver',
  extension: 'Extension',
  replacement: 'Replacement',
  other: 'Other',
};
export const exceptionStatuses = ['granted', 'pending_approval', 'approved', 'rejected', 'delivered'] as const;
export type ExceptionStatus = (typeof exceptionStatuses)[number];

export const currencySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO currency code, e.g. EUR')
  .transform((code) => code.toUpperCase());

/** Money in integer minor units (cents) and an ISO 4217 code. */
export const moneySchema = z.object({
  amountMinor: z.number().int('must be a whole number of minor units (cents)').min(0).max(100_000_000_00),
  currency: currencySchema,
});
export type Money = z.infer<typeof moneySchema>;

export const goodwillExceptionSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  conversationNumber: z.number().int(),
  customerId: z.string(),
  type: z.enum(exceptionTypes),
  value: z.object({ amountMinor: z.number().int(), currency: z.string() }),
  policy: z.string(),
  reason: z.string(),
  status: z.enum(exceptionStatuses),
  requestedBy: personRef,
  decidedBy: personRef,
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type GoodwillException = z.infer<typeof goodwillExceptionSchema>;

export const recordExceptionBodySchema = z.object({
  type: z.enum(exceptionTypes),
  value: moneySchema,
  policy: trimmed(200),
  reason: trimmed(2000),
});
export const decideExceptionBodySchema = z.object({ note: z.string().trim().max(2000).optional() });
export const rejectExceptionBodySchema = z.object({ note: trimmed(2000) });
export const exceptionListQuerySchema = z.object({ status: z.enum(exceptionStatuses).optional() });

export const authorityLimitSchema = z.object({
  role: z.enum(['agent', 'admin']),
  type: z.enum(exceptionTypes),
  currency: z.string(),
  maxAmountMinor: z.number().int(),
});
export type AuthorityLimit = z.infer<typeof authorityLimitSchema>;
export const authorityLimitsBodySchema = z.object({
  limits: z
    .array(
      z.object({
        role: z.enum(['agent', 'admin']),
        type: z.enum(exceptionTypes),
        currency: currencySchema,
        maxAmountMinor: z.number().int().min(0).max(100_000_000_00),
      }),
    )
    .max(200),
});

export const exceptionReportSchema = z.object({
  policies: z.array(
    z.object({
      policy: z.string(),
      count: z.number().int(),
      totals: z.array(z.object({ currency: z.string(), amountMinor: z.number().int() })),
      byType: z.record(z.string(), z.number().int()),
    }),
  ),
});
export type ExceptionReport = z.infer<typeof exceptionReportSchema>;

/** "€12.50"-style text for minor units, in the reader's locale. */
export function formatMoney(value: { amountMinor: number; currency: string }, locale?: string): string {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: value.currency }).resolvedOptions()
      .maximumFractionDigits;
    return new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency }).format(
      value.amountMinor / 10 ** (digits ?? 2),
    );
  } catch {
    return `${(value.amountMinor / 100).toFixed(2)} ${value.currency}`;
  }
}
