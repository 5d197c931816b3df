import type { LiveEvent, LivePerson } from '@rapport/contracts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { sessionKey, useMe } from '../modules/auth/auth.api.ts';
import { conversationKeys } from '../modules/conversations/conversations.api.ts';
import { notificationsKey } from '../modules/notifications/notifications.api.ts';
import { type ConversationPresence, LiveChannel, type LiveStatus } from './live-channel.ts';

const LiveContext = createContext<LiveChannel | null>(null);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const followThroughFamilies = new Set(['commitment', 'check_in', 'survey', 'recovery_task', 'exception']);

/** Which cached data an event makes stale. Keys are prefixes: ['conversation', id] covers its messages too. */
export function staleKeysFor(event: LiveEvent, myUserId: string): { keys: unknown[][]; notifications: boolean } {
  const payload = event.payload;
  const [family] = event.name.split('.');
  const keys: unknown[][] = [];
  let notifications = false;
  const conversationId = str(payload.conversationId);
  if (family === 'conversation' || family === 'message' || family === 'handoff' || family === 'quote') {
    keys.push(['conversations']);
    if (conversationId) keys.push([...conversationKeys.one(conversationId)]);
    notifications = family === 'handoff' || event.name === 'conversation.resolved';
  } else if (family === 'customer') {
    const customerId = str(payload.customerId) ?? str(payload.targetId);
    keys.push(customerId ? ['customers', customerId] : ['customers']);
    // A merge moves conversations between customers.
    if (event.name === 'customer.merged') keys.push(['conversations']);
  } else if (family && followThroughFamilies.has(family)) {
    // Promises, follow-ups, recovery and exceptions: their lists, the customer's, the conversation's.
    keys.push(['follow-through']);
    if (conversationId) keys.push([...conversationKeys.one(conversationId)]);
    notifications = true;
  } else if (family === 'user') {
    keys.push(['users']);
    if (str(payload.userId) === myUserId) keys.push([...sessionKey]);
  }
  return { keys, notifications };
}

/**
 * Collects stale keys for a moment and refreshes each once: a burst of events (an agent going
 * online and receiving ten conversations) costs one refetch per query, not ten.
 */
function createInvalidator(queryClient: QueryClient) {
  const pending = new Map<string, unknown[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const keys = [...pending.values()];
    pending.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  return {
    add(keys: unknown[][]) {
      for (const key of keys) pending.set(JSON.stringify(key), key);
      timer ??= setTimeout(flush, 120);
    },
    all() {
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}

/** Opens the live channel for people who work or follow conversations, and keeps the cache fresh with it. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const userId = me.user.id;
  const canListen = me.user.role !== 'analyst';
  const [channel, setChannel] = useState<LiveChannel | null>(null);

  useEffect(() => {
    if (!canListen) return;
    const invalidate = createInvalidator(queryClient);
    let notificationsTimer: ReturnType<typeof setTimeout> | undefined;
    const live = new LiveChannel({
      onEvent(event) {
        const { keys, notifications } = staleKeysFor(event, userId);
        invalidate.add(keys);
        if (notifications) {
          // Notifications are written by a listener just after the event; look again shortly.
          invalidate.add([[...notificationsKey]]);
          clearTimeout(notificationsTimer);
          notificationsTimer = setTimeout(
            () => void queryClient.invalidateQueries({ queryKey: notificationsKey }),
            1_500,
          );
        }
      },
      onResync: () => invalidate.all(),
      // A socket that keeps failing may mean the session ended: asking /auth/me makes the guard react.
      onRepeatedFailure: () => void queryClient.invalidateQueries({ queryKey: sessionKey }),
    });
    live.start();
    setChannel(live);
    return () => {
      live.stop();
      invalidate.cancel();
      clearTimeout(notificationsTimer);
      setChannel(null);
    };
  }, [canListen, queryClient, userId]);

  return <LiveContext.Provider value={channel}>{children}</LiveContext.Provider>;
}

export function useLiveChannel(): LiveChannel | null {
  return useContext(LiveContext);
}

const alwaysLive = () => 'live' as const;
const noSubscription = () => () => undefined;

export function useLiveStatus(): LiveStatus {
  const channel = useLiveChannel();
  return useSyncExternalStore(channel?.subscribeStatus ?? noSubscription, channel?.getStatus ?? alwaysLive);
}

const nobody: ConversationPresence = { viewers: [], typing: [] };

/**
 * Tells the others this person has the conversation open, and returns who else has it open or is
 * typing in it (never the person themself, even from another tab).
 */
export function useConversationPresence(conversationId: string): { viewers: LivePerson[]; typing: LivePerson[] } {
  const channel = useLiveChannel();
  const me = useMe();
  useEffect(() => channel?.view(conversationId), [channel, conversationId]);
  const presence = useSyncExternalStore(channel?.subscribePresence ?? noSubscription, () =>
    channel ? channel.presenceOf(conversationId) : nobody,
  );
  return useMemo(
    () => ({
      viewers: presence.viewers.filter((person) => person.userId !== me.user.id),
      typing: presence.typing.filter((person) => person.userId !== me.user.id),
    }),
    [presence, me.user.id],
  );
}
