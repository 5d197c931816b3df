import {
  type LiveClientMessage,
  type LiveEvent,
  type LivePerson,
  type LiveServerMessage,
  liveServerMessageSchema,
  liveTypingExpiresMs,
} from '@rapport/contracts';

/**
 * The browser side of /api/v1/live: one WebSocket per tab that tells the app what changed and who
 * else is in a conversation. It remembers the id of the last event it heard and reconnects with
 * `?since=` after a drop, so the server replays whatever happened meanwhile: nothing is missed.
 */

/** `connecting`: first attempt; `live`: caught up; `reconnecting`: lost, trying again. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface ConversationPresence {
  viewers: LivePerson[];
  typing: LivePerson[];
}

export interface LiveChannelOptions {
  onEvent(event: LiveEvent): void;
  /** The channel came back without a known last event: everything shown may be stale. */
  onResync(): void;
  /** Several attempts failed in a row: maybe the session ended; the app checks and signs out if so. */
  onRepeatedFailure(): void;
  /** Overridable for tests; defaults to the page's own origin. */
  url?: (since: string | null) => string;
}

const noPresence: ConversationPresence = Object.freeze({ viewers: [], typing: [] }) as ConversationPresence;
// Backoff after a drop: quick at first (a deploy, a blip), then calmer, never longer than 30 s.
const backoffMs = [400, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
const pingEveryMs = 25_000;
const pongWithinMs = 10_000;
// Typing shows for liveTypingExpiresMs after the last frame; refresh well before it fades.
const typingRefreshMs = Math.max(1_000, Math.floor(liveTypingExpiresMs / 2));

function defaultUrl(since: string | null): string {
  const url = new URL('/api/v1/live', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (since) url.searchParams.set('since', since);
  return url.toString();
}

export class LiveChannel {
  private socket: WebSocket | null = null;
  private status: LiveStatus = 'connecting';
  private lastEventId: string | null = null;
  private failures = 0;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  /** Conversations on screen, counted: two panes showing one conversation view it once. */
  private viewing = new Map<string, number>();
  private typingSentAt = new Map<string, number>();
  private presence = new Map<string, ConversationPresence>();
  private statusListeners = new Set<() => void>();
  private presenceListeners = new Set<() => void>();
  private readonly options: LiveChannelOptions;

  constructor(options: LiveChannelOptions) {
    this.options = options;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'signed out or left');
  }

  getStatus = (): LiveStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  subscribePresence = (listener: () => void): (() => void) => {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  };

  presenceOf = (conversationId: string): ConversationPresence => this.presence.get(conversationId) ?? noPresence;

  /** Says this tab shows the conversation; returns the function that says it stopped. */
  view(conversationId: string): () => void {
    const count = this.viewing.get(conversationId) ?? 0;
    this.viewing.set(conversationId, count + 1);
    if (count === 0) this.send({ type: 'view', conversationId });
    return () => {
      const left = (this.viewing.get(conversationId) ?? 1) - 1;
      if (left > 0) {
        this.viewing.set(conversationId, left);
        return;
      }
      this.viewing.delete(conversationId);
      this.typingSentAt.delete(conversationId);
      this.send({ type: 'leave', conversationId });
      if (this.presence.delete(conversationId)) this.emitPresence();
    };
  }

  /** Call on every keystroke: frames are throttled here, and `false` is sent once when typing stops. */
  typing(conversationId: string, isTyping: boolean): void {
    const sentAt = this.typingSentAt.get(conversationId);
    if (isTyping) {
      if (sentAt !== undefined && Date.now() - sentAt < typingRefreshMs) return;
      this.typingSentAt.set(conversationId, Date.now());
      this.send({ type: 'typing', conversationId, isTyping: true });
      return;
    }
    if (sentAt === undefined) return;
    this.typingSentAt.delete(conversationId);
    this.send({ type: 'typing', conversationId, isTyping: false });
  }

  private reconnectNow = (): void => {
    if (this.stopped || this.status === 'live') return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  };

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private emitPresence(): void {
    for (const listener of this.presenceListeners) listener();
  }

  private send(message: LiveClientMessage): void {
    // Sent only on a caught-up socket; views are re-sent on every `ready`.
    if (this.status !== 'live' || this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    if (this.stopped) return;
    // One socket at a time: an attempt still in flight is replaced, not left open beside the new one.
    const previous = this.socket;
    this.socket = null;
    previous?.close(1000, 'replaced');
    const url = (this.options.url ?? defaultUrl)(this.lastEventId);
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('message', (message) => {
      if (this.socket !== socket) return;
      this.alive();
      this.receive(typeof message.data === 'string' ? message.data : '');
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.dropped();
    });
    // An error is always followed by close; the close handler reconnects.
  }

  private receive(text: string): void {
    let message: LiveServerMessage;
    try {
      const parsed = liveServerMessageSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return;
      message = parsed.data;
    } catch {
      return;
    }
    switch (message.type) {
      case 'event':
        this.lastEventId = message.event.id;
        this.options.onEvent(message.event);
        return;
      case 'ready': {
        const hadHistory = this.lastEventId !== null;
        const wasReconnecting = this.status === 'reconnecting';
        this.lastEventId = message.lastEventId ?? this.lastEventId;
        this.failures = 0;
        this.setStatus('live');
        this.startHeartbeat();
        for (const conversationId of this.viewing.keys()) this.send({ type: 'view', conversationId });
        // With a `since` the server replayed what we missed; without one, refresh what is on screen.
        if (wasReconnecting && !hadHistory) this.options.onResync();
        return;
      }
      case 'presence': {
        if (!this.viewing.has(message.conversationId)) return;
        this.presence.set(message.conversationId, { viewers: message.viewers, typing: message.typing });
        this.emitPresence();
        return;
      }
      case 'pong':
        return;
      case 'error':
        // Refused frames (e.g. a conversation this person may not see) change nothing on screen.
        if (import.meta.env.DEV) console.warn(`live: ${message.code}: ${message.message}`);
        return;
    }
  }

  private dropped(): void {
    this.stopHeartbeat();
    this.typingSentAt.clear();
    if (this.presence.size > 0) {
      this.presence.clear();
      this.emitPresence();
    }
    if (this.stopped) return;
    this.setStatus('reconnecting');
    this.failures += 1;
    if (this.failures === 3) this.options.onRepeatedFailure();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    const base = backoffMs[Math.min(this.failures, backoffMs.length - 1)] ?? 30_000;
    const delay = base + Math.random() * base * 0.3;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      this.send({ type: 'ping' });
      clearTimeout(this.pongTimer);
      // No frame at all in time: the connection is dead even if the browser has not noticed.
      this.pongTimer = setTimeout(() => this.abandon(), pongWithinMs);
    }, pingEveryMs);
  }

  /** Gives up on a socket that stopped answering; a dead connection can take minutes to report close. */
  private abandon(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close(4000, 'no answer to ping');
    this.dropped();
  }

  private alive(): void {
    clearTimeout(this.pongTimer);
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
