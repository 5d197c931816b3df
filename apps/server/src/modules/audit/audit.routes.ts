import { auditEntrySchema, errorBodySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import { callerOf } from '../../transport/http/auth.ts';
import { listAuditEntries } from './audit.repository.ts';

export function auditRoutes(deps: { db: Kysely<Database> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/audit-log',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['audit'],
          summary: 'Sign-ins, role changes and settings changes, newest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            before: z.string().min(1).optional(),
            action: z.string().min(1).optional(),
          }),
          response: {
            200: z.object({ entries: z.array(auditEntrySchema), nextBefore: z.string().nullable() }),
            400: errorBodySchema,
            401: errorBodySchema,
            403: errorBodySchema,
          },
        },
      },
      async (request) => listAuditEntries(deps.db, { accountId: callerOf(request).accountId, ...request.query }),
    );
  };
}
