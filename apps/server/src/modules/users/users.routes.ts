import {
  acceptInvitationBodySchema,
  createdInvitationSchema,
  invitationLookupBodySchema,
  invitationSchema,
  invitationSummarySchema,
  inviteUserBodySchema,
  meSchema,
  updateUserBodySchema,
  userSchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, setSessionCookie } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  acceptInvitation,
  deactivateUser,
  getUser,
  inviteUser,
  listAccountUsers,
  listInvitations,
  lookUpInvitation,
  reactivateUser,
  revokeInvitation,
  type UsersDeps,
  updateUser,
} from './users.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const userBody = z.object({ user: userSchema });

export function usersRoutes(deps: UsersDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/users',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['users'],
          summary: 'Users of your account',
          querystring: z.object({ includeInactive: z.enum(['true', 'false']).default('false') }),
          response: { 200: z.object({ users: z.array(userSchema) }), ...errors },
        },
      },
      async (request) =>
        listAccountUsers(deps, callerOf(request), { includeInactive: request.query.includeInactive === 'true' }),
    );

    app.get(
      '/api/v1/users/:id',
      {
        config: { access: 'signed_in' },
        schema: { tags: ['users'], summary: 'One user', params: idParams, response: { 200: userBody, ...errors } },
      },
      async (request) => getUser(deps, callerOf(request), { userId: request.params.id }),
    );

    app.patch(
      '/api/v1/users/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Change a user’s name, role or time zone',
          params: idParams,
          body: updateUserBodySchema,
          response: { 200: userBody, ...errors },
        },
      },
      async (request) => updateUser(deps, callerOf(request), { userId: request.params.id, ...request.body }),
    );

    app.post(
      '/api/v1/users/:id/deactivate',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Deactivate a user: signs them out and revokes their tokens',
          params: idParams,
          response: { 200: userBody, ...errors },
        },
      },
      async (request) => deactivateUser(deps, callerOf(request), { userId: request.params.id }),
    );

    app.post(
      '/api/v1/users/:id/reactivate',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Reactivate a user',
          params: idParams,
          response: { 200: userBody, ...errors },
        },
      },
      async (request) => reactivateUser(deps, callerOf(request), { userId: request.params.id }),
    );

    app.get(
      '/api/v1/invitations',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Invitations not yet used',
          response: { 200: z.object({ invitations: z.array(invitationSchema) }), ...errors },
        },
      },
      async (request) => listInvitations(deps, callerOf(request)),
    );

    app.post(
      '/api/v1/invitations',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Invite a person; answers with the one-time link to send them',
          body: inviteUserBodySchema,
          response: { 201: createdInvitationSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await inviteUser(deps, callerOf(request), request.body)),
    );

    app.delete(
      '/api/v1/invitations/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Revoke an invitation',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await revokeInvitation(deps, callerOf(request), { invitationId: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/invitations/lookup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['users'],
          summary: 'What an invitation or setup link is for (the token travels in the body, never the URL)',
          body: invitationLookupBodySchema,
          response: { 200: invitationSummarySchema, ...errors },
        },
      },
      async (request) => lookUpInvitation(deps, request.body),
    );

    app.post(
      '/api/v1/invitations/accept',
      {
        config: { access: 'public' },
        schema: {
          tags: ['users'],
          summary: 'Accept an invitation or the setup link: creates the user and signs them in',
          body: acceptInvitationBodySchema,
          response: { 200: meSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { session, me } = await acceptInvitation(deps, {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(reply, request, { ...session, publicUrl: deps.publicUrl });
        return me;
      },
    );
  };
}
