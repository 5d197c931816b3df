import type { WidgetFrameMessage, WidgetHostMessage } from '@rapport/contracts';

/**
 * The postMessage protocol between the loader (on the site) and the frame (on Rapport's origin).
 * The types live in @rapport/contracts; these guards check the shape at runtime without pulling a
 * schema library into the loader. Each side also checks the sending window before it looks.
 */
export type { WidgetFrameMessage, WidgetHostMessage };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const optionalString = (value: unknown) => value === undefined || (typeof value === 'string' && value.length <= 320);

/** A visitor id: 32 random bytes, base64url (what the server accepts: 32 to 128 such characters). */
export function newVisitorId(): string {
  return randomId(32);
}

export function randomId(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export function isFrameMessage(data: unknown): data is WidgetFrameMessage {
  if (!isRecord(data) || data.rapport !== 1) return false;
  if (data.type === 'ready' || data.type === 'close') return true;
  return data.type === 'unread' && typeof data.count === 'number' && data.count >= 0;
}

export function isHostMessage(data: unknown): data is WidgetHostMessage {
  if (!isRecord(data) || data.rapport !== 1) return false;
  if (data.type === 'open') return typeof data.open === 'boolean';
  if (data.type !== 'identify') return false;
  const user = data.user;
  const userOk =
    user === undefined ||
    (isRecord(user) && typeof user.id === 'string' && typeof user.signature === 'string' && user.id.length <= 200);
  const visitorOk = typeof data.visitorId === 'string' && /^[A-Za-z0-9_-]{32,128}$/.test(data.visitorId);
  return visitorOk && userOk && optionalString(data.name) && optionalString(data.email);
}
