import { z } from 'zod';
import { messageDeliverySchema, messageEmailSchema } from './channels.ts';

export const conversationStatuses = ['open', 'waiting_on_customer', 'waiting_on_us', 'resolved', 'closed'] as const;
export const conversationStatusSchema = z.enum(conversationStatuses);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/** Statuses in which someone must be accountable for the conversation. */
export const activeStatuses: readonly ConversationStatus[] = ['open', 'waiting_on_customer', 'waiting_on_us'];

export function isActiveStatus(status: ConversationStatus): boolean {
  return activeStatuses.includes(status);
}

/**
 * Every allowed status move, in one place for server and browser. A closed conversation is final:
 * a customer who writes again starts a new one. Reopening happens from resolved only.
 */
export const allowedTransitions: Record<ConversationStatus, readonly ConversationStatus[]> = {
  open: ['waiting_on_customer', 'waiting_on_us', 'resolved'],
  waiting_on_customer: ['open', 'waiting_on_us', 'resolved'],
  waiting_on_us: ['open', 'waiting_on_customer', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** What the customer is told when a handoff is accepted, unless the inbox words it otherwise. */
export const defaultHandoffMessage =
  'Hi {customerName}, {ownerName} is now looking after your conversation. They have the whole history, so you will not need to repeat yourself.';

export const channels = ['email', 'chat', 'phone', 'social', 'api'] as const;
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;

/** Identity kinds a customer can be known by; unique per account and kind. */
/** `site_user`: the id a site gave its signed-in user, accepted only with a valid signature (the chat widget). */
export const identityKinds = ['email', 'phone', 'chat_visitor', 'social_handle', 'site_user'] as const;
export const identityKindSchema = z.enum(identityKinds);
export type IdentityKind = z.infer<typeof identityKindSchema>;

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(priorities);
export type Priority = z.infer<typeof prioritySchema>;

export const availabilities = ['online', 'away', 'offline'] as const;
export const availabilitySchema = z.enum(availabilities);
export type Availability = z.infer<typeof availabilitySchema>;

export const messageDirections = ['inbound', 'outbound', 'note'] as const;
export const messageDirectionSchema = z.enum(messageDirections);
export type MessageDirection = z.infer<typeof messageDirectionSchema>;

export const authorTypes = ['customer', 'user', 'assistant', 'system'] as const;
export type AuthorType = (typeof authorTypes)[number];

export const ownershipChangeKinds = ['assigned', 'claimed', 'handoff_accepted', 'reassigned', 'queued'] as const;
export type OwnershipChangeKind = (typeof ownershipChangeKinds)[number];

export const handoffStatuses = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export type HandoffStatus = (typeof handoffStatuses)[number];

const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const identitySchema = z.object({ kind: identityKindSchema, value: z.string() });
export type Identity = z.infer<typeof identitySchema>;

export const customerSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  language: z.string().nullable(),
  timeZone: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  identities: z.array(identitySchema),
  createdAt: z.string(),
});
export type Customer = z.infer<typeof customerSchema>;

export const identityInputSchema = z.object({
  kind: identityKindSchema,
  value: trimmed(320),
});

export const customerBodySchema = z.object({
  name: trimmed(200).optional(),
  language: z.string().trim().min(2).max(35).optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  identities: z.array(identityInputSchema).max(20).default([]),
});
export const customerUpdateBodySchema = customerBodySchema.omit({ identities: true }).partial();

export const customerNoteSchema = z.object({
  id: z.string(),
  body: z.string(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type CustomerNote = z.infer<typeof customerNoteSchema>;

export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  /** Where a signed-in caller downloads it. */
  url: z.string(),
  /** A recognised image the app shows in place; everything else is a download. */
  inline: z.boolean(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: messageDirectionSchema,
  authorType: z.enum(authorTypes),
  author: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  channel: channelSchema,
  body: z.string(),
  externalId: z.string().nullable(),
  attachments: z.array(attachmentSchema),
  createdAt: z.string(),
  /** Outbound messages in a customer's channel: queued, sent, or failed with a reason. */
  delivery: messageDeliverySchema.nullable().optional(),
  /** Email messages: the folded quoted text and the sanitised HTML. */
  email: messageEmailSchema.nullable().optional(),
});
export type Message = z.infer<typeof messageSchema>;

const ownerRef = z.object({ id: z.string(), name: z.string() }).nullable();

export const conversationSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  inboxId: z.string(),
  customer: z.object({ id: z.string(), name: z.string().nullable() }),
  subject: z.string(),
  status: conversationStatusSchema,
  priority: prioritySchema,
  channel: channelSchema,
  owner: ownerRef,
  team: ownerRef,
  version: z.number().int(),
  raisedBy: ownerRef,
  contactReason: z.string().nullable(),
  tags: z.array(z.string()),
  abuse: z.object({ flaggedAt: z.string(), flaggedBy: z.string().nullable(), reason: z.string() }).nullable(),
  reopenCount: z.number().int(),
  unownedMs: z.number().int(),
  unownedSince: z.string().nullable(),
  lastMessageAt: z.string(),
  firstHumanResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  pendingHandoff: z
    .object({ id: z.string(), toUserId: z.string().nullable(), toTeamId: z.string().nullable() })
    .nullable(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const createConversationBodySchema = z.object({
  inboxId: z.string().min(1),
  customer: z.union([
    z.object({ id: z.string().min(1) }),
    z.object({ identity: identityInputSchema, name: trimmed(200).optional() }),
  ]),
  subject: trimmed(300).optional(),
  channel: channelSchema.default('api'),
  /** The customer's first message; for a case raised on their behalf, the advocate's note. */
  message: z.object({ body: trimmed(100_000), externalId: z.string().trim().min(1).max(300).optional() }),
  priority: prioritySchema.optional(),
  tags: z.array(trimmed(60)).max(30).optional(),
});

export const addMessageBodySchema = z
  .object({
    direction: messageDirectionSchema,
    body: z.string().trim().max(100_000, 'must be at most 100000 characters').default(''),
    channel: channelSchema.optional(),
    externalId: z.string().trim().min(1).max(300).optional(),
    /** Files uploaded with POST /api/v1/attachments and not yet sent. */
    attachmentIds: z.array(z.string().min(1)).max(20, 'at most 20 files per message').optional(),
  })
  .refine((message) => message.body.length > 0 || (message.attachmentIds?.length ?? 0) > 0, {
    path: ['body'],
    message: 'must not be empty (write something or attach a file)',
  });

export const updateConversationBodySchema = z
  .object({
    subject: trimmed(300).optional(),
    priority: prioritySchema.optional(),
    contactReason: z.string().trim().max(100).nullable().optional(),
    tags: z.array(trimmed(60)).max(30).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one of subject, priority, contactReason, tags',
  });

export const changeStatusBodySchema = z.object({ status: conversationStatusSchema });
export const reassignBodySchema = z.object({ userId: z.string().min(1), reason: trimmed(500) });
export const flagAbuseBodySchema = z.object({ reason: trimmed(1000) });

export const handoffSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  from: z.object({ id: z.string(), name: z.string() }),
  toUser: ownerRef,
  toTeam: ownerRef,
  note: z.string(),
  status: z.enum(handoffStatuses),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type Handoff = z.infer<typeof handoffSchema>;

export const requestHandoffBodySchema = z
  .object({
    toUserId: z.string().min(1).optional(),
    toTeamId: z.string().min(1).optional(),
    note: trimmed(5000),
  })
  .refine((body) => (body.toUserId ? 1 : 0) + (body.toTeamId ? 1 : 0) === 1, {
    message: 'give exactly one of toUserId or toTeamId',
  });
export const declineHandoffBodySchema = z.object({ reason: trimmed(2000) });

export const ownershipEventSchema = z.object({
  id: z.string(),
  kind: z.enum(ownershipChangeKinds),
  from: ownerRef,
  to: ownerRef,
  toTeam: ownerRef,
  actor: ownerRef,
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export type OwnershipEvent = z.infer<typeof ownershipEventSchema>;

/** A priority change Rapport made on its own: today, a raise when the customer seems frustrated. */
export const priorityChangeSchema = z.object({
  id: z.string(),
  from: prioritySchema,
  to: prioritySchema,
  cause: z.enum(['frustration']),
  /** The customer message that caused it. */
  messageId: z.string().nullable(),
  /** Why, in a few words each, strongest first ("repeat contact", "waiting 3 days"). */
  cues: z.array(z.string()),
  createdAt: z.string(),
});
export type PriorityChange = z.infer<typeof priorityChangeSchema>;

export const conversationViews = [
  'all',
  'mine',
  'team',
  'unowned',
  'waiting_on_us',
  'handoffs_for_me',
  'raised_by_me',
] as const;
export const conversationListQuerySchema = z.object({
  view: z.enum(conversationViews).default('all'),
  status: z.union([conversationStatusSchema, z.literal('active')]).optional(),
  ownerId: z.string().min(1).optional(),
  teamId: z.string().min(1).optional(),
  inboxId: z.string().min(1).optional(),
  customerId: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  channel: channelSchema.optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ConversationListQuery = z.infer<typeof conversationListQuerySchema>;

export const availabilityBodySchema = z.object({ availability: availabilitySchema });
export const capacityBodySchema = z.object({ capacity: z.number().int().min(0).max(500) });

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  conversationId: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
