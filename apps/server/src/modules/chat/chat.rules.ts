import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The visitor id is a bearer secret kept in the visitor's browser; the server keeps only its
 * SHA-256, as the value of the customer's `chat_visitor` identity, so agents who see identities
 * (and anyone reading the database) cannot act as the visitor.
 */
export function visitorKey(visitorId: string): string {
  return createHash('sha256').update(visitorId).digest('hex');
}

/** What a site's server computes for a signed-in user: hex HMAC-SHA256 of the user id with the inbox's secret. */
export function signUserId(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

/** Whether a signature matches, compared in constant time; anything malformed is simply not valid. */
export function isValidUserSignature(secret: string, userId: string, signature: string): boolean {
  const expected = Buffer.from(signUserId(secret, userId), 'hex');
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The message external id of a widget send: the frame's id, scoped to the visitor, so a retry of
 * the same send is recognised and two visitors can never collide (messages are unique per
 * account, channel and external id).
 */
export function widgetExternalId(visitorKeyHex: string, clientId: string): string {
  return `w:${visitorKeyHex.slice(0, 24)}:${clientId}`;
}

/** The frame's id back from a stored external id; null for anything the widget did not send. */
export function clientIdOf(externalId: string | null): string | null {
  const match = externalId ? /^w:[0-9a-f]{24}:(.+)$/.exec(externalId) : null;
  return match?.[1] ?? null;
}

/** The first word of a name: enough for a customer to know who answers, and no more. */
export function firstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}

/** The snippet an admin pastes into a site: one async script tag, nothing that blocks the page. */
export function embedSnippet(publicUrl: string, inboxId: string): string {
  return `<script src="${publicUrl}/widget.js" data-inbox="${inboxId}" async></script>`;
}
