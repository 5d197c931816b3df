import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IdentityKind } from '@rapport/contracts';

/** One customer message from a messaging provider, in the shape every adapter maps to. */
export interface InboundItem {
  providerMessageId: string;
  /** Where replies go: a Telegram chat id, a WhatsApp number, an API conversation key. */
  peer: string;
  identity: { kind: IdentityKind; value: string };
  name?: string | undefined;
  text: string;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function hmacHex(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** `Rapport-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, within five minutes. */
export function verifyApiSignature(input: {
  header: string | undefined;
  raw: Buffer;
  secret: string;
  nowMs: number;
}): boolean {
  const parts = Object.fromEntries((input.header ?? '').split(',').map((p) => p.trim().split('=') as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isFinite(t) || Math.abs(input.nowMs / 1000 - t) > 300) return false;
  return safeEqual(parts.v1, hmacHex(input.secret, Buffer.concat([Buffer.from(`${t}.`), input.raw])));
}

export function signApiBody(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

/** Telegram echoes the secret_token given to setWebhook in X-Telegram-Bot-Api-Secret-Token. */
export function verifyTelegramSecret(header: string | undefined, secret: string): boolean {
  return typeof header === 'string' && safeEqual(header, secret);
}

/** Meta signs the raw payload with the app secret: X-Hub-Signature-256: sha256=<hex>. */
export function verifyWhatsappSignature(header: string | undefined, raw: Buffer, appSecret: string): boolean {
  const match = /^sha256=([a-f0-9]{64})$/i.exec(header ?? '');
  return !!match?.[1] && safeEqual(match[1].toLowerCase(), hmacHex(appSecret, raw));
}

const str = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
// biome-ignore lint/suspicious/noExplicitAny: provider payloads are read defensively, field by field
type Loose = any;

function mediaLine(kind: string, caption: string | undefined): string {
  return caption ? `[${kind}] ${caption}` : `[${kind}]`;
}

/** A Telegram Bot API Update: `message` (or `edited_message`) from a private chat. */
export function parseTelegramUpdate(update: Loose): InboundItem[] {
  const message: Loose = update?.message ?? update?.edited_message;
  if (!message || typeof message !== 'object') return [];
  const chatId = str(message.chat?.id);
  const messageId = str(message.message_id);
  if (!chatId || !messageId) return [];
  const from: Loose = message.from ?? {};
  const name = [str(from.first_name), str(from.last_name)].filter(Boolean).join(' ') || str(from.username);
  let text = str(message.text);
  if (!text) {
    const caption = str(message.caption);
    if (message.photo) text = mediaLine('photo', caption);
    else if (message.document) text = mediaLine(`file ${str(message.document.file_name) ?? ''}`.trim(), caption);
    else if (message.voice) text = mediaLine('voice message', caption);
    else if (message.video) text = mediaLine('video', caption);
    else if (message.sticker) text = mediaLine(`sticker ${str(message.sticker.emoji) ?? ''}`.trim(), undefined);
    else if (message.contact)
      text = `[contact] ${str(message.contact.first_name) ?? ''} ${str(message.contact.phone_number) ?? ''}`.trim();
    else if (message.location) text = `[location] ${message.location.latitude}, ${message.location.longitude}`;
  }
  if (!text) return [];
  return [
    {
      // Message ids are unique per chat, not per bot.
      providerMessageId: `${chatId}:${messageId}${update?.edited_message ? ':edit' : ''}`,
      peer: chatId,
      identity: { kind: 'social_handle', value: `telegram:${str(from.id) ?? chatId}` },
      name,
      text,
    },
  ];
}

/** A WhatsApp Cloud API webhook: entry[].changes[].value.messages[] with contacts[] for names. */
export function parseWhatsappWebhook(payload: Loose): InboundItem[] {
  if (payload?.object !== 'whatsapp_business_account' || !Array.isArray(payload.entry)) return [];
  const items: InboundItem[] = [];
  for (const entry of payload.entry) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const value: Loose = change?.value ?? {};
      const contacts: Loose[] = Array.isArray(value.contacts) ? value.contacts : [];
      for (const message of Array.isArray(value.messages) ? value.messages : []) {
        const from = str(message?.from);
        const id = str(message?.id);
        if (!from || !id) continue;
        const contact = contacts.find((c) => str(c?.wa_id) === from);
        let text: string | undefined;
        switch (message.type) {
          case 'text':
            text = str(message.text?.body);
            break;
          case 'image':
          case 'video':
          case 'audio':
          case 'document':
          case 'sticker':
            text = mediaLine(
              message.type === 'document' ? `file ${str(message.document?.filename) ?? ''}`.trim() : message.type,
              str(message[message.type]?.caption),
            );
            break;
          case 'location':
            text = `[location] ${message.location?.latitude}, ${message.location?.longitude}`;
            break;
          case 'button':
            text = str(message.button?.text);
            break;
          case 'interactive':
            text = str(message.interactive?.button_reply?.title) ?? str(message.interactive?.list_reply?.title);
            break;
          default:
            text = `[${str(message.type) ?? 'message'}]`;
        }
        if (!text) continue;
        items.push({
          providerMessageId: id,
          peer: from,
          identity: { kind: 'phone', value: `+${from.replace(/^\+/, '')}` },
          name: str(contact?.profile?.name),
          text,
        });
      }
    }
  }
  return items;
}

/** The generic API channel: `{ id, conversationKey?, from: { id, name?, email? }, text }`. */
export function parseApiMessage(payload: Loose): InboundItem[] | { error: string } {
  const id = str(payload?.id);
  const fromId = str(payload?.from?.id);
  const text = str(payload?.text);
  if (!id || !fromId || !text?.trim())
    return { error: 'Send { "id", "from": { "id", "name"?, "email"? }, "text" }: id, from.id and text are required.' };
  if (id.length > 200 || fromId.length > 200 || text.length > 100_000)
    return { error: 'id, from.id or text is too long.' };
  const email = str(payload.from.email);
  return [
    {
      providerMessageId: id,
      peer: str(payload.conversationKey) ?? fromId,
      identity: email ? { kind: 'email', value: email } : { kind: 'social_handle', value: `api:${fromId}` },
      name: str(payload.from.name),
      text,
    },
  ];
}
