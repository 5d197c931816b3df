import {
  activeStatuses,
  allowedTransitions,
  type ConversationStatus,
  defaultHandoffMessage,
  isActiveStatus,
  type Priority,
  priorities,
} from '@rapport/contracts';

export { activeStatuses, allowedTransitions, defaultHandoffMessage };
export const isActive = isActiveStatus;

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** What a customer's new message does to the conversation it joins. */
export function statusAfterCustomerMessage(
  status: ConversationStatus,
): { status: ConversationStatus; reopened: boolean } | { startNew: true } {
  if (status === 'closed') return { startNew: true };
  if (status === 'resolved') return { status: 'open', reopened: true };
  if (status === 'waiting_on_customer') return { status: 'open', reopened: false };
  return { status, reopened: false };
}

/** The highest priority Rapport sets on its own; urgent stays a person's call. */
const HIGHEST_AUTOMATIC: Priority = 'high';

/**
 * The priority after a customer message that reads as frustrated: one step up, never past `high`,
 * never down. Null when it stays as it is (calm, or already high or urgent).
 */
export function priorityAfterFrustration(current: Priority, frustrated: boolean): Priority | null {
  if (!frustrated) return null;
  const at = priorities.indexOf(current);
  if (at >= priorities.indexOf(HIGHEST_AUTOMATIC)) return null;
  return priorities[at + 1] ?? null;
}

export interface AssignmentCandidate {
  userId: string;
  openConversations: number;
  capacity: number;
  lastAssignedAt: string | null;
}

/**
 * Who gets a new conversation: the preferred person (a returning customer's previous owner) when
 * they have room, else the least-loaded person with room, the one who waited longest for work
 * breaking ties (round robin). Nobody is given work above their capacity.
 */
export function pickAssignee(candidates: AssignmentCandidate[], preferredUserId?: string | null): string | undefined {
  const withRoom = candidates.filter((c) => c.openConversations < c.capacity);
  if (preferredUserId && withRoom.some((c) => c.userId === preferredUserId)) return preferredUserId;
  const sorted = [...withRoom].sort(
    (a, b) =>
      a.openConversations - b.openConversations ||
      (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '') ||
      a.userId.localeCompare(b.userId),
  );
  return sorted[0]?.userId;
}

/** Fills the inbox's handoff template; unknown placeholders are left as written. */
export function renderHandoffMessage(
  template: string | null,
  values: { customerName: string | null; ownerName: string },
): string {
  return (template ?? defaultHandoffMessage)
    .replaceAll('{customerName}', values.customerName?.trim() || 'there')
    .replaceAll('{ownerName}', values.ownerName);
}

/** Keyset cursor over (last_message_at desc, id desc): opaque to clients. */
export function encodeCursor(lastMessageAt: string, id: string): string {
  return Buffer.from(`${lastMessageAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { lastMessageAt: string; id: string } | undefined {
  const [lastMessageAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!lastMessageAt || !id || Number.isNaN(Date.parse(lastMessageAt))) return undefined;
  return { lastMessageAt, id };
}

/** Unowned time so far: what was closed off plus the running stretch, if any. */
export function unownedMsAt(input: { unownedMs: number; unownedSince: string | null }, at: string): number {
  if (!input.unownedSince) return input.unownedMs;
  return input.unownedMs + Math.max(0, Date.parse(at) - Date.parse(input.unownedSince));
}
