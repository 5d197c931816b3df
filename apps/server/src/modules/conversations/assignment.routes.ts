import { availabilityBodySchema, capacityBodySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { type AssignmentDeps, setAvailability, setCapacity } from './assignment.service.ts';

const errors = errorResponses(400, 401, 403, 404);

export function assignmentRoutes(deps: AssignmentDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/api/v1/users/me/availability',
      {
        config: { access: ['admin', 'agent'] },
        schema: {
          tags: ['users'],
          summary: 'Set your availability (online, away, offline); going online picks up waiting conversations',
          body: availabilityBodySchema,
          response: {
            200: z.object({ availability: availabilityBodySchema.shape.availability, assigned: z.number().int() }),
            ...errors,
          },
        },
      },
      async (request) => setAvailability(deps, callerOf(request), request.body),
    );

    app.put(
      '/api/v1/users/:id/capacity',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['users'],
          summary: 'Set how many open conversations auto-assignment may give this person',
          params: z.object({ id: z.string().min(1) }),
          body: capacityBodySchema,
          response: { 200: capacityBodySchema, ...errors },
        },
      },
      async (request) =>
        setCapacity(deps, callerOf(request), { userId: request.params.id, capacity: request.body.capacity }),
    );
  };
}
