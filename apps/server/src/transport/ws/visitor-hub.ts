import { type WidgetServerFrame, widgetClientFrameSchema } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { listVisitorMessages } from '../../modules/chat/chat.repository.ts';
import { firstName } from '../../modules/chat/chat.rules.ts';
import { resolveVisitor, type Visitor, visitorConversations } from '../../modules/chat/chat.service.ts';
import { findQuoteOfConversation } from '../../modules/quotes/quotes.repository.ts';
import { toWidgetQuote } from '../../modules/quotes/quotes.service.ts';
import { isAppError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database } from '../../storage/database.ts';
import type { LiveSocket } from './live-hub.ts';
import type { PresenceBus, PresenceSignal } from './presence-bus.ts';

/**
 * The widget's live channel, apart from the agents' hub: a visitor hears only about their own
 * conversations — the team's answers and their own messages (from another tab), typing, "seen" and
 * their quote — never internal notes or any other event of the account.
 */
export interface VisitorHubDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  events: Pick<EventBus, 'subscribe'>;
  presence: PresenceBus;
}

export interface VisitorConnection {
  receive(text: string | null): void;
  closed(): void;
}

export interface VisitorHub {
  connect(input: { inboxId: string; socket: LiveSocket }): VisitorConnection;
  close(): Promise<void>;
}

/** Prefix of the presence ids a visitor publishes under, so agents' typing is told apart from theirs. */
export const CUSTOMER_PRESENCE_PREFIX = 'customer:';
const HELLO_WITHIN_MS = 10_000;
const CATCH_UP_LIMIT = 500;
const SLOW_CLIENT_BYTES = 1024 * 1024;
const QUOTE_EVENTS = new Set(['quote.issued', 'quote.settled', 'quote.lapsing']);

interface Connection {
  id: string;
  inboxId: string;
  socket: LiveSocket;
  visitor: Visitor | undefined;
  /** Kept to look the visitor up again once their first message has made them a customer. */
  visitorId: string | undefined;
  name: string;
  conversationIds: Set<string>;
  current: string | undefined;
  /** Message ids already sent, so catch-up and live delivery never send one twice. */
  sent: Set<string>;
  pending: DomainEvent[] | undefined;
  isClosed: boolean;
  typingIn: string | undefined;
  work: Promise<void>;
}

export function createVisitorHub(deps: VisitorHubDeps): VisitorHub {
  const connections = new Set<Connection>();
  // Which customer a conversation belongs to, so an event is matched to visitors without a read each time.
  const ownerOf = new Map<string, string | null>();

  function send(connection: Connection, frame: WidgetServerFrame): void {
    if (connection.isClosed) return;
    if (connection.socket.bufferedAmount > SLOW_CLIENT_BYTES) {
      connection.socket.close(1013, 'too slow; reconnect');
      forget(connection);
      return;
    }
    connection.socket.send(JSON.stringify(frame));
  }

  function enqueue(connection: Connection, task: () => Promise<void>): void {
    connection.work = connection.work.then(task).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'visitor frame failed');
      send(connection, { type: 'error', code: 'widget.unavailable', message: 'Something went wrong; reconnecting.' });
    });
  }

  async function customerOfConversation(accountId: string, conversationId: string): Promise<string | null> {
    if (ownerOf.has(conversationId)) return ownerOf.get(conversationId) ?? null;
    const row = await deps.db
      .selectFrom('conversations')
      .select(['customer_id', 'channel'])
      .where('account_id', '=', accountId)
      .where('id', '=', conversationId)
      .executeTakeFirst();
    const owner = row?.channel === 'chat' ? row.customer_id : null;
    if (ownerOf.size > 50_000) ownerOf.clear();
    ownerOf.set(conversationId, owner);
    return owner;
  }

  /** Whether the conversation is this visitor's; learns about a new conversation of theirs on the way. */
  async function isTheirs(connection: Connection, conversationId: string): Promise<boolean> {
    if (connection.conversationIds.has(conversationId)) return true;
    const visitor = connection.visitor;
    if (!visitor) return false;
    if (!visitor.customerId && connection.visitorId) {
      // Their first message made them a customer: look again.
      connection.visitor = await resolveVisitor(deps.db, {
        inboxId: connection.inboxId,
        visitorId: connection.visitorId,
      });
    }
    const customerId = connection.visitor?.customerId ?? null;
    if (!customerId || (await customerOfConversation(visitor.accountId, conversationId)) !== customerId) return false;
    connection.conversationIds.add(conversationId);
    // Ids are UUIDv7: a later id is a newer conversation, where the visitor now writes.
    if (!connection.current || conversationId > connection.current) connection.current = conversationId;
    return true;
  }

  async function deliver(connection: Connection, event: DomainEvent): Promise<void> {
    const visitor = connection.visitor;
    const conversationId = event.payload.conversationId;
    if (!visitor || typeof conversationId !== 'string') return;
    if (event.name === 'message.created') {
      const messageId = event.payload.messageId;
      if (event.payload.direction === 'note' || typeof messageId !== 'string') return;
      if (connection.sent.has(messageId) || !(await isTheirs(connection, conversationId))) return;
      const [message] = await listVisitorMessages(deps.db, {
        accountId: visitor.accountId,
        inboxId: visitor.inboxId,
        conversationIds: [conversationId],
        messageIds: [messageId],
        limit: 1,
      });
      if (!message || connection.sent.has(message.id)) return;
      connection.sent.add(message.id);
      send(connection, { type: 'message', message });
      return;
    }
    if (QUOTE_EVENTS.has(event.name) && (await isTheirs(connection, conversationId))) {
      const quote = await findQuoteOfConversation(deps.db, { accountId: visitor.accountId, conversationId });
      if (quote) send(connection, { type: 'quote', conversationId, quote: toWidgetQuote(quote) });
    }
  }

  const unsubscribeEvents = deps.events.subscribe((event) => {
    if (event.name !== 'message.created' && !QUOTE_EVENTS.has(event.name)) return;
    for (const connection of connections) {
      if (connection.visitor?.accountId !== event.accountId) continue;
      if (connection.pending) connection.pending.push(event);
      else enqueue(connection, () => deliver(connection, event));
    }
  });

  const unsubscribePresence = deps.presence.subscribe((signals: PresenceSignal[]) => {
    for (const signal of signals) {
      if (signal.kind !== 'typing' && signal.kind !== 'viewing') continue;
      if (signal.userId.startsWith(CUSTOMER_PRESENCE_PREFIX)) continue;
      for (const connection of connections) {
        if (connection.visitor?.accountId !== signal.accountId) continue;
        if (!connection.conversationIds.has(signal.conversationId)) continue;
        if (signal.kind === 'typing') {
          send(connection, { type: 'typing', name: firstName(signal.name) ?? '', isTyping: signal.isTyping });
        } else {
          send(connection, { type: 'seen', at: deps.clock.now().toISOString() });
        }
      }
    }
  });

  function publishTyping(connection: Connection, isTyping: boolean): Promise<void> {
    const visitor = connection.visitor;
    const conversationId = isTyping ? connection.current : connection.typingIn;
    if (!visitor?.customerId || !conversationId) return Promise.resolve();
    connection.typingIn = isTyping ? conversationId : undefined;
    // Shown to agents as the customer typing in the conversation; 'left' takes it away at once.
    const signal: PresenceSignal = isTyping
      ? {
          kind: 'typing',
          accountId: visitor.accountId,
          conversationId,
          connectionId: `visitor:${connection.id}`,
          userId: `${CUSTOMER_PRESENCE_PREFIX}${visitor.customerId}`,
          name: connection.name,
          isTyping: true,
        }
      : { kind: 'left', accountId: visitor.accountId, conversationId, connectionId: `visitor:${connection.id}` };
    return deps.presence
      .publish([signal])
      .catch((error: unknown) => deps.logger.error({ err: error }, 'could not publish visitor typing'));
  }

  async function hello(connection: Connection, visitorId: string, after: string | null): Promise<void> {
    const visitor = await resolveVisitor(deps.db, { inboxId: connection.inboxId, visitorId });
    connection.visitor = visitor;
    connection.visitorId = visitorId;
    const { ids, current } = await visitorConversations(deps.db, visitor);
    for (const id of ids) connection.conversationIds.add(id);
    connection.current = current?.id;
    if (visitor.customerId) {
      const customer = await deps.db
        .selectFrom('customers')
        .select('name')
        .where('account_id', '=', visitor.accountId)
        .where('id', '=', visitor.customerId)
        .executeTakeFirst();
      connection.name = customer?.name ?? 'Customer';
    }
    const missed = await listVisitorMessages(deps.db, {
      accountId: visitor.accountId,
      inboxId: visitor.inboxId,
      conversationIds: ids,
      afterId: after ?? undefined,
      limit: CATCH_UP_LIMIT,
    });
    for (const message of missed) {
      connection.sent.add(message.id);
      send(connection, { type: 'message', message });
    }
    send(connection, { type: 'ready', lastMessageId: missed.at(-1)?.id ?? after });
    const pending = connection.pending ?? [];
    connection.pending = undefined;
    for (const event of pending) await deliver(connection, event);
  }

  async function handle(connection: Connection, text: string | null): Promise<void> {
    if (connection.isClosed) return;
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      send(connection, { type: 'error', code: 'widget.invalid_frame', message: 'Send JSON text frames.' });
      return;
    }
    const parsed = widgetClientFrameSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      send(connection, {
        type: 'error',
        code: 'widget.invalid_frame',
        message: `${issue?.path.join('.') || 'frame'} ${issue?.message ?? 'is not valid'}.`,
      });
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'hello') {
      if (connection.visitor) return;
      await hello(connection, frame.visitorId, frame.after);
      return;
    }
    if (!connection.visitor) {
      send(connection, { type: 'error', code: 'widget.hello_first', message: 'Say hello with the visitor id first.' });
      return;
    }
    if (frame.type === 'ping') send(connection, { type: 'pong' });
    if (frame.type === 'typing') await publishTyping(connection, frame.isTyping);
  }

  function forget(connection: Connection): void {
    if (connection.isClosed) return;
    connection.isClosed = true;
    connections.delete(connection);
    if (connection.typingIn) void publishTyping(connection, false);
  }

  return {
    connect({ inboxId, socket }) {
      const connection: Connection = {
        id: newId(),
        inboxId,
        socket,
        visitor: undefined,
        visitorId: undefined,
        name: 'Customer',
        conversationIds: new Set(),
        current: undefined,
        sent: new Set(),
        pending: [],
        isClosed: false,
        typingIn: undefined,
        work: Promise.resolve(),
      };
      connections.add(connection);
      const timer = setTimeout(() => {
        if (connection.visitor || connection.isClosed) return;
        socket.close(4401, 'no hello with a visitor id');
        forget(connection);
      }, HELLO_WITHIN_MS);
      timer.unref();
      return {
        receive(text) {
          enqueue(connection, async () => {
            try {
              await handle(connection, text);
            } catch (error) {
              if (!isAppError(error)) throw error;
              send(connection, { type: 'error', code: error.code, message: error.message });
              if (!connection.visitor) {
                connection.socket.close(4404, error.code);
                forget(connection);
              }
            }
          });
        },
        closed() {
          clearTimeout(timer);
          forget(connection);
        },
      };
    },
    async close() {
      unsubscribeEvents();
      unsubscribePresence();
      for (const connection of connections) forget(connection);
    },
  };
}
