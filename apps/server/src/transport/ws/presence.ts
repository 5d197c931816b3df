import type { LivePerson } from '@rapport/contracts';

/**
 * Who is viewing and who is typing in each conversation, across every instance. Each socket that
 * views a conversation is one entry; the same person in two tabs (or on two instances) shows once.
 * Pure: no timers and no I/O; the caller passes the time and decides whom to tell.
 */
export type PresenceChange =
  | { kind: 'viewing'; accountId: string; conversationId: string; connectionId: string; userId: string; name: string }
  | {
      kind: 'typing';
      accountId: string;
      conversationId: string;
      connectionId: string;
      userId: string;
      name: string;
      isTyping: boolean;
    }
  | { kind: 'left'; accountId: string; conversationId: string; connectionId: string };

export interface PresenceSnapshot {
  viewers: LivePerson[];
  typing: LivePerson[];
}

export interface ConversationKey {
  accountId: string;
  conversationId: string;
}

interface Entry {
  userId: string;
  name: string;
  /** Entries of an instance that stopped announcing them (a crash) fade out at this time. */
  viewingUntil: number;
  typingUntil: number | null;
}

interface ConversationPresence extends ConversationKey {
  entries: Map<string, Entry>;
  /** What was last reported, so only changes people can see are reported. */
  reported: string;
}

export interface PresenceState {
  /** Applies a change heard from any instance; true when what people see has changed. */
  apply(change: PresenceChange, now: number): boolean;
  snapshot(key: ConversationKey, now: number): PresenceSnapshot;
  /** Drops typing and viewing that were not refreshed in time; returns the conversations that changed. */
  expire(now: number): ConversationKey[];
}

const EMPTY = JSON.stringify({ viewers: [], typing: [] });

function people(entries: Iterable<Entry>): LivePerson[] {
  const byUser = new Map<string, LivePerson>();
  for (const entry of entries) byUser.set(entry.userId, { userId: entry.userId, name: entry.name });
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

function snapshotOf(conversation: ConversationPresence | undefined, now: number): PresenceSnapshot {
  if (!conversation) return { viewers: [], typing: [] };
  const live = [...conversation.entries.values()].filter((entry) => entry.viewingUntil > now);
  return {
    viewers: people(live),
    typing: people(live.filter((entry) => entry.typingUntil !== null && entry.typingUntil > now)),
  };
}

export function createPresenceState(options: { typingExpiresMs: number; viewingExpiresMs: number }): PresenceState {
  const conversations = new Map<string, ConversationPresence>();
  const keyOf = (key: ConversationKey) => `${key.accountId}/${key.conversationId}`;

  // Compares what people would see now with what was last reported, and forgets empty conversations.
  function settle(key: string, conversation: ConversationPresence, now: number): boolean {
    const seen = JSON.stringify(snapshotOf(conversation, now));
    const changed = seen !== conversation.reported;
    conversation.reported = seen;
    if (conversation.entries.size === 0) conversations.delete(key);
    return changed;
  }

  return {
    apply(change, now) {
      const key = keyOf(change);
      let conversation = conversations.get(key);
      if (change.kind === 'left') {
        if (!conversation?.entries.delete(change.connectionId)) return false;
        return settle(key, conversation, now);
      }
      if (!conversation) {
        conversation = {
          accountId: change.accountId,
          conversationId: change.conversationId,
          entries: new Map(),
          reported: EMPTY,
        };
        conversations.set(key, conversation);
      }
      const previous = conversation.entries.get(change.connectionId);
      let typingUntil = previous?.typingUntil ?? null;
      if (change.kind === 'typing') typingUntil = change.isTyping ? now + options.typingExpiresMs : null;
      conversation.entries.set(change.connectionId, {
        userId: change.userId,
        name: change.name,
        viewingUntil: now + options.viewingExpiresMs,
        typingUntil,
      });
      return settle(key, conversation, now);
    },

    snapshot(key, now) {
      return snapshotOf(conversations.get(keyOf(key)), now);
    },

    expire(now) {
      const changed: ConversationKey[] = [];
      for (const [key, conversation] of conversations) {
        for (const [connectionId, entry] of conversation.entries) {
          if (entry.viewingUntil <= now) conversation.entries.delete(connectionId);
          else if (entry.typingUntil !== null && entry.typingUntil <= now) entry.typingUntil = null;
        }
        if (settle(key, conversation, now)) {
          changed.push({ accountId: conversation.accountId, conversationId: conversation.conversationId });
        }
      }
      return changed;
    },
  };
}
