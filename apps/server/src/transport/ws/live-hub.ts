import {
  type LiveEvent,
  type LiveServerMessage,
  liveClientMessageSchema,
  liveTypingExpiresMs,
} from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Caller } from '../../modules/auth/auth.service.ts';
import { canSeeConversation } from '../../modules/conversations/conversations.policy.ts';
import { getVisibleConversationRow } from '../../modules/conversations/conversations.service.ts';
import { getUser } from '../../modules/users/users.service.ts';
import { type AppError, isAppError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { type DomainEvent, findLastEventId, listEventsSince } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database } from '../../storage/database.ts';
import { liveErrors } from './live.errors.ts';
import { type ConversationKey, createPresenceState, type PresenceChange } from './presence.ts';
import type { PresenceBus, PresenceSignal } from './presence-bus.ts';

/** The little of a WebSocket the hub needs, so it can be driven without a network in a test. */
export interface LiveSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
}

export interface LiveHubDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  events: Pick<EventBus, 'subscribe'>;
  presence: PresenceBus;
  typingExpiresMs?: number | undefined;
}

export interface LiveConnection {
  /** A frame from the client; null for a binary frame, which the protocol does not use. */
  receive(text: string | null): void;
  /** The socket closed: forget the connection and take its presence away everywhere. */
  closed(): void;
}

export interface LiveHub {
  connect(input: { caller: Caller; since?: string | undefined; socket: LiveSocket }): LiveConnection;
  close(): Promise<void>;
}

const CATCH_UP_PAGE = 500;
const MAX_VIEWS = 50;
// A client that cannot keep up would make the server hold ever more; it reconnects with `since`.
const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;
// Each instance re-announces its viewers this often; viewers of an instance that died fade after the expiry.
const ANNOUNCE_EVERY_MS = 20_000;
const VIEWING_EXPIRES_MS = 60_000;
const SWEEP_EVERY_MS = 500;
// An event read during catch-up can still arrive live afterwards (published after its commit).
const DEDUPE_WINDOW_MS = 60_000;

/** The live channel shows an event to whoever may see its conversation, and never across accounts. */
export function canReceiveEvent(caller: Caller, event: DomainEvent): boolean {
  if (event.accountId !== caller.accountId) return false;
  const raisedBy = event.payload.raisedByUserId;
  return canSeeConversation(caller, { raised_by_user_id: typeof raisedBy === 'string' ? raisedBy : null });
}

function toLiveEvent(event: DomainEvent): LiveEvent {
  return { id: event.id, name: event.name, payload: event.payload, at: event.at };
}

interface Connection {
  id: string;
  caller: Caller;
  socket: LiveSocket;
  name: string;
  isClosed: boolean;
  /** Live events heard while catching up; undefined once caught up. */
  pending: DomainEvent[] | undefined;
  caughtUp: { ids: Set<string>; until: number } | undefined;
  /** Viewed conversations; 'announced' once the connection got its first presence frame for it. */
  viewing: Map<string, 'announcing' | 'announced'>;
  /** Frames are handled one after another, behind the catch-up. */
  work: Promise<void>;
}

/**
 * The socket hub of one instance: pushes the account's committed events to its connections and
 * keeps presence (who views, who types) in step with the other instances through the presence bus.
 */
export function createLiveHub(deps: LiveHubDeps): LiveHub {
  const presence = createPresenceState({
    typingExpiresMs: deps.typingExpiresMs ?? liveTypingExpiresMs,
    viewingExpiresMs: VIEWING_EXPIRES_MS,
  });
  const byAccount = new Map<string, Set<Connection>>();
  const byId = new Map<string, Connection>();
  const now = () => deps.clock.now().getTime();

  function sendText(connection: Connection, text: string): void {
    if (connection.isClosed) return;
    if (connection.socket.bufferedAmount > SLOW_CLIENT_BYTES) {
      connection.socket.close(1013, 'too slow; reconnect with since');
      forget(connection);
      return;
    }
    connection.socket.send(text);
  }

  function send(connection: Connection, message: LiveServerMessage): void {
    sendText(connection, JSON.stringify(message));
  }

  // One event goes to many sockets: serialise its frame once, not once per socket.
  const eventFrames = new WeakMap<DomainEvent, string>();
  function eventFrame(event: DomainEvent): string {
    let text = eventFrames.get(event);
    if (text === undefined) {
      text = JSON.stringify({ type: 'event', event: toLiveEvent(event) } satisfies LiveServerMessage);
      eventFrames.set(event, text);
    }
    return text;
  }

  function sendError(connection: Connection, error: AppError): void {
    send(connection, { type: 'error', code: error.code, message: error.message });
  }

  function deliver(connection: Connection, event: DomainEvent): void {
    if (!canReceiveEvent(connection.caller, event)) return;
    if (connection.pending) {
      connection.pending.push(event);
      return;
    }
    if (connection.caughtUp) {
      if (now() > connection.caughtUp.until) connection.caughtUp = undefined;
      else if (connection.caughtUp.ids.has(event.id)) return;
    }
    sendText(connection, eventFrame(event));
  }

  function publish(signals: PresenceSignal[]): Promise<void> {
    if (signals.length === 0) return Promise.resolve();
    return deps.presence
      .publish(signals)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'could not publish presence'));
  }

  function viewingSignal(connection: Connection, conversationId: string): PresenceChange {
    const { accountId, userId } = connection.caller;
    return { kind: 'viewing', accountId, conversationId, connectionId: connection.id, userId, name: connection.name };
  }

  function watchers(key: ConversationKey): Connection[] {
    return [...(byAccount.get(key.accountId) ?? [])].filter((c) => c.viewing.has(key.conversationId));
  }

  function tell(connections: Connection[], key: ConversationKey, at: number): void {
    const snapshot = presence.snapshot(key, at);
    for (const connection of connections) {
      connection.viewing.set(key.conversationId, 'announced');
      send(connection, { type: 'presence', conversationId: key.conversationId, ...snapshot });
    }
  }

  function announceAll(): Promise<void> {
    const signals: PresenceSignal[] = [];
    for (const connection of byId.values()) {
      for (const conversationId of connection.viewing.keys()) signals.push(viewingSignal(connection, conversationId));
    }
    return publish(signals);
  }

  function heardPresence(signals: PresenceSignal[]): void {
    const at = now();
    for (const signal of signals) {
      if (signal.kind === 'sync') {
        void announceAll();
        continue;
      }
      if (presence.apply(signal, at)) {
        tell(watchers(signal), signal, at);
        continue;
      }
      // Nothing changed for others (the same person in another tab), but a new viewer needs its first frame.
      const own = byId.get(signal.connectionId);
      if (own && own.viewing.get(signal.conversationId) === 'announcing') tell([own], signal, at);
    }
  }

  const unsubscribeEvents = deps.events.subscribe((event) => {
    for (const connection of byAccount.get(event.accountId) ?? []) deliver(connection, event);
  });
  const unsubscribePresence = deps.presence.subscribe(heardPresence);
  const sweep = setInterval(() => {
    const at = now();
    for (const key of presence.expire(at)) tell(watchers(key), key, at);
  }, SWEEP_EVERY_MS);
  const announce = setInterval(() => void announceAll(), ANNOUNCE_EVERY_MS);
  sweep.unref();
  announce.unref();
  // An instance that just started knows nobody's presence yet; the others announce theirs.
  void publish([{ kind: 'sync' }]);

  function forget(connection: Connection): void {
    if (connection.isClosed) return;
    connection.isClosed = true;
    byId.delete(connection.id);
    const siblings = byAccount.get(connection.caller.accountId);
    siblings?.delete(connection);
    if (siblings?.size === 0) byAccount.delete(connection.caller.accountId);
    const { accountId } = connection.caller;
    const left = [...connection.viewing.keys()].map(
      (conversationId): PresenceSignal => ({ kind: 'left', accountId, conversationId, connectionId: connection.id }),
    );
    connection.viewing.clear();
    // After the frame being handled, so a `viewing` or `typing` it is publishing cannot arrive after `left`.
    connection.work = connection.work.then(() => publish(left));
  }

  async function start(connection: Connection, since: string | undefined): Promise<void> {
    const { caller } = connection;
    connection.name = (await getUser(deps, caller, { userId: caller.userId })).user.name;
    let lastEventId: string | undefined;
    if (since) {
      // Everything after `since` first; live events heard meanwhile wait in `pending`.
      const sent = new Set<string>();
      lastEventId = since;
      for (;;) {
        const page = await listEventsSince(deps.db, {
          accountId: caller.accountId,
          afterId: lastEventId,
          limit: CATCH_UP_PAGE,
        });
        if (connection.isClosed) return;
        for (const event of page) {
          if (!canReceiveEvent(caller, event)) continue;
          send(connection, { type: 'event', event: toLiveEvent(event) });
          sent.add(event.id);
        }
        lastEventId = page.at(-1)?.id ?? lastEventId;
        if (page.length < CATCH_UP_PAGE) break;
      }
      connection.caughtUp = { ids: sent, until: now() + DEDUPE_WINDOW_MS };
    } else {
      lastEventId = await findLastEventId(deps.db, { accountId: caller.accountId });
    }
    send(connection, { type: 'ready', lastEventId: lastEventId ?? null });
    const pending = connection.pending ?? [];
    connection.pending = undefined;
    for (const event of pending) deliver(connection, event);
  }

  async function view(connection: Connection, conversationId: string): Promise<void> {
    if (connection.viewing.has(conversationId)) return;
    if (connection.viewing.size >= MAX_VIEWS) throw liveErrors.tooManyViews(MAX_VIEWS);
    // Presence says who works on a case, so only those who may see the case may join it.
    await getVisibleConversationRow(deps.db, connection.caller, conversationId);
    if (connection.isClosed) return;
    connection.viewing.set(conversationId, 'announcing');
    await publish([viewingSignal(connection, conversationId)]);
  }

  async function handle(connection: Connection, text: string | null): Promise<void> {
    if (connection.isClosed) return;
    if (text === null) throw liveErrors.invalidMessage('send JSON text frames.');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw liveErrors.invalidMessage('it is not JSON.');
    }
    const parsed = liveClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw liveErrors.invalidMessage(`${issue?.path.join('.') || 'message'} ${issue?.message ?? 'is not valid'}.`);
    }
    const message = parsed.data;
    const { accountId, userId } = connection.caller;
    switch (message.type) {
      case 'ping':
        send(connection, { type: 'pong' });
        return;
      case 'view':
        if (connection.viewing.get(message.conversationId) === 'announced') {
          tell([connection], { accountId, conversationId: message.conversationId }, now());
          return;
        }
        await view(connection, message.conversationId);
        return;
      case 'leave':
        if (!connection.viewing.delete(message.conversationId)) return;
        await publish([
          { kind: 'left', accountId, conversationId: message.conversationId, connectionId: connection.id },
        ]);
        return;
      case 'typing':
        await view(connection, message.conversationId);
        if (connection.isClosed) return;
        await publish([
          {
            kind: 'typing',
            accountId,
            conversationId: message.conversationId,
            connectionId: connection.id,
            userId,
            name: connection.name,
            isTyping: message.isTyping,
          },
        ]);
        return;
    }
  }

  // A refused frame is answered and the connection goes on; a failure of ours is logged and answered too.
  function refused(connection: Connection, error: unknown): void {
    if (!isAppError(error)) deps.logger.error({ err: error, connectionId: connection.id }, 'live frame failed');
    sendError(connection, isAppError(error) ? error : liveErrors.unavailable());
  }

  return {
    connect({ caller, since, socket }) {
      const connection: Connection = {
        id: newId(),
        caller,
        socket,
        name: '',
        isClosed: false,
        pending: [],
        caughtUp: undefined,
        viewing: new Map(),
        work: Promise.resolve(),
      };
      byId.set(connection.id, connection);
      const siblings = byAccount.get(caller.accountId) ?? new Set<Connection>();
      siblings.add(connection);
      byAccount.set(caller.accountId, siblings);
      // Subscribed (above) before reading the backlog, so nothing falls between the two.
      connection.work = start(connection, since).catch((error: unknown) => {
        // Without its backlog the connection would silently miss events; the client reconnects.
        deps.logger.error({ err: error, connectionId: connection.id }, 'live connection could not start');
        sendError(connection, liveErrors.unavailable());
        connection.socket.close(1011, 'server error');
        forget(connection);
      });
      return {
        receive(text) {
          connection.work = connection.work.then(() =>
            handle(connection, text).catch((error: unknown) => refused(connection, error)),
          );
        },
        closed() {
          forget(connection);
        },
      };
    },

    async close() {
      clearInterval(sweep);
      clearInterval(announce);
      unsubscribeEvents();
      unsubscribePresence();
      const left: PresenceSignal[] = [];
      for (const connection of [...byId.values()]) {
        for (const conversationId of connection.viewing.keys()) {
          left.push({
            kind: 'left',
            accountId: connection.caller.accountId,
            conversationId,
            connectionId: connection.id,
          });
        }
        connection.viewing.clear();
        connection.socket.close(1001, 'server shutting down');
        forget(connection);
      }
      await publish(left);
    },
  };
}
