import { conversationQuoteSchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { getConversationQuote, type QuotesDeps } from './quotes.service.ts';

export function quotesRoutes(deps: Pick<QuotesDeps, 'db'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/conversations/:id/quote',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags: ['conversations'],
          summary: 'The reply time the customer was quoted at first contact, and whether it was kept',
          params: z.object({ id: z.string().min(1) }),
          response: { 200: z.object({ quote: conversationQuoteSchema.nullable() }), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => getConversationQuote(deps, callerOf(request), { conversationId: request.params.id }),
    );
  };
}
