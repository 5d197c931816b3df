import { notificationSchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../storage/database.ts';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { listNotifications, markNotificationRead } from './notifications.repository.ts';

const errors = errorResponses(400, 401, 403, 404);

export function notificationsRoutes(deps: { db: Kysely<Database>; clock: Clock }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/notifications',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['notifications'],
          summary: 'Your notifications, newest first',
          querystring: z.object({
            unread: z.enum(['true', 'false']).default('false'),
            limit: z.coerce.number().int().min(1).max(100).default(50),
          }),
          response: { 200: z.object({ notifications: z.array(notificationSchema) }), ...errors },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return {
          notifications: await listNotifications(deps.db, {
            accountId: caller.accountId,
            userId: caller.userId,
            unreadOnly: request.query.unread === 'true',
            limit: request.query.limit,
          }),
        };
      },
    );

    app.post(
      '/api/v1/notifications/:id/read',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark a notification read',
          params: z.object({ id: z.string().min(1) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const marked = await markNotificationRead(deps.db, {
          accountId: caller.accountId,
          userId: caller.userId,
          notificationId: request.params.id,
          at: deps.clock.now().toISOString(),
        });
        if (!marked)
          throw appError('not_found', 'notification.not_found', 'There is no notification with this id for you.');
        return reply.status(204).send(null);
      },
    );
  };
}
