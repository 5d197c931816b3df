import { errorBodySchema } from '@rapport/contracts';

/** The error statuses a route can answer, each with the one error body, for its OpenAPI schema. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema])) as Record<S, typeof errorBodySchema>;
}

/** What most signed-in routes can answer: bad input, not signed in, not allowed, not found, conflict. */
export const commonErrors = errorResponses(400, 401, 403, 404, 409);
