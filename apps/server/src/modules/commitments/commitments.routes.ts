import {
  commitmentListQuerySchema,
  commitmentSchema,
  createCommitmentBodySchema,
  renegotiateCommitmentBodySchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  type CommitmentsDeps,
  createCommitment,
  findCommitments,
  getConversationCommitments,
  getCustomerCommitments,
  keepCommitment,
  renegotiateCommitment,
} from './commitments.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const commitmentBody = z.object({ commitment: commitmentSchema });
const commitmentsBody = z.object({ commitments: z.array(commitmentSchema) });
const workers = ['admin', 'agent'] as const;
const tags = ['commitments'];

export function commitmentsRoutes(deps: CommitmentsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/commitments',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Promises across conversations ("Promises due": ownerId=me&status=open), soonest due first',
          querystring: commitmentListQuerySchema,
          response: { 200: commitmentsBody, ...errors },
        },
      },
      async (request) => findCommitments(deps, callerOf(request), request.query),
    );
    app.get(
      '/api/v1/conversations/:id/commitments',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags,
          summary: 'Promises made on a conversation',
          params: idParams,
          response: { 200: commitmentsBody, ...errors },
        },
      },
      async (request) => getConversationCommitments(deps, callerOf(request), { conversationId: request.params.id }),
    );
    app.post(
      '/api/v1/conversations/:id/commitments',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Record a promise made to the customer (what, due time); the conversation owner owns it',
          params: idParams,
          body: createCommitmentBodySchema,
          response: { 201: commitmentBody, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createCommitment(deps, callerOf(request), { conversationId: request.params.id, ...request.body }),
          ),
    );
    app.get(
      '/api/v1/customers/:id/commitments',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Promises made to a customer, open ones first',
          params: idParams,
          response: { 200: commitmentsBody, ...errors },
        },
      },
      async (request) => getCustomerCommitments(deps, callerOf(request), { customerId: request.params.id }),
    );
    app.post(
      '/api/v1/commitments/:id/keep',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Mark a promise kept (before it falls due)',
          params: idParams,
          response: { 200: commitmentBody, ...errors },
        },
      },
      async (request) => keepCommitment(deps, callerOf(request), { commitmentId: request.params.id }),
    );
    app.post(
      '/api/v1/commitments/:id/renegotiate',
      {
        config: { access: workers },
        schema: {
          tags,
          summary: 'Agree a new due time with the customer, naming the reply that told them',
          params: idParams,
          body: renegotiateCommitmentBodySchema,
          response: { 200: z.object({ commitment: commitmentSchema, replaced: commitmentSchema }), ...errors },
        },
      },
      async (request) =>
        renegotiateCommitment(deps, callerOf(request), { commitmentId: request.params.id, ...request.body }),
    );
  };
}
