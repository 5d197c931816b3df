import type { EmailChannelSettings } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../storage/database.ts';
import type { BlobStore } from '../../attachments/blob-store.ts';
import { type ChannelDriver, type OutboundMessage, PermanentDeliveryError } from '../deliveries.service.ts';
import { domainOf, replyAddress } from './email.rules.ts';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** The Message-ID of our copy of a message: stable across retries, so a receiver can drop a repeat. */
export function outboundMessageId(messageId: string, domain: string): string {
  return `rapport.${messageId}@${domain}`;
}

function transportOptions(
  message: OutboundMessage,
  settings: EmailChannelSettings,
  defaultSmtpUrl: string | undefined,
): SMTPTransport.Options | string {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  if (settings.smtp) {
    const password = message.channel.secrets.smtpPassword;
    return {
      host: settings.smtp.host,
      port: settings.smtp.port,
      secure: settings.smtp.secure,
      ...(settings.smtp.user ? { auth: { user: settings.smtp.user, pass: password ?? '' } } : {}),
      ...timeouts,
    };
  }
  if (defaultSmtpUrl) return defaultSmtpUrl;
  throw new PermanentDeliveryError(
    'no outgoing mail server is set for this inbox (its SMTP settings or RAPPORT_SMTP_URL)',
  );
}

/**
 * Replies by email: from the inbox's address with the agent's name, Reply-To carrying the
 * conversation's token, In-Reply-To/References from the thread, plain text and HTML, files attached.
 */
export function emailDriver(deps: {
  db: Kysely<Database>;
  clock: Clock;
  blobs: BlobStore;
  defaultSmtpUrl?: string | undefined;
}): ChannelDriver {
  return {
    async send(message) {
      const settings = message.channel.settings as EmailChannelSettings;
      const fromAddress = settings.addresses[0];
      if (!fromAddress) throw new PermanentDeliveryError('the inbox has no email address');
      const domain = domainOf(fromAddress);
      const inbox = await deps.db
        .selectFrom('inboxes')
        .select('name')
        .where('account_id', '=', message.accountId)
        .where('id', '=', message.channel.inboxId)
        .executeTakeFirst();
      const team = settings.fromName || inbox?.name || 'Support';
      const fromName = message.authorType === 'user' && message.authorName ? `${message.authorName} (${team})` : team;
      const earlier = await deps.db
        .selectFrom('email_messages')
        .select(['message_id_header', 'from_address'])
        .where('account_id', '=', message.accountId)
        .where('conversation_id', '=', message.conversationId)
        .where('message_id', '!=', message.messageId)
        .where('message_id_header', 'is not', null)
        .orderBy('created_at')
        .execute();
      const ids = earlier.map((row) => row.message_id_header as string);
      const lastFromCustomer = [...earlier].reverse().find((row) => row.from_address === message.thread.peer);
      const inReplyTo = lastFromCustomer?.message_id_header ?? ids.at(-1);
      const messageId = outboundMessageId(message.messageId, domain);
      const subject = /^\s*re\s*:/i.test(message.subject) ? message.subject : `Re: ${message.subject}`;
      const attachments = await Promise.all(
        message.attachments.map(async (file) => ({
          filename: file.name,
          contentType: file.contentType,
          content: await deps.blobs.read(file.storageKey),
        })),
      );
      const transport = nodemailer.createTransport(transportOptions(message, settings, deps.defaultSmtpUrl));
      try {
        await transport.sendMail({
          from: { name: fromName, address: fromAddress },
          to: message.thread.peer,
          replyTo: { name: team, address: replyAddress(message.thread.reply_token, domain) },
          subject,
          messageId: `<${messageId}>`,
          ...(inReplyTo ? { inReplyTo: `<${inReplyTo}>` } : {}),
          ...(ids.length ? { references: ids.slice(-20).map((id) => `<${id}>`) } : {}),
          text: message.body,
          html: `<div style="white-space:pre-wrap">${escapeHtml(message.body)}</div>`,
          // An automatic message says so (RFC 3834), so the customer's own autoresponder stays quiet.
          headers: message.authorType === 'system' ? { 'Auto-Submitted': 'auto-replied' } : {},
          attachments,
        });
      } catch (error) {
        const smtp = error as { responseCode?: number; response?: string; code?: string; message: string };
        if (smtp.responseCode && smtp.responseCode >= 500)
          throw new PermanentDeliveryError(`the mail server refused it: ${smtp.response ?? smtp.message}`);
        throw new Error(
          `could not hand it to the mail server (${smtp.code ?? smtp.responseCode ?? 'error'}): ${smtp.message}`,
        );
      } finally {
        transport.close();
      }
      await deps.db
        .insertInto('email_messages')
        .values({
          message_id: message.messageId,
          account_id: message.accountId,
          conversation_id: message.conversationId,
          message_id_header: messageId,
          from_address: fromAddress,
          subject,
          quoted_text: null,
          html: null,
          remote_images: 0,
          created_at: deps.clock.now().toISOString(),
        })
        .onConflict((c) => c.column('message_id').doNothing())
        .execute();
      return { providerMessageId: messageId };
    },
  };
}
