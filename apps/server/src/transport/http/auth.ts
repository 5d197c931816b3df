import { type Role, visitorIdSchema, widgetVisitorHeader } from '@rapport/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authErrors } from '../../modules/auth/auth.errors.ts';
import { type AuthDeps, type Caller, checkApiToken, checkSession } from '../../modules/auth/auth.service.ts';
import { chatErrors } from '../../modules/chat/chat.errors.ts';

/**
 * Every /api route declares who may call it, in its route config, in one of four forms:
 *   'public'     anyone (health, sign-in, invitation links, an inbox's widget card)
 *   'visitor'    a chat widget visitor: no login, but a visitor id in the X-Rapport-Visitor header;
 *                the route sees only that visitor's own conversations. A WebSocket upgrade carries
 *                the id in its first frame instead (browsers cannot set headers on a WebSocket).
 *   'signed_in'  any active user of the account
 *   Role[]       only these roles
 * Routes outside /api serve the web app's files, which hold no data, and are public.
 */
export type Access = 'public' | 'visitor' | 'signed_in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller | null;
    sessionProblem: 'expired' | 'unknown' | null;
  }
}

export const SESSION_COOKIE = 'rapport_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes registered by plugins (the OpenAPI docs page and its assets) that are public by nature. */
const PUBLIC_PREFIXES = ['/api/docs'];

export function isApiRoute(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** Collected at registration so a test (and start-up) can see every route and its rule. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

export function registerAuth(
  app: FastifyInstance,
  deps: Pick<AuthDeps, 'db' | 'clock' | 'sessionIdleDays'>,
  routes: RegisteredRoute[],
): void {
  app.decorateRequest('caller', null);
  app.decorateRequest('sessionProblem', null);

  app.addHook('onRoute', (route) => {
    route.config ??= {};
    const config = route.config as { access?: Access };
    if (
      config.access === undefined &&
      (!isApiRoute(route.url) || PUBLIC_PREFIXES.some((p) => route.url.startsWith(p)))
    ) {
      config.access = 'public';
    }
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, access: config.access });
    }
    if (config.access === undefined) {
      throw new Error(`Route ${[route.method].flat().join(',')} ${route.url} declares no access rule (config.access).`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('bearer ')) {
      const caller = await checkApiToken(deps, { token: authorization.slice(7).trim() });
      if (!caller) throw authErrors.invalidToken();
      request.caller = caller;
      return;
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) {
      const checked = await checkSession(deps, { sessionToken });
      if ('caller' in checked) request.caller = checked.caller;
      else request.sessionProblem = checked.problem;
    }
  });

  // Before validation: a caller who may not use a route learns nothing about its schema.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === 'public' || access === undefined) return;
    if (access === 'visitor') {
      if (request.headers.upgrade?.toLowerCase() === 'websocket') return;
      if (!visitorIdSchema.safeParse(request.headers[widgetVisitorHeader]).success) throw chatErrors.visitorRequired();
      return;
    }
    const caller = request.caller;
    if (!caller)
      throw request.sessionProblem === 'expired' ? authErrors.sessionExpired() : authErrors.unauthenticated();
    if (access !== 'signed_in' && !access.includes(caller.role)) throw authErrors.forbidden(access);
    // Cookies ride along with cross-site requests; a header only our own pages can read cannot.
    if (caller.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== caller.csrfToken) throw authErrors.csrfMissing();
    }
  });
}

/** The visitor id of a route whose access rule is 'visitor'; the preValidation hook checked its shape. */
export function visitorIdOf(request: FastifyRequest): string {
  const visitorId = request.headers[widgetVisitorHeader];
  if (typeof visitorId !== 'string') throw chatErrors.visitorRequired();
  return visitorId;
}

/** The caller of a route whose access rule is a role list or 'signed_in'; the preValidation hook guarantees it. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw authErrors.unauthenticated();
  return request.caller;
}

export function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  input: { sessionToken: string; expiresAt: string; publicUrl: string },
): void {
  reply.setCookie(SESSION_COOKIE, input.sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https' || input.publicUrl.startsWith('https:'),
    expires: new Date(input.expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
