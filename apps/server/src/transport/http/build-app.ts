import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { healthSchema } from '@rapport/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { JobQueue } from '../../jobs/queue.ts';
import { analyticsRoutes } from '../../modules/analytics/analytics.routes.ts';
import { attachmentsRoutes } from '../../modules/attachments/attachments.routes.ts';
import type { BlobStore } from '../../modules/attachments/blob-store.ts';
import { auditRoutes } from '../../modules/audit/audit.routes.ts';
import { authRoutes } from '../../modules/auth/auth.routes.ts';
import { channelsRoutes } from '../../modules/channels/channels.routes.ts';
import { messagingRoutes } from '../../modules/channels/messaging/messaging.routes.ts';
import { chatRoutes, type WidgetLimits } from '../../modules/chat/chat.routes.ts';
import { coachRoutes } from '../../modules/coach/coach.routes.ts';
import { commitmentsRoutes } from '../../modules/commitments/commitments.routes.ts';
import { defaultReminderMinutes } from '../../modules/commitments/commitments.service.ts';
import { assignmentRoutes } from '../../modules/conversations/assignment.routes.ts';
import { conversationsRoutes } from '../../modules/conversations/conversations.routes.ts';
import { customersRoutes } from '../../modules/customers/customers.routes.ts';
import { exceptionsRoutes } from '../../modules/exceptions/exceptions.routes.ts';
import { inboxesRoutes } from '../../modules/inboxes/inboxes.routes.ts';
import { notificationsRoutes } from '../../modules/notifications/notifications.routes.ts';
import { quotesRoutes } from '../../modules/quotes/quotes.routes.ts';
import { savedRepliesRoutes } from '../../modules/saved-replies/saved-replies.routes.ts';
import { searchRoutes } from '../../modules/search/search.routes.ts';
import { surveysRoutes } from '../../modules/surveys/surveys.routes.ts';
import { defaultSurveyOptions } from '../../modules/surveys/surveys.service.ts';
import { teamsRoutes } from '../../modules/teams/teams.routes.ts';
import { usersRoutes } from '../../modules/users/users.routes.ts';
import { webhooksRoutes } from '../../modules/webhooks/webhooks.routes.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import type { PasswordHasher } from '../../platform/passwords.ts';
import type { Database } from '../../storage/database.ts';
import type { Engine } from '../../storage/dialect.ts';
import { type LiveOptions, liveRoutes } from '../ws/live.routes.ts';
import { createLocalPresenceBus } from '../ws/presence-bus.ts';
import { visitorLiveRoutes } from '../ws/visitor.routes.ts';
import { type RegisteredRoute, registerAuth } from './auth.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerOpenApi } from './openapi.ts';
import { registerWebApp } from './web-app.ts';
import { registerWidgetFiles } from './widget-files.ts';

export interface AppDeps {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  passwords: PasswordHasher;
  logger: Logger;
  version: string;
  publicUrl: string;
  sessionIdleDays: number;
  loginAttemptsPerMinute: number;
  trustProxy: boolean;
  /** Committed events go here after each change: realtime delivery, then the durable dispatcher. */
  events: Pick<EventBus, 'publish' | 'subscribe'>;
  jobs: JobQueue;
  /** Where uploaded files live, and the largest accepted. */
  attachments: { blobs: BlobStore; maxBytes: number };
  /** The live channel (/api/v1/live): presence between instances, timings. */
  live?: LiveOptions | undefined;
  /** Follow-through: commitment reminders and survey links (defaults: 120 and 15 minutes; 14 days, a stored secret). */
  followThrough?: FollowThroughOptions | undefined;
  /** The built web app; undefined serves a page that says how to build it. */
  webDistDir?: string | undefined;
  /** The built chat widget (loader and frame); undefined answers 404 at /widget.js. */
  widgetDistDir?: string | undefined;
  /** Rate limits of the public widget API; tests lower them. */
  widgetLimits?: Partial<WidgetLimits> | undefined;
}

export interface FollowThroughOptions {
  reminderMinutes: readonly number[];
  surveys: { secret?: string | undefined; validDays: number };
}

export const defaultFollowThrough: FollowThroughOptions = {
  reminderMinutes: defaultReminderMinutes,
  surveys: defaultSurveyOptions,
};

export type RapportApp = FastifyInstance & { registeredRoutes: RegisteredRoute[] };

/** Builds the HTTP app without listening, so tests can `inject` and main.ts can `listen`. */
export async function buildApp(deps: AppDeps): Promise<RapportApp> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const registeredRoutes: RegisteredRoute[] = [];
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // Client frames are small JSON (view, typing, ping); anything larger is refused by ws itself.
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  registerAuth(app, deps, registeredRoutes);
  await registerOpenApi(app, { version: deps.version });

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'Liveness, version and database engine', response: { 200: healthSchema } },
    },
    async () => ({ status: 'ok' as const, version: deps.version, engine: deps.engine }),
  );
  await app.register(authRoutes(deps));
  await app.register(usersRoutes(deps));
  await app.register(teamsRoutes(deps));
  await app.register(inboxesRoutes(deps));
  await app.register(channelsRoutes(deps));
  await app.register(messagingRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(webhooksRoutes(deps));
  await app.register(customersRoutes(deps));
  await app.register(conversationsRoutes(deps));
  await app.register(assignmentRoutes(deps));
  await app.register(notificationsRoutes(deps));
  await app.register(savedRepliesRoutes(deps));
  await app.register(attachmentsRoutes({ ...deps, ...deps.attachments }));
  await app.register(coachRoutes(deps));
  await app.register(searchRoutes(deps));
  const followThrough = deps.followThrough ?? defaultFollowThrough;
  await app.register(commitmentsRoutes({ ...deps, reminderMinutes: followThrough.reminderMinutes }));
  await app.register(surveysRoutes({ ...deps, surveys: followThrough.surveys }));
  await app.register(exceptionsRoutes(deps));
  await app.register(analyticsRoutes(deps));
  // One presence bus for the agents' hub and the visitors' hub: typing crosses between them.
  const presence = deps.live?.presence ?? createLocalPresenceBus(deps.logger);
  if (!deps.live?.presence) app.addHook('onClose', async () => presence.close());
  await app.register(liveRoutes({ ...deps, live: { ...deps.live, presence } }));
  await app.register(chatRoutes(deps));
  await app.register(quotesRoutes(deps));
  await app.register(visitorLiveRoutes({ ...deps, presence }));
  await registerWidgetFiles(app, { distDir: deps.widgetDistDir });
  await registerWebApp(app, { distDir: deps.webDistDir });

  await app.ready();
  return Object.assign(app, { registeredRoutes }) as unknown as RapportApp;
}
