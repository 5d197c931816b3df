import {
  authorityLimitSchema,
  authorityLimitsBodySchema,
  decideExceptionBodySchema,
  exceptionListQuerySchema,
  exceptionReportSchema,
  goodwillExceptionSchema,
  recordExceptionBodySchema,
  rejectExceptionBodySchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  approveException,
  deliverException,
  type ExceptionsDeps,
  findExceptions,
  getAuthorityLimits,
  getConversationExceptions,
  getCustomerExceptions,
  getExceptionReport,
  recordException,
  rejectException,
  setAuthorityLimits,
} from './exceptions.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const exceptionBody = z.object({ exception: goodwillExceptionSchema });
const exceptionsBody = z.object({ exceptions: z.array(goodwillExceptionSchema) });
const limitsBody = z.object({ limits: z.array(authorityLimitSchema) });
const workers = ['admin', 'agent'] as const;
const tags = ['exceptions'];

export function exceptionsRoutes(deps: ExceptionsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/authority-limits',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Authority limits per role, exception type and currency',
          response: { 200: limitsBody, ...errors },
        },
      },
      async (request) => getAuthorityLimits(deps, callerOf(request)),
    );
    app.put(
      '/api/v1/authority-limits',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: 'Replace the authority limits (amounts in minor units, e.g. cents)',
          body: authorityLimitsBodySchema,
          response: { 200: limitsBody, ...errors },
        },
      },
      async (request) => setAuthorityLimits(deps, callerOf(request), request.body),
    );
    app.get(
      '/api/v1/exceptions',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Goodwill exceptions of the account (status=pending_approval for the approvals page), newest first',
          querystring: exceptionListQuerySchema,
          response: { 200: exceptionsBody, ...errors },
        },
      },
      async (request) => findExceptions(deps, callerOf(request), request.query),
    );
    app.get(
      '/api/v1/exceptions/report',
      {
        config: { access: ['admin', 'analyst'] },
        schema: {
          tags,
          summary: 'Exceptions given per policy: how many, of which types, total value per currency',
          response: { 200: z.object({ report: exceptionReportSchema }), ...errors },
        },
      },
      async (request) => getExceptionReport(deps, callerOf(request)),
    );
    app.get(
      '/api/v1/conversations/:id/exceptions',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags,
          summary: 'Goodwill exceptions on a conversation',
          params: idParams,
          response: { 200: exceptionsBody, ...errors },
        },
      },
      async (request) => getConversationExceptions(deps, callerOf(request), { conversationId: request.params.id }),
    );
    app.post(
      '/api/v1/conversations/:id/exceptions',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Record a goodwill exception: granted within your authority, else sent to admins for approval',
          params: idParams,
          body: recordExceptionBodySchema,
          response: { 201: exceptionBody, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await recordException(deps, callerOf(request), { conversationId: request.params.id, ...request.body })),
    );
    app.get(
      '/api/v1/customers/:id/exceptions',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Goodwill exceptions given to a customer',
          params: idParams,
          response: { 200: exceptionsBody, ...errors },
        },
      },
      async (request) => getCustomerExceptions(deps, callerOf(request), { customerId: request.params.id }),
    );
    app.post(
      '/api/v1/exceptions/:id/approve',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: "Approve an exception above its recorder's authority; it goes back to them to deliver",
          params: idParams,
          body: decideExceptionBodySchema,
          response: { 200: exceptionBody, ...errors },
        },
      },
      async (request) => approveException(deps, callerOf(request), { exceptionId: request.params.id, ...request.body }),
    );
    app.post(
      '/api/v1/exceptions/:id/reject',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: 'Reject an exception, saying why',
          params: idParams,
          body: rejectExceptionBodySchema,
          response: { 200: exceptionBody, ...errors },
        },
      },
      async (request) => rejectException(deps, callerOf(request), { exceptionId: request.params.id, ...request.body }),
    );
    app.post(
      '/api/v1/exceptions/:id/deliver',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Mark a granted or approved exception delivered to the customer',
          params: idParams,
          response: { 200: exceptionBody, ...errors },
        },
      },
      async (request) => deliverException(deps, callerOf(request), { exceptionId: request.params.id }),
    );
  };
}
