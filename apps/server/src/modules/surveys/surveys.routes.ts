import {
  checkInSchema,
  closeRecoveryTaskBodySchema,
  followUpSettingsBodySchema,
  followUpSettingsSchema,
  publicSurveySchema,
  recoveryTaskListQuerySchema,
  recoveryTaskSchema,
  surveyAnswerBodySchema,
  surveySchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  answerSurvey,
  closeRecoveryTask,
  getConversationFollowUp,
  getCustomerSurveys,
  getFollowUpSettings,
  getPublicSurvey,
  getRecoveryTasks,
  type SurveysDeps,
  setFollowUpSettings,
} from './surveys.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const tokenParams = z.object({ token: z.string().min(1).max(300) });
const workers = ['admin', 'agent'] as const;

export function surveysRoutes(deps: SurveysDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/inboxes/:id/follow-up',
      {
        config: { access: workers },
        schema: {
          tags: ['surveys'],
          summary: 'Check-in and survey settings of an inbox',
          params: idParams,
          response: { 200: z.object({ followUp: followUpSettingsSchema }), ...errors },
        },
      },
      async (request) => getFollowUpSettings(deps, callerOf(request), { inboxId: request.params.id }),
    );
    app.put(
      '/api/v1/inboxes/:id/follow-up',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['surveys'],
          summary: 'Set the check-in delay (days after resolution, 0 for none) and when the survey goes out',
          params: idParams,
          body: followUpSettingsBodySchema,
          response: { 200: z.object({ followUp: followUpSettingsSchema }), ...errors },
        },
      },
      async (request) => setFollowUpSettings(deps, callerOf(request), { inboxId: request.params.id, ...request.body }),
    );
    app.get(
      '/api/v1/conversations/:id/follow-up',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags: ['surveys'],
          summary: 'Surveys and check-ins of a conversation',
          params: idParams,
          response: {
            200: z.object({ surveys: z.array(surveySchema), checkIns: z.array(checkInSchema) }),
            ...errors,
          },
        },
      },
      async (request) => getConversationFollowUp(deps, callerOf(request), { conversationId: request.params.id }),
    );
    app.get(
      '/api/v1/customers/:id/surveys',
      {
        config: { access: workers },
        schema: {
          tags: ['surveys'],
          summary: "A customer's survey answers, newest first",
          params: idParams,
          response: { 200: z.object({ surveys: z.array(surveySchema) }), ...errors },
        },
      },
      async (request) => getCustomerSurveys(deps, callerOf(request), { customerId: request.params.id }),
    );
    app.get(
      '/api/v1/recovery-tasks',
      {
        config: { access: workers },
        schema: {
          tags: ['surveys'],
          summary: 'Recovery tasks opened by poor survey scores, newest first',
          querystring: recoveryTaskListQuerySchema,
          response: { 200: z.object({ recoveryTasks: z.array(recoveryTaskSchema) }), ...errors },
        },
      },
      async (request) => getRecoveryTasks(deps, callerOf(request), request.query),
    );
    app.post(
      '/api/v1/recovery-tasks/:id/close',
      {
        config: { access: workers },
        schema: {
          tags: ['surveys'],
          summary: 'Close a recovery task, saying what was done for the customer',
          params: idParams,
          body: closeRecoveryTaskBodySchema,
          response: { 200: z.object({ recoveryTask: recoveryTaskSchema }), ...errors },
        },
      },
      async (request) => closeRecoveryTask(deps, callerOf(request), { taskId: request.params.id, ...request.body }),
    );

    // The customer's side: no sign-in, the signed token is the key.
    app.get(
      '/api/v1/public/surveys/:token',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
        schema: {
          tags: ['surveys'],
          summary: 'What a survey link shows (public, by its signed token); reading never answers',
          params: tokenParams,
          response: { 200: z.object({ survey: publicSurveySchema }), ...errors },
        },
      },
      async (request) => getPublicSurvey(deps, { token: request.params.token }),
    );
    app.post(
      '/api/v1/public/surveys/:token/answer',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
        schema: {
          tags: ['surveys'],
          summary: 'Answer a survey: CSAT 1–5, effort 1–7, a comment; a second answer within 24 h replaces the first',
          params: tokenParams,
          body: surveyAnswerBodySchema,
          response: { 200: z.object({ survey: publicSurveySchema, changed: z.boolean() }), ...errors },
        },
      },
      async (request) => answerSurvey(deps, { token: request.params.token, answer: request.body }),
    );
  };
}
