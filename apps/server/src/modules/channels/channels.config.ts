import { z } from 'zod';
import { defineConfigSlice, portSchema } from '../../platform/config.ts';

const onOff = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

export const channelsConfig = defineConfigSlice({
  smtpListen: {
    env: 'RAPPORT_SMTP_LISTEN',
    schema: onOff,
    default: 'true',
    doc: 'Receive mail for inbox addresses on RAPPORT_SMTP_PORT (point MX records or forwarding there).',
  },
  smtpPort: {
    env: 'RAPPORT_SMTP_PORT',
    schema: portSchema,
    default: '2525',
    doc: 'TCP port of the inbound SMTP listener.',
  },
  smtpHost: {
    env: 'RAPPORT_SMTP_HOST',
    schema: z.string().min(1),
    default: '0.0.0.0',
    doc: 'Address the inbound SMTP listener binds to.',
  },
  maxMessageMegabytes: {
    env: 'RAPPORT_EMAIL_MAX_MB',
    schema: z.coerce.number().int().min(1).max(200),
    default: '30',
    doc: 'Largest email accepted, in megabytes; larger mail is refused with SMTP 552.',
  },
  outboundSmtpUrl: {
    env: 'RAPPORT_SMTP_URL',
    schema: z
      .string()
      .regex(/^smtps?:\/\//, 'must look like smtp://user:password@host:587 or smtps://…')
      .optional(),
    doc: 'Server replies are sent through when an inbox sets no SMTP server of its own, e.g. smtp://user:pass@mail.example.test:587.',
    secret: true,
  },
  senderLimitPerHour: {
    env: 'RAPPORT_EMAIL_SENDER_LIMIT_PER_HOUR',
    schema: z.coerce.number().int().min(1).max(100000),
    default: '30',
    doc: 'Messages one sender may add per hour before more are refused (protects against mail storms and loops).',
  },
  imapPollSeconds: {
    env: 'RAPPORT_IMAP_POLL_SECONDS',
    schema: z.coerce.number().int().min(5).max(3600),
    default: '60',
    doc: 'How often inboxes that poll an IMAP mailbox look for new mail.',
  },
  telegramApiUrl: {
    env: 'RAPPORT_TELEGRAM_API_URL',
    schema: z.url(),
    default: 'https://api.telegram.org',
    doc: 'Telegram Bot API host (change only to use a local Bot API server).',
  },
  whatsappApiUrl: {
    env: 'RAPPORT_WHATSAPP_API_URL',
    schema: z.url(),
    default: 'https://graph.facebook.com/v21.0',
    doc: 'WhatsApp Cloud API base URL, with its version.',
  },
});
