import {
  coachDismissalBodySchema,
  coachDismissalSchema,
  coachDismissalSummarySchema,
  coachFindingSchema,
  coachPhraseBodySchema,
  coachPhraseSchema,
  coachPhraseUpdateBodySchema,
  coachReviewBodySchema,
  conversationFrustrationSchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import {
  type CoachDeps,
  createCoachPhrase,
  deleteCoachPhrase,
  listCoachPhrases,
  readConversationFrustration,
  recordDismissal,
  reviewDraft,
  summariseDismissals,
  updateCoachPhrase,
} from './coach.service.ts';

const errors = errorResponses(400, 401, 403, 404);
const idParams = z.object({ id: z.string().min(1) });
const phraseBody = z.object({ phrase: coachPhraseSchema });
const tags = ['coach'];

export function coachRoutes(deps: CoachDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/coach/review',
      {
        config: { access: ['admin', 'agent'] },
        schema: {
          tags,
          summary: 'Review a draft reply: blaming or dismissive words, personal touches, promises to track',
          body: coachReviewBodySchema,
          response: { 200: z.object({ findings: z.array(coachFindingSchema) }), ...errors },
        },
      },
      async (request) => reviewDraft(deps, callerOf(request), request.body),
    );
    app.get(
      '/api/v1/coach/conversations/:id/frustration',
      {
        config: { access: ['admin', 'agent'] },
        schema: {
          tags,
          summary: "How frustrated the conversation's customer seems, with reasons (never shown to the customer)",
          params: idParams,
          response: { 200: z.object({ frustration: conversationFrustrationSchema }), ...errors },
        },
      },
      async (request) => readConversationFrustration(deps, callerOf(request), { conversationId: request.params.id }),
    );
    app.post(
      '/api/v1/coach/dismissals',
      {
        config: { access: ['admin', 'agent'] },
        schema: {
          tags,
          summary: 'Set a finding aside with a reason; counted per rule to improve the coach, never per agent',
          body: coachDismissalBodySchema,
          response: { 201: z.object({ dismissal: coachDismissalSchema }), ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await recordDismissal(deps, callerOf(request), request.body)),
    );
    app.get(
      '/api/v1/coach/dismissals/summary',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: 'Dismissals per rule and reason, most dismissed first',
          response: { 200: coachDismissalSummarySchema, ...errorResponses(401, 403) },
        },
      },
      async (request) => summariseDismissals(deps, callerOf(request)),
    );
    app.get(
      '/api/v1/coach/phrases',
      {
        config: { access: ['admin', 'agent'] },
        schema: {
          tags,
          summary: "Your account's own coach phrases (the composer reviews with them too)",
          response: { 200: z.object({ phrases: z.array(coachPhraseSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (request) => listCoachPhrases(deps, callerOf(request)),
    );
    app.post(
      '/api/v1/coach/phrases',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: 'Add a phrase for the coach to flag, with the reason and a better phrasing',
          body: coachPhraseBodySchema,
          response: { 201: phraseBody, ...errorResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.status(201).send(await createCoachPhrase(deps, callerOf(request), request.body)),
    );
    app.patch(
      '/api/v1/coach/phrases/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: 'Change a coach phrase',
          params: idParams,
          body: coachPhraseUpdateBodySchema,
          response: { 200: phraseBody, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateCoachPhrase(deps, callerOf(request), { id: request.params.id, ...request.body }),
    );
    app.delete(
      '/api/v1/coach/phrases/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: 'Delete a coach phrase',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteCoachPhrase(deps, callerOf(request), { id: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
}
