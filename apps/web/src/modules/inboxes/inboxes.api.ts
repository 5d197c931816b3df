import type { BusinessHours, Inbox, WidgetSettings } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const inboxesKey = ['inboxes'] as const;

export type InboxInput = {
  name: string;
  teamId: string | null;
  timeZone: string;
  businessHours: BusinessHours;
  /** What the customer is told when a handoff is accepted; null uses Rapport's wording. */
  handoffMessageTemplate: string | null;
};

export function useInboxes() {
  return useQuery({
    queryKey: inboxesKey,
    queryFn: () => api.get<{ inboxes: Inbox[] }>('/inboxes'),
    select: (data) => data.inboxes,
  });
}

export function useCreateInbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InboxInput) => api.post<{ inbox: Inbox }>('/inboxes', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxesKey }),
  });
}

export function useUpdateInbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<InboxInput> & { id: string }) =>
      api.patch<{ inbox: Inbox }>(`/inboxes/${encodeURIComponent(id)}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxesKey }),
  });
}

/** The inbox's chat widget (admins): the snippet to paste and the secret that signs user ids. */
export function useWidgetSettings(inboxId: string | null) {
  return useQuery({
    queryKey: ['inboxes', inboxId, 'widget'],
    enabled: inboxId !== null,
    queryFn: () => api.get<{ widget: WidgetSettings }>(`/inboxes/${encodeURIComponent(inboxId ?? '')}/widget`),
    select: (data) => data.widget,
  });
}

export function useRotateWidgetSecret(inboxId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ widget: WidgetSettings }>(`/inboxes/${encodeURIComponent(inboxId)}/widget/secret`),
    onSuccess: (data) => queryClient.setQueryData(['inboxes', inboxId, 'widget'], data),
  });
}
