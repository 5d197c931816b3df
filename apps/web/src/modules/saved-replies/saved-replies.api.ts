import type { SavedReply } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const savedRepliesKey = ['saved-replies'] as const;

export function useSavedReplies(enabled = true) {
  return useQuery({
    queryKey: savedRepliesKey,
    queryFn: () => api.get<{ savedReplies: SavedReply[] }>('/saved-replies'),
    select: (data) => [...data.savedReplies].sort((a, b) => a.title.localeCompare(b.title)),
    staleTime: 60_000,
    enabled,
  });
}

function useSavedReplyMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: savedRepliesKey }) });
}

export function useCreateSavedReply() {
  return useSavedReplyMutation((body: { title: string; body: string }) =>
    api.post<{ savedReply: SavedReply }>('/saved-replies', body),
  );
}

export function useUpdateSavedReply() {
  return useSavedReplyMutation((input: { id: string; title: string; body: string }) => {
    const { id, ...body } = input;
    return api.patch<{ savedReply: SavedReply }>(`/saved-replies/${encodeURIComponent(id)}`, body);
  });
}

export function useDeleteSavedReply() {
  return useSavedReplyMutation((id: string) => api.delete(`/saved-replies/${encodeURIComponent(id)}`));
}
