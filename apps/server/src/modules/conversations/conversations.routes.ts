import {
  addMessageBodySchema,
  changeStatusBodySchema,
  conversationListQuerySchema,
  conversationSchema,
  createConversationBodySchema,
  declineHandoffBodySchema,
  flagAbuseBodySchema,
  handoffSchema,
  messageSchema,
  ownershipEventSchema,
  priorityChangeSchema,
  reassignBodySchema,
  requestHandoffBodySchema,
  updateConversationBodySchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  addMessage,
  type ConversationsDeps,
  changeStatus,
  claimConversation,
  countConversationViews,
  countedViews,
  createConversation,
  flagAbusive,
  getConversation,
  getMessages,
  getOwnershipHistory,
  getPriorityChanges,
  listConversations,
  reassignConversation,
  updateConversation,
} from './conversations.service.ts';
import {
  acceptHandoff,
  cancelHandoff,
  declineHandoff,
  getConversationHandoffs,
  requestHandoff,
} from './handoffs.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const conversationBody = z.object({ conversation: conversationSchema });
const handoffBody = z.object({ handoff: handoffSchema });
const workers = ['admin', 'agent'] as const;
const everyoneWhoFollowsCases = ['admin', 'agent', 'advocate'] as const;

export function conversationsRoutes(deps: ConversationsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/conversations',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary: 'Conversations by view and filters, newest activity first (advocates see the cases they raised)',
          querystring: conversationListQuerySchema,
          response: {
            200: z.object({ conversations: z.array(conversationSchema), nextCursor: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (request) => listConversations(deps, callerOf(request), request.query),
    );

    app.get(
      '/api/v1/conversations/counts',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary: 'How many conversations each inbox view holds for you',
          response: { 200: z.object({ counts: z.record(z.enum(countedViews), z.number().int()) }), ...errors },
        },
      },
      async (request) => ({ counts: await countConversationViews(deps, callerOf(request)) }),
    );

    app.post(
      '/api/v1/conversations',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary:
            'Open a conversation: an inbound customer message from an integration, or a case raised on a customer’s behalf',
          body: createConversationBodySchema.extend({ raisedOnBehalf: z.boolean().optional() }),
          response: { 200: conversationBody, 201: conversationBody, ...errors },
        },
      },
      async (request, reply) => {
        const { conversation, created } = await createConversation(deps, callerOf(request), request.body);
        return reply.status(created ? 201 : 200).send({ conversation });
      },
    );

    app.get(
      '/api/v1/conversations/:id',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary: 'One conversation',
          params: idParams,
          response: { 200: conversationBody, ...errors },
        },
      },
      async (request) => getConversation(deps, callerOf(request), { conversationId: request.params.id }),
    );

    app.patch(
      '/api/v1/conversations/:id',
      {
        config: { access: workers },
        schema: {
          tags: ['conversations'],
          summary: 'Change subject, priority, contact reason or tags',
          params: idParams,
          body: updateConversationBodySchema,
          response: { 200: conversationBody, ...errors },
        },
      },
      async (request) =>
        updateConversation(deps, callerOf(request), { conversationId: request.params.id, ...request.body }),
    );

    app.get(
      '/api/v1/conversations/:id/messages',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary: 'The timeline of messages and notes, oldest first',
          params: idParams,
          response: { 200: z.object({ messages: z.array(messageSchema) }), ...errors },
        },
      },
      async (request) => getMessages(deps, callerOf(request), { conversationId: request.params.id }),
    );

    app.post(
      '/api/v1/conversations/:id/messages',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary:
            'Add a message: inbound (from the customer, via an integration), outbound (a reply) or an internal note',
          params: idParams,
          body: addMessageBodySchema,
          response: { 200: z.object({ message: messageSchema }), 201: z.object({ message: messageSchema }), ...errors },
        },
      },
      async (request, reply) => {
        const { message, duplicate } = await addMessage(deps, callerOf(request), {
          conversationId: request.params.id,
          ...request.body,
        });
        return reply.status(duplicate ? 200 : 201).send({ message });
      },
    );

    app.post(
      '/api/v1/conversations/:id/status',
      {
        config: { access: workers },
        schema: {
          tags: ['conversations'],
          summary: 'Change status (open, waiting, resolved, closed) along the allowed moves',
          params: idParams,
          body: changeStatusBodySchema,
          response: { 200: conversationBody, ...errors },
        },
      },
      async (request) =>
        changeStatus(deps, callerOf(request), { conversationId: request.params.id, status: request.body.status }),
    );

    app.post(
      '/api/v1/conversations/:id/claim',
      {
        config: { access: workers },
        schema: {
          tags: ['conversations'],
          summary: 'Take an unowned conversation (409 conversation.already_owned if someone has it)',
          params: idParams,
          response: { 200: conversationBody, ...errors },
        },
      },
      async (request) => claimConversation(deps, callerOf(request), { conversationId: request.params.id }),
    );

    app.post(
      '/api/v1/conversations/:id/reassign',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['conversations'],
          summary: 'Admin: give the conversation to someone, with a reason',
          params: idParams,
          body: reassignBodySchema,
          response: { 200: conversationBody, ...errors },
        },
      },
      async (request) =>
        reassignConversation(deps, callerOf(request), { conversationId: request.params.id, ...request.body }),
    );

    app.post(
      '/api/v1/conversations/:id/flag-abusive',
      {
        config: { access: workers },
        schema: {
          tags: ['conversations'],
          summary: 'Flag an abusive contact (reason required); hand it on afterwards without penalty',
          params: idParams,
          body: flagAbuseBodySchema,
          response: { 200: conversationBody, ...errors },
        },
      },
      async (request) =>
        flagAbusive(deps, callerOf(request), { conversationId: request.params.id, reason: request.body.reason }),
    );

    app.get(
      '/api/v1/conversations/:id/ownership',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary: 'Every ownership change: who, from, to, why, when',
          params: idParams,
          response: { 200: z.object({ events: z.array(ownershipEventSchema) }), ...errors },
        },
      },
      async (request) => getOwnershipHistory(deps, callerOf(request), { conversationId: request.params.id }),
    );

    app.get(
      '/api/v1/conversations/:id/priority-changes',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['conversations'],
          summary: 'Priority changes Rapport made on its own (a frustrated customer), with the reasons',
          params: idParams,
          response: { 200: z.object({ changes: z.array(priorityChangeSchema) }), ...errors },
        },
      },
      async (request) => getPriorityChanges(deps, callerOf(request), { conversationId: request.params.id }),
    );

    app.get(
      '/api/v1/conversations/:id/handoffs',
      {
        config: { access: everyoneWhoFollowsCases },
        schema: {
          tags: ['handoffs'],
          summary: 'Handoffs of a conversation',
          params: idParams,
          response: { 200: z.object({ handoffs: z.array(handoffSchema) }), ...errors },
        },
      },
      async (request) => getConversationHandoffs(deps, callerOf(request), { conversationId: request.params.id }),
    );

    app.post(
      '/api/v1/conversations/:id/handoffs',
      {
        config: { access: workers },
        schema: {
          tags: ['handoffs'],
          summary:
            'Ask a person or team to take the conversation, with a context note; you stay owner until they accept',
          params: idParams,
          body: requestHandoffBodySchema,
          response: { 201: handoffBody, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await requestHandoff(deps, callerOf(request), { conversationId: request.params.id, ...request.body })),
    );

    app.post(
      '/api/v1/handoffs/:id/accept',
      {
        config: { access: workers },
        schema: {
          tags: ['handoffs'],
          summary: 'Accept a handoff addressed to you or your team; you become the owner',
          params: idParams,
          response: { 200: handoffBody, ...errors },
        },
      },
      async (request) => acceptHandoff(deps, callerOf(request), { handoffId: request.params.id }),
    );

    app.post(
      '/api/v1/handoffs/:id/decline',
      {
        config: { access: workers },
        schema: {
          tags: ['handoffs'],
          summary: 'Decline a handoff with a reason; ownership stays',
          params: idParams,
          body: declineHandoffBodySchema,
          response: { 200: handoffBody, ...errors },
        },
      },
      async (request) =>
        declineHandoff(deps, callerOf(request), { handoffId: request.params.id, reason: request.body.reason }),
    );

    app.post(
      '/api/v1/handoffs/:id/cancel',
      {
        config: { access: workers },
        schema: {
          tags: ['handoffs'],
          summary: 'Withdraw a handoff you asked for',
          params: idParams,
          response: { 200: handoffBody, ...errors },
        },
      },
      async (request) => cancelHandoff(deps, callerOf(request), { handoffId: request.params.id }),
    );
  };
}
