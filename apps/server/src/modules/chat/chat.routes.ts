import multipart from '@fastify/multipart';
import {
  attachmentSchema,
  errorBodySchema,
  widgetContactBodySchema,
  widgetInboxParamsSchema,
  widgetInboxSchema,
  widgetMessageSchema,
  widgetMessagesQuerySchema,
  widgetSendBodySchema,
  widgetSendResultSchema,
  widgetSessionBodySchema,
  widgetSessionSchema,
  widgetSettingsSchema,
  widgetVisitorHeader,
} from '@rapport/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, visitorIdOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { receiveUpload, sendAttachment } from '../../transport/http/file-transfer.ts';
import { chatErrors } from './chat.errors.ts';
import { visitorKey } from './chat.rules.ts';
import {
  type ChatDeps,
  getWidgetInbox,
  getWidgetSettings,
  listWidgetMessages,
  openWidgetAttachment,
  sendWidgetMessage,
  startWidgetSession,
  updateWidgetContact,
  uploadWidgetAttachment,
  widgetAttachmentLimit,
} from './chat.service.ts';

const errors = errorResponses(400, 401, 404, 409, 429);
const adminErrors = errorResponses(400, 401, 403, 404);
const visitorHeaders = z.object({ [widgetVisitorHeader]: z.string().optional() });

export interface ChatRouteDeps extends ChatDeps {
  /** Requests per minute; tests lower them to see the limits work. */
  widgetLimits?: Partial<WidgetLimits> | undefined;
}

export interface WidgetLimits {
  messagesPerVisitorPerMinute: number;
  messagesPerIpPerMinute: number;
  readsPerIpPerMinute: number;
}

const defaultLimits: WidgetLimits = {
  messagesPerVisitorPerMinute: 20,
  // Higher than per visitor: many visitors can share an office's address.
  messagesPerIpPerMinute: 60,
  readsPerIpPerMinute: 240,
};

const ipKey = (request: FastifyRequest) => `ip|${request.ip ?? 'unknown'}`;
const visitorRateKey = (request: FastifyRequest) => {
  const id = request.headers[widgetVisitorHeader];
  return `visitor|${typeof id === 'string' ? visitorKey(id) : 'none'}`;
};

export function chatRoutes(deps: ChatRouteDeps): FastifyPluginAsyncZod {
  const limits = { ...defaultLimits, ...deps.widgetLimits };
  return async (app) => {
    // Several limits on one route (per visitor and per IP): the plugin's route option allows one.
    const limit = (...rules: [max: number, keyGenerator: (request: FastifyRequest) => string][]) => {
      const checks = rules.map(([max, keyGenerator]) => app.createRateLimit({ max, timeWindow: 60_000, keyGenerator }));
      return async (request: FastifyRequest) => {
        for (const check of checks) {
          const result = await check(request);
          if (!result.isAllowed && result.isExceeded) throw chatErrors.tooManyMessages(Math.ceil(result.ttl / 1000));
        }
      };
    };
    const readLimit = limit([limits.readsPerIpPerMinute, ipKey]);
    const sendLimits = limit(
      [limits.messagesPerIpPerMinute, ipKey],
      [limits.messagesPerVisitorPerMinute, visitorRateKey],
    );

    app.get(
      '/api/v1/widget/inboxes/:inboxId',
      {
        config: { access: 'public' },
        preHandler: readLimit,
        schema: {
          tags: ['widget'],
          summary:
            'The chat widget card of an inbox: open or not, the quote a customer would get, quotes kept this week',
          params: widgetInboxParamsSchema,
          response: { 200: z.object({ inbox: widgetInboxSchema }), ...errors },
        },
      },
      async (request) => ({ inbox: await getWidgetInbox(deps, { inboxId: request.params.inboxId }) }),
    );

    app.post(
      '/api/v1/widget/inboxes/:inboxId/session',
      {
        config: { access: 'visitor' },
        preHandler: readLimit,
        schema: {
          tags: ['widget'],
          summary: "Open the widget: the visitor's history, and a signed user id checked when the site gives one",
          params: widgetInboxParamsSchema,
          headers: visitorHeaders,
          body: widgetSessionBodySchema,
          response: { 200: widgetSessionSchema, ...errors },
        },
      },
      async (request) =>
        startWidgetSession(deps, {
          inboxId: request.params.inboxId,
          visitorId: visitorIdOf(request),
          body: request.body,
        }),
    );

    app.get(
      '/api/v1/widget/inboxes/:inboxId/messages',
      {
        config: { access: 'visitor' },
        preHandler: readLimit,
        schema: {
          tags: ['widget'],
          summary: "The visitor's messages and the team's answers (never internal notes), after a message id to resume",
          params: widgetInboxParamsSchema,
          headers: visitorHeaders,
          querystring: widgetMessagesQuerySchema,
          response: { 200: z.object({ messages: z.array(widgetMessageSchema) }), ...errors },
        },
      },
      async (request) =>
        listWidgetMessages(deps, {
          inboxId: request.params.inboxId,
          visitorId: visitorIdOf(request),
          after: request.query.after,
        }),
    );

    app.post(
      '/api/v1/widget/inboxes/:inboxId/messages',
      {
        config: { access: 'visitor' },
        preHandler: sendLimits,
        schema: {
          tags: ['widget'],
          summary:
            'Send a message as the visitor; the first one opens a conversation and is quoted. Idempotent by clientId',
          params: widgetInboxParamsSchema,
          headers: visitorHeaders,
          body: widgetSendBodySchema,
          response: { 201: widgetSendResultSchema, 200: widgetSendResultSchema, ...errors, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const result = await sendWidgetMessage(deps, {
          inboxId: request.params.inboxId,
          visitorId: visitorIdOf(request),
          body: request.body,
          language: request.body.language,
          timeZone: request.body.timeZone,
        });
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    );

    app.put(
      '/api/v1/widget/inboxes/:inboxId/contact',
      {
        config: { access: 'visitor' },
        preHandler: sendLimits,
        schema: {
          tags: ['widget'],
          summary: 'Leave a name or email so the team can reply after the visitor has gone',
          params: widgetInboxParamsSchema,
          headers: visitorHeaders,
          body: widgetContactBodySchema,
          response: {
            200: z.object({ customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }) }),
            ...errors,
          },
        },
      },
      async (request) =>
        updateWidgetContact(deps, {
          inboxId: request.params.inboxId,
          visitorId: visitorIdOf(request),
          ...request.body,
        }),
    );

    // The store enforces the size limit; busboy's limit is a backstop a little above it.
    await app.register(multipart, {
      limits: { fileSize: widgetAttachmentLimit(deps) + 1, files: 1, fields: 2, parts: 3 },
    });

    app.post(
      '/api/v1/widget/inboxes/:inboxId/attachments',
      {
        config: { access: 'visitor' },
        preHandler: sendLimits,
        schema: {
          tags: ['widget'],
          summary:
            'Upload a file to send (multipart/form-data, one field named "file"); then list its id in attachmentIds',
          consumes: ['multipart/form-data'],
          params: widgetInboxParamsSchema,
          headers: visitorHeaders,
          response: {
            201: z.object({ attachment: attachmentSchema }),
            ...errorResponses(400, 401, 404, 413, 429),
          },
        },
      },
      async (request, reply) => {
        const result = await receiveUpload(request, widgetAttachmentLimit(deps), (file) =>
          uploadWidgetAttachment(deps, {
            inboxId: request.params.inboxId,
            visitorId: visitorIdOf(request),
            name: file.filename,
            contentType: file.mimetype,
            source: file.file,
          }),
        );
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/v1/widget/inboxes/:inboxId/attachments/:attachmentId',
      {
        config: { access: 'visitor' },
        preHandler: readLimit,
        schema: {
          tags: ['widget'],
          summary: "Download a file of the visitor's own conversation (or their unsent upload)",
          params: widgetInboxParamsSchema.extend({ attachmentId: z.string().min(1) }),
          headers: visitorHeaders,
          response: { 200: z.unknown().describe('The file itself'), ...errorResponses(401, 404, 503) },
        },
      },
      async (request, reply) => {
        const { attachment, content } = await openWidgetAttachment(deps, {
          inboxId: request.params.inboxId,
          visitorId: visitorIdOf(request),
          attachmentId: request.params.attachmentId,
        });
        return sendAttachment(reply, attachment, content);
      },
    );

    app.get(
      '/api/v1/inboxes/:id/widget',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['widget'],
          summary: "The inbox's chat widget: the snippet to paste into a site and the secret that signs user ids",
          params: z.object({ id: z.string().min(1) }),
          response: { 200: z.object({ widget: widgetSettingsSchema }), ...adminErrors },
        },
      },
      async (request) => getWidgetSettings(deps, callerOf(request), { inboxId: request.params.id }),
    );

    app.post(
      '/api/v1/inboxes/:id/widget/secret',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['widget'],
          summary: 'Replace the secret that signs user ids; signatures made with the old one stop being trusted',
          params: z.object({ id: z.string().min(1) }),
          response: { 200: z.object({ widget: widgetSettingsSchema }), ...adminErrors },
        },
      },
      async (request) => getWidgetSettings(deps, callerOf(request), { inboxId: request.params.id, rotate: true }),
    );
  };
}
