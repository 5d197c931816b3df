import type { Notification } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

export const notificationsKey = ['notifications'] as const;

export function useNotifications() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: () => api.get<{ notifications: Notification[] }>('/notifications?limit=30'),
    select: (data) => data.notifications,
    // Live events refresh it; this is only the backstop.
    refetchInterval: 120_000,
  });
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      await Promise.all(ids.map((id) => api.post<void>(`/notifications/${encodeURIComponent(id)}/read`)));
    },
    onMutate: (ids) => {
      const at = new Date().toISOString();
      queryClient.setQueryData<{ notifications: Notification[] }>(notificationsKey, (data) =>
        data
          ? {
              notifications: data.notifications.map((n) =>
                ids.includes(n.id) && !n.readAt ? { ...n, readAt: at } : n,
              ),
            }
          : data,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
