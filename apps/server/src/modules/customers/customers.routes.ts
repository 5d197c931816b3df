import {
  customerBodySchema,
  customerNoteSchema,
  customerSchema,
  customerUpdateBodySchema,
  identityInputSchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  addCustomerIdentity,
  addCustomerNote,
  type CustomersDeps,
  createCustomer,
  getCustomer,
  getCustomerNotes,
  listCustomers,
  mergeCustomers,
  updateCustomer,
} from './customers.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const customerBody = z.object({ customer: customerSchema });
const notesBody = z.object({ notes: z.array(customerNoteSchema) });
const workers = ['admin', 'agent'] as const;

export function customersRoutes(deps: CustomersDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/customers',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'Customers, newest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(25),
            before: z.string().min(1).optional(),
          }),
          response: {
            200: z.object({ customers: z.array(customerSchema), nextBefore: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (request) => listCustomers(deps, callerOf(request), request.query),
    );

    app.post(
      '/api/v1/customers',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags: ['customers'],
          summary: 'Create a customer with their identities',
          body: customerBodySchema,
          response: { 201: customerBody, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createCustomer(deps, callerOf(request), request.body)),
    );

    app.get(
      '/api/v1/customers/:id',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'One customer (a merged id answers with the customer it was merged into)',
          params: idParams,
          response: { 200: customerBody, ...errors },
        },
      },
      async (request) => getCustomer(deps, callerOf(request), { customerId: request.params.id }),
    );

    app.patch(
      '/api/v1/customers/:id',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'Change a customer’s profile',
          params: idParams,
          body: customerUpdateBodySchema,
          response: { 200: customerBody, ...errors },
        },
      },
      async (request) => updateCustomer(deps, callerOf(request), { customerId: request.params.id, ...request.body }),
    );

    app.post(
      '/api/v1/customers/:id/identities',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'Add an identity (email, phone, chat visitor, social handle)',
          params: idParams,
          body: identityInputSchema,
          response: { 200: customerBody, ...errors },
        },
      },
      async (request) =>
        addCustomerIdentity(deps, callerOf(request), { customerId: request.params.id, identity: request.body }),
    );

    app.get(
      '/api/v1/customers/:id/notes',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'Notes about a customer, newest first',
          params: idParams,
          response: { 200: notesBody, ...errors },
        },
      },
      async (request) => getCustomerNotes(deps, callerOf(request), { customerId: request.params.id }),
    );

    app.post(
      '/api/v1/customers/:id/notes',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'Add a note about a customer',
          params: idParams,
          body: z.object({ body: z.string().trim().min(1, 'must not be empty').max(10_000) }),
          response: { 201: notesBody, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await addCustomerNote(deps, callerOf(request), { customerId: request.params.id, body: request.body.body }),
          ),
    );

    app.post(
      '/api/v1/customers/:id/merge',
      {
        config: { access: workers },
        schema: {
          tags: ['customers'],
          summary: 'Merge a duplicate customer into this one; its identities, conversations and notes move here',
          params: idParams,
          body: z.object({ sourceId: z.string().min(1) }),
          response: { 200: customerBody, ...errors },
        },
      },
      async (request) =>
        mergeCustomers(deps, callerOf(request), { sourceId: request.body.sourceId, targetId: request.params.id }),
    );
  };
}
