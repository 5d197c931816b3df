import {
  analyticsMetaSchema,
  analyticsQuerySchema,
  analyticsReportSchema,
  qualityQuerySchema,
  qualityReportSchema,
  workloadSchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import {
  type AnalyticsDeps,
  getAnalyticsMeta,
  getAnalyticsReport,
  getQuality,
  getWorkload,
} from './analytics.service.ts';

const errors = errorResponses(400, 401, 403);
// Admins and analysts read the dashboard; agents never see a view of other people's numbers.
const readers = ['admin', 'analyst'] as const;

export function analyticsRoutes(deps: Pick<AnalyticsDeps, 'db'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/analytics/report',
      {
        config: { access: [...readers] },
        schema: {
          tags: ['analytics'],
          summary: 'Metrics over a range of days, filtered by inbox, team, channel or person, from the daily rollups',
          querystring: analyticsQuerySchema,
          response: { 200: analyticsReportSchema, ...errors },
        },
      },
      async (request) => getAnalyticsReport(deps, callerOf(request), request.query),
    );
    app.get(
      '/api/v1/analytics/quality',
      {
        // Agents read their own; admins and analysts may open one person's.
        config: { access: ['agent', ...readers] },
        schema: {
          tags: ['analytics'],
          summary:
            'One person’s own quality: satisfaction, effort, promises kept, recovery tasks closed and workload against capacity',
          querystring: qualityQuerySchema,
          response: { 200: qualityReportSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getQuality(deps, callerOf(request), request.query),
    );
    app.get(
      '/api/v1/analytics/workload',
      {
        config: { access: [...readers] },
        schema: {
          tags: ['analytics'],
          summary: 'Each person’s active conversations against their capacity, right now',
          querystring: z.object({ teamId: z.string().min(1).max(64).optional() }),
          response: { 200: workloadSchema, ...errors },
        },
      },
      async (request) => getWorkload(deps, callerOf(request), request.query),
    );
    app.get(
      '/api/v1/analytics/meta',
      {
        config: { access: [...readers] },
        schema: {
          tags: ['analytics'],
          summary: 'Every metric’s definition, and the inboxes, teams and people the filters offer',
          response: { 200: analyticsMetaSchema, ...errors },
        },
      },
      async (request) => getAnalyticsMeta(deps, callerOf(request)),
    );
  };
}
