import {
  apiTokenSchema,
  createApiTokenBodySchema,
  createdApiTokenSchema,
  errorBodySchema,
  loginBodySchema,
  meSchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, clearSessionCookie, setSessionCookie } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { authErrors } from './auth.errors.ts';
import {
  type AuthDeps,
  createApiToken,
  getMe,
  listMyApiTokens,
  revokeMyApiToken,
  signIn,
  signOut,
} from './auth.service.ts';

export interface AuthRouteDeps extends AuthDeps {
  publicUrl: string;
  loginAttemptsPerMinute: number;
}

const errors = errorResponses(400, 401, 403, 404);

export function authRoutes(deps: AuthRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: {
            max: deps.loginAttemptsPerMinute,
            // After body parsing, so the key can include the email.
            hook: 'preValidation',
            timeWindow: 60_000,
            // Per email and IP: one person mistyping does not lock out the office behind the same NAT.
            keyGenerator: (request) => {
              const email = (request.body as { email?: unknown } | undefined)?.email;
              return `${request.ip ?? 'unknown'}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
            },
            errorResponseBuilder: (_request, context) => authErrors.tooManyAttempts(Math.ceil(context.ttl / 1000)),
          },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets the session cookie',
          body: loginBodySchema,
          response: { 200: meSchema, ...errors, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const { session, me } = await signIn(deps, {
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(reply, request, { ...session, publicUrl: deps.publicUrl });
        return me;
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { access: 'signed_in' },
        schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: z.null(), ...errors } },
      },
      async (request, reply) => {
        await signOut(deps, callerOf(request));
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/auth/me',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, their account and the CSRF token for writes',
          response: { 200: meSchema, ...errors },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return getMe(deps, { accountId: caller.accountId, userId: caller.userId, csrfToken: caller.csrfToken ?? null });
      },
    );

    app.get(
      '/api/v1/api-tokens',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['api tokens'],
          summary: 'Your API tokens',
          response: { 200: z.object({ apiTokens: z.array(apiTokenSchema) }), ...errors },
        },
      },
      async (request) => listMyApiTokens(deps, callerOf(request)),
    );

    app.post(
      '/api/v1/api-tokens',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['api tokens'],
          summary: 'Create an API token for yourself; the token is shown only in this answer',
          body: createApiTokenBodySchema,
          response: { 201: createdApiTokenSchema, ...errors },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const created = await createApiToken(deps, {
          accountId: caller.accountId,
          userId: caller.userId,
          name: request.body.name,
          actorUserId: caller.userId,
        });
        return reply.status(201).send(created);
      },
    );

    app.delete(
      '/api/v1/api-tokens/:id',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['api tokens'],
          summary: 'Revoke one of your API tokens',
          params: z.object({ id: z.string().min(1) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await revokeMyApiToken(deps, callerOf(request), { tokenId: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
}
