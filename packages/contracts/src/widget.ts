import { z } from 'zod';
import { attachmentSchema } from './conversations.ts';

/**
 * The chat widget: the public API under /api/v1/widget, its WebSocket, and the postMessage
 * protocol between the loader on a customer's site and the chat frame it injects.
 *
 * A visitor is known by a long random id the frame keeps in the browser and sends in the
 * X-Rapport-Visitor header (and in the first WebSocket frame, since browsers cannot set headers
 * on a WebSocket and a URL ends up in access logs). The server stores only its SHA-256.
 */
export const widgetVisitorHeader = 'x-rapport-visitor';
export const visitorIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32 to 128 letters, digits, "-" or "_" (a random visitor id)');

/** Longest customer message the widget accepts; longer text is better sent as an attachment. */
export const widgetMessageMaxLength = 5000;

const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A client-generated id per message: the idempotency key of a send that may be retried. */
export const clientMessageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, "-" or "_"');

export const widgetQuoteSchema = z.object({
  /** The promised wait in open time. */
  waitMs: z.number().int(),
  /** A person will have answered by then. */
  dueAt: z.string(),
  /** Outside business hours: when the team is back. */
  backAt: z.string().nullable(),
  basis: z.enum(['history', 'default']),
  /** Set when the first estimate lapsed and the customer was given a new one. */
  revisedDueAt: z.string().nullable(),
  /** Whether a person answered (and so whether the quote is settled). */
  answered: z.boolean(),
});
export type WidgetQuote = z.infer<typeof widgetQuoteSchema>;

export const widgetKeptRateSchema = z.object({ kept: z.number().int(), total: z.number().int() });
export type WidgetKeptRate = z.infer<typeof widgetKeptRateSchema>;

export const widgetInboxSchema = z.object({
  id: z.string(),
  name: z.string(),
  open: z.boolean(),
  /** When closed: the next opening. */
  backAt: z.string().nullable(),
  /** What a customer writing now would be quoted. */
  quote: widgetQuoteSchema,
  /** Quotes kept over the last seven days; null while there are too few to say. */
  keptRate: widgetKeptRateSchema.nullable(),
  limits: z.object({ messageLength: z.number().int(), attachmentBytes: z.number().int() }),
});
export type WidgetInbox = z.infer<typeof widgetInboxSchema>;

export const widgetMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** The id the frame gave the message when it sent it; null for the team's messages. */
  clientId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  authorType: z.enum(['customer', 'user', 'assistant', 'system']),
  /** The first name of the person who wrote, for the team's messages. */
  authorName: z.string().nullable(),
  body: z.string(),
  attachments: z.array(attachmentSchema),
  createdAt: z.string(),
});
export type WidgetMessage = z.infer<typeof widgetMessageSchema>;

export const widgetConversationSchema = z.object({
  id: z.string(),
  status: z.string(),
  quote: widgetQuoteSchema.nullable(),
});
export type WidgetConversation = z.infer<typeof widgetConversationSchema>;

/** A signed user id: hex HMAC-SHA256 of the id with the inbox's widget secret, computed by the site's server. */
export const widgetUserSchema = z.object({
  id: z.string().trim().min(1).max(200),
  signature: z.string().trim().min(1).max(200),
});

export const widgetSessionBodySchema = z.object({
  user: widgetUserSchema.optional(),
  name: trimmed(200).optional(),
  email: z.email('is not an email address').max(320).optional(),
  /** The browser's language (BCP 47) and time zone, so updates come in words and times the customer reads. */
  language: z.string().trim().min(2).max(35).optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
});
export type WidgetSessionBody = z.infer<typeof widgetSessionBodySchema>;

export const widgetSessionSchema = z.object({
  /** True when a signed user id was checked and the visitor is that known customer. */
  verified: z.boolean(),
  customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  conversation: widgetConversationSchema.nullable(),
  messages: z.array(widgetMessageSchema),
  inbox: widgetInboxSchema,
});
export type WidgetSession = z.infer<typeof widgetSessionSchema>;

export const widgetSendBodySchema = z
  .object({
    clientId: clientMessageIdSchema,
    body: z
      .string()
      .trim()
      .max(widgetMessageMaxLength, `must be at most ${widgetMessageMaxLength} characters`)
      .default(''),
    /** Files uploaded with POST …/attachments and not sent yet. */
    attachmentIds: z.array(z.string().min(1)).max(5, 'at most 5 files per message').optional(),
    /** Kept on a new customer, so an update comes in their language and time zone. */
    language: z.string().trim().min(2).max(35).optional(),
    timeZone: z.string().trim().min(1).max(64).optional(),
  })
  .refine((send) => send.body.length > 0 || (send.attachmentIds?.length ?? 0) > 0, {
    message: 'write a message or attach a file',
    path: ['body'],
  });
export type WidgetSendBody = z.infer<typeof widgetSendBodySchema>;

export const widgetSendResultSchema = z.object({
  message: widgetMessageSchema,
  conversation: widgetConversationSchema,
  /** The same clientId was already stored: nothing new was added. */
  duplicate: z.boolean(),
});
export type WidgetSendResult = z.infer<typeof widgetSendResultSchema>;

export const widgetContactBodySchema = z
  .object({ name: trimmed(200).optional(), email: z.email('is not an email address').max(320).optional() })
  .refine((body) => body.name !== undefined || body.email !== undefined, { message: 'give a name or an email' });

export const widgetMessagesQuerySchema = z.object({
  /** The last message id the frame has: only later ones are returned. */
  after: z.uuid().optional(),
});

export const widgetInboxParamsSchema = z.object({ inboxId: z.string().min(1).max(100) });

/** Frames of the visitor's WebSocket (GET /api/v1/widget/inboxes/:inboxId/live). */
export const widgetClientFrameSchema = z.discriminatedUnion('type', [
  /** First frame: who the visitor is, and the last message id they received (to resume from). */
  z.object({ type: z.literal('hello'), visitorId: visitorIdSchema, after: z.uuid().nullable() }),
  z.object({ type: z.literal('typing'), isTyping: z.boolean() }),
  z.object({ type: z.literal('ping') }),
]);
export type WidgetClientFrame = z.infer<typeof widgetClientFrameSchema>;

export const widgetServerFrameSchema = z.discriminatedUnion('type', [
  /** Catch-up is over; everything after this arrives live. */
  z.object({ type: z.literal('ready'), lastMessageId: z.string().nullable() }),
  z.object({ type: z.literal('message'), message: widgetMessageSchema }),
  z.object({ type: z.literal('typing'), name: z.string(), isTyping: z.boolean() }),
  /** Someone of the team has the conversation open: messages until now are seen. */
  z.object({ type: z.literal('seen'), at: z.string() }),
  z.object({ type: z.literal('quote'), conversationId: z.string(), quote: widgetQuoteSchema }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type WidgetServerFrame = z.infer<typeof widgetServerFrameSchema>;

/** Admin view of an inbox's widget: the snippet to paste and the secret that signs user ids. */
export const widgetSettingsSchema = z.object({
  inboxId: z.string(),
  secret: z.string(),
  snippet: z.string(),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

/**
 * postMessage between the loader (on the site) and the frame (on Rapport's origin). Every message
 * carries `rapport: 1`; each side checks the sender window (and the loader the origin) first.
 * The loader keeps the visitor id in the site's own storage and hands it to the frame: browsers
 * deny or partition storage in third-party frames, so the frame alone could not remember anyone.
 */
export type WidgetHostMessage =
  | { rapport: 1; type: 'open'; open: boolean }
  | {
      rapport: 1;
      type: 'identify';
      visitorId: string;
      user?: { id: string; signature: string } | undefined;
      name?: string | undefined;
      email?: string | undefined;
    };
export type WidgetFrameMessage =
  | { rapport: 1; type: 'ready' }
  | { rapport: 1; type: 'unread'; count: number }
  | { rapport: 1; type: 'close' };

/** A conversation's quote as the team sees it: what was promised and how it ended. */
export const conversationQuoteSchema = z.object({
  waitMs: z.number().int(),
  basis: z.enum(['history', 'default']),
  quotedAt: z.string(),
  backAt: z.string().nullable(),
  dueAt: z.string(),
  firstResponseAt: z.string().nullable(),
  /** null while nobody has answered. */
  kept: z.boolean().nullable(),
  /** When the customer was given an honest update with a new estimate. */
  updatedAt: z.string().nullable(),
  revisedDueAt: z.string().nullable(),
});
export type ConversationQuote = z.infer<typeof conversationQuoteSchema>;
