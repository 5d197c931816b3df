import type { EmailChannelSettings, InboxChannel } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const channelsKey = (inboxId: string) => ['inboxes', inboxId, 'channels'] as const;

export function useInboxChannels(inboxId: string) {
  return useQuery({
    queryKey: channelsKey(inboxId),
    queryFn: () => api.get<{ channels: InboxChannel[] }>(`/inboxes/${encodeURIComponent(inboxId)}/channels`),
    select: (data) => data.channels,
  });
}

export function useSaveEmailChannel(inboxId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: EmailChannelSettings) =>
      api.put<{ channel: InboxChannel }>(`/inboxes/${encodeURIComponent(inboxId)}/channels`, {
        kind: 'email',
        settings,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey(inboxId) }),
  });
}
