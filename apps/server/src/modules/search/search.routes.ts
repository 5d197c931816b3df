import { searchQuerySchema, searchResultsSchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { type SearchDeps, searchDesk } from './search.service.ts';

const errors = errorResponses(400, 401, 403);

export function searchRoutes(deps: SearchDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/search',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags: ['search'],
          summary:
            'Search conversations (number, subject, messages and notes) and customers (name, email, phone); one word lists newest first, several words best match first',
          querystring: searchQuerySchema,
          response: { 200: searchResultsSchema, ...errors },
        },
      },
      async (request) => searchDesk(deps, callerOf(request), request.query),
    );
  };
}
