/**
 * Pure rules of the email channel: reply routing, loop and storm protection, bounces, and what of
 * a body the agent sees first. No I/O here, so each rule is tested on its own.
 */

/** `reply+<token>@any.domain` → the token; anything else → undefined. */
export function replyTokenOf(address: string): string | undefined {
  const match = /^reply\+([a-z0-9]{16,64})@[^@\s]+$/i.exec(address.trim());
  return match?.[1]?.toLowerCase();
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

const subjectPrefix = /^\s*((re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|r)\s*(\[\d+\])?\s*:\s*|\[[^\]]{1,40}\]\s*)/i;

/** A subject without its Re:/Fwd: chain and list tags, lower-cased, for a conservative match. */
export function normaliseSubject(subject: string | undefined | null): string {
  let rest = subject ?? '';
  for (let i = 0; i < 10; i += 1) {
    const next = rest.replace(subjectPrefix, '');
    if (next === rest) break;
    rest = next;
  }
  return rest.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Message-IDs from In-Reply-To and References, newest first, without angle brackets. */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const refs = Array.isArray(references) ? references.join(' ') : (references ?? '');
  const all = `${inReplyTo ?? ''} ${refs}`.match(/<[^<>\s]+>|[^\s<>,]+@[^\s<>,]+/g) ?? [];
  const ids = all.map(stripBrackets);
  // In-Reply-To first, then References from the newest (last) back.
  const [first, ...others] = ids;
  const ordered = [...(first ? [first] : []), ...others.reverse()];
  return [...new Set(ordered)].slice(0, 50);
}

export function stripBrackets(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

export type ThreadMatch = { conversationId: string; by: 'reply_token' | 'references' | 'subject' } | { by: 'new' };

/**
 * Where a message goes: the reply token wins, then In-Reply-To/References, then a subject+sender
 * match only when exactly one recent conversation fits (a guess among several is worse than a new
 * conversation an agent can merge).
 */
export function chooseThread(input: {
  tokenConversationId?: string | undefined;
  referenceConversationIds: string[];
  subjectConversationIds: string[];
}): ThreadMatch {
  if (input.tokenConversationId) return { conversationId: input.tokenConversationId, by: 'reply_token' };
  const [byReference] = input.referenceConversationIds;
  if (byReference) return { conversationId: byReference, by: 'references' };
  const unique = [...new Set(input.subjectConversationIds)];
  if (unique.length === 1 && unique[0]) return { conversationId: unique[0], by: 'subject' };
  return { by: 'new' };
}

type HeaderValue = string | string[] | { value?: string; text?: string } | undefined;
export type HeaderLookup = (name: string) => HeaderValue;

function headerText(value: HeaderValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object') return String(value.value ?? value.text ?? '');
  return String(value);
}

const autoReplySubjects = [
  /^(auto(matic)?[ -]?(reply|response|antwort)|auto:)/i,
  /\bout of (the )?office\b/i,
  /^(abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord)/i,
  /\b(vacation|holiday) (reply|notice|message)\b/i,
];

/**
 * An automatic message: we store it, but never answer it automatically (no acknowledgement), so
 * two robots cannot reply to each other forever (RFC 3834 and the common vendor headers).
 */
export function isAutomatic(header: HeaderLookup, subject: string | undefined): boolean {
  const autoSubmitted = headerText(header('auto-submitted')).trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  const precedence = headerText(header('precedence')).trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-response']) {
    if (headerText(header(name))) return true;
  }
  if (/auto.?reply|oof/i.test(headerText(header('x-auto-response-suppress'))) && /oof/i.test(subject ?? ''))
    return true;
  if (headerText(header('list-id')) || headerText(header('list-unsubscribe'))) return true;
  return autoReplySubjects.some((pattern) => pattern.test(subject ?? ''));
}

/** A delivery status notification (a bounce): never answered, used to mark our message failed. */
export function isBounce(input: { contentType: string; from: string; subject: string | undefined }): boolean {
  if (/multipart\/report/i.test(input.contentType) && /report-type="?delivery-status/i.test(input.contentType))
    return true;
  const fromDaemon = /^(mailer-daemon|postmaster)@/i.test(input.from);
  return (
    fromDaemon &&
    /(undeliver|delivery (status|failure)|failure notice|returned mail|mail delivery failed)/i.test(input.subject ?? '')
  );
}

/** From a DSN's text: the Message-ID of the message that bounced, and a reason a person can read. */
export function bounceDetails(text: string): { originalMessageId: string | undefined; reason: string } {
  const idMatch =
    /^original-message-id:\s*(<[^>]+>)/im.exec(text) ?? /^message-id:\s*(<[^>]+>)/im.exec(text) ?? undefined;
  const diagnostic = /^diagnostic-code:\s*(?:smtp;\s*)?(.+(?:\n[ \t]+.+)*)/im.exec(text)?.[1];
  const status = /^status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1];
  const reason = (diagnostic ?? (status ? `status ${status}` : 'the receiving server refused it'))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return { originalMessageId: idMatch?.[1] ? stripBrackets(idMatch[1]) : undefined, reason };
}

const quoteStarts = [
  /^On .{1,200}(wrote|écrit|schrieb|escribió):\s*$/i,
  /^Le .{1,200}a écrit\s*:\s*$/i,
  /^Am .{1,200}schrieb .{1,200}:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From:\s.+$/i,
];

/**
 * Splits a plain-text body into what the person wrote now and what is quoted history or signature.
 * Nothing is dropped: the second part is kept and shown folded.
 */
export function splitQuoted(text: string): { visible: string; quoted: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === '-- ' || line === '--') {
      cut = i;
      break;
    }
    if (quoteStarts.some((pattern) => pattern.test(line.trim())) && i > 0) {
      cut = i;
      break;
    }
    // A block of ">" lines that runs to the end (bar blank lines) is quoted history.
    if (line.startsWith('>') && lines.slice(i).every((rest) => rest.startsWith('>') || rest.trim() === '')) {
      cut = i;
      break;
    }
  }
  const visible = lines.slice(0, cut).join('\n').trim();
  const quoted = lines.slice(cut).join('\n').trim();
  // A message that is all quote (a bare forward) shows its quote rather than nothing.
  if (!visible && quoted) return { visible: quoted, quoted: '' };
  return { visible, quoted };
}

const forwardMarkers = [
  /^-{2,}\s*Forwarded message\s*-{2,}/im,
  /^Begin forwarded message:/im,
  /^-{2,}\s*Original Message\s*-{2,}/im,
];

/** "Fwd:" from an agent: the original sender named in the forwarded block, if one is there. */
export function forwardedSender(
  subject: string | undefined,
  text: string,
): { address: string; name?: string } | undefined {
  if (!/^\s*(fwd?|wg|tr)\s*:/i.test(subject ?? '') && !forwardMarkers.some((m) => m.test(text))) return undefined;
  const marker = forwardMarkers.map((m) => m.exec(text)).find(Boolean);
  const after = marker ? text.slice(marker.index) : text;
  const from = /^\s*>?\s*From:\s*(.+)$/im.exec(after)?.[1]?.trim();
  if (!from) return undefined;
  const angle = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>/.exec(from);
  if (angle?.[2]) {
    const name = angle[1]?.replace(/^"|"$/g, '').trim();
    return { address: normaliseAddress(angle[2]), ...(name ? { name } : {}) };
  }
  const bare = /([^\s<>]+@[^\s<>]+)/.exec(from)?.[1];
  return bare ? { address: normaliseAddress(bare) } : undefined;
}

/** The body of a forwarded mail after its header block: what the original sender wrote. */
export function forwardedBody(text: string): string {
  const marker = forwardMarkers.map((m) => m.exec(text)).find(Boolean);
  if (!marker) return text;
  const after = text.slice(marker.index).split('\n').slice(1);
  // Skip the header block (From:, Date:, Subject:, To:, Cc:) up to its blank line.
  let i = 0;
  while (i < after.length && (/^\s*>?\s*[A-Za-z-]+:\s/.test(after[i] ?? '') || (after[i] ?? '').trim() === '')) {
    if ((after[i] ?? '').trim() === '' && i > 0) break;
    i += 1;
  }
  return after.slice(i).join('\n').trim() || text;
}

/** Per-sender storm limit: how many messages a sender may open or add within the window. */
export function isOverSenderLimit(recentCount: number, limitPerHour: number): boolean {
  return recentCount >= limitPerHour;
}
