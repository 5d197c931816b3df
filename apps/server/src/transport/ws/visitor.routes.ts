import { widgetInboxParamsSchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database } from '../../storage/database.ts';
import type { PresenceBus } from './presence-bus.ts';
import { createVisitorHub } from './visitor-hub.ts';

export interface VisitorLiveDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  events: Pick<EventBus, 'subscribe'>;
  presence: PresenceBus;
}

/**
 * The widget's WebSocket. Any site may embed the widget, so any origin may connect; the visitor
 * id in the first frame is the credential, and it opens only that visitor's conversations.
 */
export function visitorLiveRoutes(deps: VisitorLiveDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const hub = createVisitorHub(deps);
    app.addHook('onClose', async () => hub.close());
    app.get(
      '/api/v1/widget/inboxes/:inboxId/live',
      {
        websocket: true,
        config: { access: 'visitor' },
        schema: { params: widgetInboxParamsSchema, hide: true },
      },
      (socket, request) => {
        const connection = hub.connect({ inboxId: request.params.inboxId, socket });
        socket.on('message', (data, isBinary) => connection.receive(isBinary ? null : String(data)));
        socket.on('close', () => connection.closed());
      },
    );
  };
}
