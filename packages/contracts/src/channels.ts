import { z } from 'zod';

/** The channels an inbox can be reached through, besides the chat widget. */
export const channelKinds = ['email', 'api', 'telegram', 'whatsapp'] as const;
export const channelKindSchema = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof channelKindSchema>;

const host = z.string().trim().min(1, 'must not be empty').max(253);
const port = z.coerce.number().int().min(1).max(65535);
const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an email address such as support@example.test');

/** Where replies leave from; without it the server-wide RAPPORT_SMTP_URL is used. */
export const smtpSettingsSchema = z.object({
  host,
  port,
  secure: z.boolean().default(false),
  user: z.string().max(254).optional(),
  /** Write-only: never returned. */
  password: z.string().max(1000).optional(),
});

/** An existing mailbox Rapport polls instead of (or besides) receiving mail itself. */
export const imapSettingsSchema = z.object({
  host,
  port,
  secure: z.boolean().default(true),
  user: z.string().min(1).max(254),
  /** Write-only: never returned. */
  password: z.string().max(1000).optional(),
  mailbox: z.string().trim().min(1).max(200).default('INBOX'),
});

export const emailChannelSettingsSchema = z.object({
  /** Addresses mail for this inbox arrives at (MX or forwarding to Rapport's SMTP port). */
  addresses: z.array(emailAddress).min(1, 'give at least one address').max(20),
  /** Name shown on replies beside the agent's, e.g. "Fern at Fictional Co". */
  fromName: z.string().trim().max(200).optional(),
  /** One honest acknowledgement (with the quoted response time) for a new email conversation. */
  acknowledgement: z.boolean().default(false),
  smtp: smtpSettingsSchema.nullable().default(null),
  imap: imapSettingsSchema.nullable().default(null),
});
export type EmailChannelSettings = z.infer<typeof emailChannelSettingsSchema>;

export const apiChannelSettingsSchema = z.object({
  /** Agents' replies are POSTed here, signed with the secret. */
  outboundUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .nullable()
    .default(null),
  /** Write-only: signs inbound and outbound requests (HMAC-SHA256); at least 16 characters. */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});

export const telegramChannelSettingsSchema = z.object({
  /** Write-only: the bot token from BotFather. */
  botToken: z.string().min(10).max(200).optional(),
  /** Write-only: the secret_token given to setWebhook, checked on every update. */
  webhookSecret: z.string().min(16).max(256).optional(),
});

export const whatsappChannelSettingsSchema = z.object({
  phoneNumberId: z.string().trim().min(1).max(64),
  /** Write-only: the Cloud API access token. */
  accessToken: z.string().min(10).max(1000).optional(),
  /** Write-only: the app secret that signs webhook payloads (X-Hub-Signature-256). */
  appSecret: z.string().min(8).max(200).optional(),
  /** Write-only: answered to Meta's verification request. */
  verifyToken: z.string().min(8).max(200).optional(),
});

export const channelSettingsSchemas = {
  email: emailChannelSettingsSchema,
  api: apiChannelSettingsSchema,
  telegram: telegramChannelSettingsSchema,
  whatsapp: whatsappChannelSettingsSchema,
} as const;

/** A channel as shown back: settings without secrets, plus which secrets are set. */
export const inboxChannelSchema = z.object({
  id: z.string(),
  inboxId: z.string(),
  kind: channelKindSchema,
  settings: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
  /** Where the provider should send updates (messaging channels). */
  webhookPath: z.string().nullable(),
  updatedAt: z.string(),
});
export type InboxChannel = z.infer<typeof inboxChannelSchema>;

export const deliveryStates = ['queued', 'sent', 'failed'] as const;
export const deliveryStateSchema = z.enum(deliveryStates);
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

/** How an outbound message is getting to the customer in their channel. */
export const messageDeliverySchema = z.object({
  state: deliveryStateSchema,
  channel: channelKindSchema,
  reason: z.string().nullable(),
  attempts: z.number().int(),
  updatedAt: z.string(),
});
export type MessageDelivery = z.infer<typeof messageDeliverySchema>;

/** What an email message carries beyond its visible text. */
export const messageEmailSchema = z.object({
  from: z.string().nullable(),
  subject: z.string().nullable(),
  /** Quoted history and signature, folded away in the timeline. */
  quoted: z.string().nullable(),
  /** Sanitised HTML: remote images are kept as data-remote-src until someone consents. */
  html: z.string().nullable(),
  remoteImages: z.boolean(),
});
export type MessageEmail = z.infer<typeof messageEmailSchema>;

/** PUT /api/v1/inboxes/:id/channels: one channel's settings; omitted secrets keep their stored value. */
export const saveChannelBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), settings: emailChannelSettingsSchema }),
  z.object({ kind: z.literal('api'), settings: apiChannelSettingsSchema }),
  z.object({ kind: z.literal('telegram'), settings: telegramChannelSettingsSchema }),
  z.object({ kind: z.literal('whatsapp'), settings: whatsappChannelSettingsSchema }),
]);
