import type { Team } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const teamsKey = ['teams'] as const;

export function useTeams() {
  return useQuery({
    queryKey: teamsKey,
    queryFn: () => api.get<{ teams: Team[] }>('/teams'),
    select: (data) => data.teams,
  });
}

function useTeamMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: teamsKey }),
        // Inboxes show their team's name.
        queryClient.invalidateQueries({ queryKey: ['inboxes'] }),
      ]),
  });
}

export function useCreateTeam() {
  return useTeamMutation((body: { name: string; description: string }) => api.post<{ team: Team }>('/teams', body));
}

export function useUpdateTeam() {
  return useTeamMutation((input: { id: string; name?: string; description?: string }) => {
    const { id, ...body } = input;
    return api.patch<{ team: Team }>(`/teams/${encodeURIComponent(id)}`, body);
  });
}

export function useDeleteTeam() {
  return useTeamMutation((id: string) => api.delete(`/teams/${encodeURIComponent(id)}`));
}

export function useSetTeamMembers() {
  return useTeamMutation((input: { id: string; members: { userId: string; isLead: boolean }[] }) =>
    api.put<{ team: Team }>(`/teams/${encodeURIComponent(input.id)}/members`, { members: input.members }),
  );
}
