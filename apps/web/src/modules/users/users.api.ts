import type { Availability, Invitation, Role, User } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';
import { sessionKey } from '../auth/auth.api.ts';

const usersKey = ['users'] as const;
const invitationsKey = ['invitations'] as const;

export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => api.get<{ users: User[] }>('/users?includeInactive=true'),
    select: (data) => data.users,
  });
}

/** Active users only, for pickers such as team membership. */
export function useActiveUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => api.get<{ users: User[] }>('/users?includeInactive=true'),
    select: (data) => data.users.filter((user) => user.active),
  });
}

function useUserMutation<Input>(mutationFn: (input: Input) => Promise<{ user: User }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: usersKey }),
        // A changed name or role of the signed-in person shows in the user menu.
        queryClient.invalidateQueries({ queryKey: sessionKey }),
        queryClient.invalidateQueries({ queryKey: ['teams'] }),
      ]),
  });
}

export function useUpdateUser() {
  return useUserMutation((input: { id: string; name?: string; role?: Role; timeZone?: string | null }) => {
    const { id, ...body } = input;
    return api.patch<{ user: User }>(`/users/${encodeURIComponent(id)}`, body);
  });
}

export function useDeactivateUser() {
  return useUserMutation((id: string) => api.post<{ user: User }>(`/users/${encodeURIComponent(id)}/deactivate`));
}

export function useReactivateUser() {
  return useUserMutation((id: string) => api.post<{ user: User }>(`/users/${encodeURIComponent(id)}/reactivate`));
}

export function useInvitations() {
  return useQuery({
    queryKey: invitationsKey,
    queryFn: () => api.get<{ invitations: Invitation[] }>('/invitations'),
    select: (data) => data.invitations,
  });
}

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Role }) =>
      api.post<{ invitation: Invitation; link: string }>('/invitations', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey }),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/invitations/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey }),
  });
}

/** Online takes new work, away keeps what one has, offline takes nothing new. */
export function useSetAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (availability: Availability) =>
      api.put<{ availability: Availability; assigned: number }>('/users/me/availability', { availability }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sessionKey }),
        queryClient.invalidateQueries({ queryKey: usersKey }),
        // Going online can bring conversations that were waiting.
        queryClient.invalidateQueries({ queryKey: ['conversations'] }),
      ]),
  });
}

export function useSetCapacity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; capacity: number }) =>
      api.put<{ capacity: number }>(`/users/${encodeURIComponent(input.id)}/capacity`, { capacity: input.capacity }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: usersKey }),
        queryClient.invalidateQueries({ queryKey: sessionKey }),
      ]),
  });
}
