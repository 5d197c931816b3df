import type { LiveServerMessage } from '@rapport/contracts';
import WebSocket from 'ws';

/**
 * A client of /api/v1/live over a real socket. It records every frame; `next` waits for the first
 * frame after the previous match that satisfies a predicate, so a test reads the stream in order.
 */
export interface LiveClient {
  frames: LiveServerMessage[];
  send(message: unknown): void;
  sendRaw(data: string | Buffer): void;
  next<T extends LiveServerMessage['type']>(
    type: T,
    predicate?: (message: Extract<LiveServerMessage, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<LiveServerMessage, { type: T }>>;
  /** The events received so far (in order), catch-up and live. */
  events(): Extract<LiveServerMessage, { type: 'event' }>['event'][];
  close(): Promise<void>;
}

/** `http://127.0.0.1:1234` → `ws://127.0.0.1:1234/api/v1/live?since=…` */
export function liveUrl(baseUrl: string, since?: string | null): string {
  const url = new URL('/api/v1/live', baseUrl.replace(/^http/, 'ws'));
  if (since) url.searchParams.set('since', since);
  return url.toString();
}

export async function openLive(
  baseUrl: string,
  options: { headers?: Record<string, string>; since?: string | null } = {},
): Promise<LiveClient> {
  const socket = new WebSocket(liveUrl(baseUrl, options.since), { headers: options.headers ?? {} });
  const frames: LiveServerMessage[] = [];
  const waiters = new Set<() => void>();
  let cursor = 0;
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as LiveServerMessage);
    for (const waiter of waiters) waiter();
  });
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
    socket.on('unexpected-response', (_request, response) =>
      reject(new Error(`handshake refused with ${response.statusCode}`)),
    );
  });

  return {
    frames,
    send: (message) => socket.send(JSON.stringify(message)),
    sendRaw: (data) => socket.send(data),
    next(type, predicate = () => true, timeoutMs = 5_000) {
      type Wanted = Extract<LiveServerMessage, { type: typeof type }>;
      return new Promise<Wanted>((resolve, reject) => {
        const look = () => {
          for (let index = cursor; index < frames.length; index++) {
            const frame = frames[index] as LiveServerMessage;
            if (frame.type === type && predicate(frame as Wanted)) {
              cursor = index + 1;
              waiters.delete(look);
              clearTimeout(timer);
              resolve(frame as Wanted);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(cursor))}`));
        }, timeoutMs);
        waiters.add(look);
        look();
      });
    },
    events: () => frames.flatMap((frame) => (frame.type === 'event' ? [frame.event] : [])),
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        socket.on('close', () => resolve());
        socket.close();
      });
    },
  };
}

/** The HTTP status with which the server refuses a handshake. */
export function refusedHandshake(
  baseUrl: string,
  headers: Record<string, string> = {},
  since?: string,
): Promise<number> {
  const socket = new WebSocket(liveUrl(baseUrl, since), { headers });
  return new Promise((resolve, reject) => {
    socket.on('open', () => {
      socket.close();
      reject(new Error('the handshake was accepted'));
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}
