import type { Webhook, WebhookDelivery } from '@rapport/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const webhooksKey = ['webhooks'] as const;
const path = (id: string, rest = '') => `/webhooks/${encodeURIComponent(id)}${rest}`;

export type WebhookInput = { url: string; description: string; eventTypes: string[] };

export function useWebhooks() {
  return useQuery({
    queryKey: webhooksKey,
    queryFn: () => api.get<{ webhooks: Webhook[] }>('/webhooks'),
    select: (data) => data.webhooks,
  });
}

function useWebhookMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }) });
}

export function useCreateWebhook() {
  return useWebhookMutation((body: WebhookInput) => api.post<{ webhook: Webhook; secret: string }>('/webhooks', body));
}

export function useUpdateWebhook() {
  return useWebhookMutation((input: Partial<WebhookInput> & { id: string; enabled?: boolean }) => {
    const { id, ...body } = input;
    return api.patch<{ webhook: Webhook }>(path(id), body);
  });
}

export function useDeleteWebhook() {
  return useWebhookMutation((id: string) => api.delete(path(id)));
}

export function useSendTestWebhook() {
  return useWebhookMutation((id: string) => api.post<{ delivery: WebhookDelivery }>(path(id, '/test')));
}

export function useWebhookDeliveries(id: string | null) {
  return useInfiniteQuery({
    queryKey: [...webhooksKey, id, 'deliveries'],
    queryFn: ({ pageParam }) =>
      api.get<{ deliveries: WebhookDelivery[]; nextBefore: string | null }>(
        path(id ?? '', `/deliveries?limit=25${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ''}`),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
    enabled: id !== null,
    // Pending deliveries settle within seconds; keep the list honest while it is open.
    refetchInterval: 5_000,
  });
}
