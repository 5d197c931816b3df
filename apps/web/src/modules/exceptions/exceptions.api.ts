import type { AuthorityLimit, ExceptionReport, ExceptionStatus, GoodwillException } from '@rapport/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';
import { useFollowThroughList, useFollowThroughMutation } from '../../app/follow-through-queries.ts';

const enc = encodeURIComponent;

export const exceptionKeys = {
  list: (status: ExceptionStatus | 'all') => ['follow-through', 'exceptions', status] as const,
  report: ['follow-through', 'exceptions-report'] as const,
  limits: ['follow-through', 'authority-limits'] as const,
};

export function useExceptions(status: ExceptionStatus | 'all') {
  return useQuery({
    queryKey: exceptionKeys.list(status),
    queryFn: () =>
      api.get<{ exceptions: GoodwillException[] }>(status === 'all' ? '/exceptions' : `/exceptions?status=${status}`),
    select: (data) => data.exceptions,
  });
}

export function useExceptionReport() {
  return useQuery({
    queryKey: exceptionKeys.report,
    queryFn: () => api.get<{ report: ExceptionReport }>('/exceptions/report'),
    select: (data) => data.report,
  });
}

export function useConversationExceptions(conversationId: string) {
  return useFollowThroughList<GoodwillException>('exceptions', { conversationId });
}

export function useCustomerExceptions(customerId: string, enabled = true) {
  return useFollowThroughList<GoodwillException>('exceptions', { customerId }, enabled);
}

export function useAuthorityLimits() {
  return useQuery({
    queryKey: exceptionKeys.limits,
    queryFn: () => api.get<{ limits: AuthorityLimit[] }>('/authority-limits'),
    select: (data) => data.limits,
  });
}

export function useSaveAuthorityLimits() {
  return useFollowThroughMutation('exceptions', (limits: AuthorityLimit[]) =>
    api.put<{ limits: AuthorityLimit[] }>('/authority-limits', { limits }),
  );
}

export function useRecordException(conversationId: string) {
  return useFollowThroughMutation(
    'exceptions',
    (body: { type: string; value: { amountMinor: number; currency: string }; policy: string; reason: string }) =>
      api.post<{ exception: GoodwillException }>(`/conversations/${enc(conversationId)}/exceptions`, body),
  );
}

export function useDecideException() {
  return useFollowThroughMutation('exceptions', (input: { id: string; approve: boolean; note?: string }) =>
    api.post<{ exception: GoodwillException }>(
      `/exceptions/${enc(input.id)}/${input.approve ? 'approve' : 'reject'}`,
      input.note ? { note: input.note } : {},
    ),
  );
}

export function useDeliverException() {
  return useFollowThroughMutation('exceptions', (id: string) =>
    api.post<{ exception: GoodwillException }>(`/exceptions/${enc(id)}/deliver`),
  );
}
