import { teamBodySchema, teamMembersBodySchema, teamSchema, teamUpdateBodySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  createTeam,
  deleteTeam,
  getTeam,
  listAccountTeams,
  setTeamMembers,
  type TeamsDeps,
  updateTeam,
} from './teams.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const teamBody = z.object({ team: teamSchema });

export function teamsRoutes(deps: TeamsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/teams',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['teams'],
          summary: 'Teams of your account with their members',
          response: { 200: z.object({ teams: z.array(teamSchema) }), ...errors },
        },
      },
      async (request) => listAccountTeams(deps, callerOf(request)),
    );

    app.get(
      '/api/v1/teams/:id',
      {
        config: { access: 'signed_in' },
        schema: { tags: ['teams'], summary: 'One team', params: idParams, response: { 200: teamBody, ...errors } },
      },
      async (request) => getTeam(deps, callerOf(request), { teamId: request.params.id }),
    );

    app.post(
      '/api/v1/teams',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['teams'],
          summary: 'Create a team',
          body: teamBodySchema,
          response: { 201: teamBody, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createTeam(deps, callerOf(request), request.body)),
    );

    app.patch(
      '/api/v1/teams/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['teams'],
          summary: 'Rename or describe a team',
          params: idParams,
          body: teamUpdateBodySchema,
          response: { 200: teamBody, ...errors },
        },
      },
      async (request) => updateTeam(deps, callerOf(request), { teamId: request.params.id, ...request.body }),
    );

    app.delete(
      '/api/v1/teams/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['teams'],
          summary: 'Delete a team; its inboxes keep working without a team',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteTeam(deps, callerOf(request), { teamId: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/api/v1/teams/:id/members',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['teams'],
          summary: 'Replace the members of a team',
          params: idParams,
          body: teamMembersBodySchema,
          response: { 200: teamBody, ...errors },
        },
      },
      async (request) =>
        setTeamMembers(deps, callerOf(request), { teamId: request.params.id, members: request.body.members }),
    );
  };
}
