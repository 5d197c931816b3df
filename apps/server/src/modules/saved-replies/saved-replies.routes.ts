import { savedReplyBodySchema, savedReplySchema, savedReplyUpdateBodySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  type SavedRepliesDeps,
  updateSavedReply,
} from './saved-replies.service.ts';

const errors = errorResponses(400, 401, 403, 404);
const idParams = z.object({ id: z.string().min(1) });
const savedReplyBody = z.object({ savedReply: savedReplySchema });

export function savedRepliesRoutes(deps: SavedRepliesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/saved-replies',
      {
        config: { access: ['admin', 'agent'] },
        schema: {
          tags: ['saved replies'],
          summary: 'Saved replies of your account',
          response: { 200: z.object({ savedReplies: z.array(savedReplySchema) }), ...errors },
        },
      },
      async (request) => listSavedReplies(deps, callerOf(request)),
    );
    app.post(
      '/api/v1/saved-replies',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['saved replies'],
          summary: 'Create a saved reply; {{customer.firstName}}-style placeholders fill in the composer',
          body: savedReplyBodySchema,
          response: { 201: savedReplyBody, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createSavedReply(deps, callerOf(request), request.body)),
    );
    app.patch(
      '/api/v1/saved-replies/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['saved replies'],
          summary: 'Change a saved reply',
          params: idParams,
          body: savedReplyUpdateBodySchema,
          response: { 200: savedReplyBody, ...errors },
        },
      },
      async (request) => updateSavedReply(deps, callerOf(request), { id: request.params.id, ...request.body }),
    );
    app.delete(
      '/api/v1/saved-replies/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['saved replies'],
          summary: 'Delete a saved reply',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteSavedReply(deps, callerOf(request), { id: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
}
