import { liveQuerySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database } from '../../storage/database.ts';
import { callerOf } from '../http/auth.ts';
import { liveErrors } from './live.errors.ts';
import { createLiveHub } from './live-hub.ts';
import { createLocalPresenceBus, type PresenceBus } from './presence-bus.ts';

export interface LiveOptions {
  /** Presence between instances (PostgreSQL NOTIFY); omitted, it stays within this process. */
  presence?: PresenceBus | undefined;
  /** How long typing shows without a refresh; tests shorten it. */
  typingExpiresMs?: number | undefined;
}

export interface LiveDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  events: Pick<EventBus, 'subscribe'>;
  live?: LiveOptions | undefined;
}

/**
 * A page on another site can open a WebSocket to us and the browser adds our session cookie, so a
 * cookie-authenticated handshake must come from our own pages. Clients without a browser send no
 * Origin; they cannot borrow anyone's cookie.
 */
export function isOwnOrigin(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (origin === undefined) return true;
  if (origin === new URL(publicUrl).origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function liveRoutes(deps: LiveDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // SQLite runs one instance, so presence needs no bus between instances there.
    const presence = deps.live?.presence ?? createLocalPresenceBus(deps.logger);
    const hub = createLiveHub({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      events: deps.events,
      presence,
      typingExpiresMs: deps.live?.typingExpiresMs,
    });
    app.addHook('onClose', async () => {
      await hub.close();
      if (presence !== deps.live?.presence) await presence.close();
    });

    app.get(
      '/api/v1/live',
      {
        websocket: true,
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: { querystring: liveQuerySchema },
        preHandler: async (request) => {
          const caller = callerOf(request);
          if (caller.via === 'session' && !isOwnOrigin(request.headers.origin, request.headers.host, deps.publicUrl))
            throw liveErrors.originRefused();
        },
      },
      (socket, request) => {
        const connection = hub.connect({ caller: callerOf(request), since: request.query.since, socket });
        // Attached before anything is awaited: frames sent right after the handshake are not lost.
        socket.on('message', (data, isBinary) => connection.receive(isBinary ? null : String(data)));
        socket.on('close', () => connection.closed());
      },
    );
  };
}
