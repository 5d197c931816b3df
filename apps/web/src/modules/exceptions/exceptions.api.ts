import type { AuthorityLimit, ExceptionReport, ExceptionStatus, GoodwillException } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const enc = encodeURIComponent;

export const exceptionKeys = {
  list: (status: ExceptionStatus | 'all') => ['follow-through', 'exceptions', status] as const,
  report: ['follow-through', 'exceptions-report'] as const,
  limits: ['follow-through', 'authority-limits'] as const,
  ofConversation: (id: string) => ['conversation', id, 'exceptions'] as const,
  ofCustomer: (id: string) => ['follow-through', 'customer', id, 'exceptions'] as const,
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
  return useQuery({
    queryKey: exceptionKeys.ofConversation(conversationId),
    queryFn: () => api.get<{ exceptions: GoodwillException[] }>(`/conversations/${enc(conversationId)}/exceptions`),
    select: (data) => data.exceptions,
  });
}

export function useCustomerExceptions(customerId: string, enabled = true) {
  return useQuery({
    queryKey: exceptionKeys.ofCustomer(customerId),
    queryFn: () => api.get<{ exceptions: GoodwillException[] }>(`/customers/${enc(customerId)}/exceptions`),
    select: (data) => data.exceptions,
    enabled,
  });
}

export function useAuthorityLimits() {
  return useQuery({
    queryKey: exceptionKeys.limits,
    queryFn: () => api.get<{ limits: AuthorityLimit[] }>('/authority-limits'),
    select: (data) => data.limits,
  });
}

function useExceptionMutation<Input>(mutationFn: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['follow-through'] }),
        queryClient.invalidateQueries({
          predicate: (query) => query.queryKey[0] === 'conversation' && query.queryKey[2] === 'exceptions',
        }),
      ]),
  });
}

export function useSaveAuthorityLimits() {
  return useExceptionMutation((limits: AuthorityLimit[]) =>
    api.put<{ limits: AuthorityLimit[] }>('/authority-limits', { limits }),
  );
}

export function useRecordException(conversationId: string) {
  return useExceptionMutation(
    (body: { type: string; value: { amountMinor: number; currency: string }; policy: string; reason: string }) =>
      api.post<{ exception: GoodwillException }>(`/conversations/${enc(conversationId)}/exceptions`, body),
  );
}

export function useDecideException() {
  return useExceptionMutation((input: { id: string; approve: boolean; note?: string }) =>
    api.post<{ exception: GoodwillException }>(
      `/exceptions/${enc(input.id)}/${input.approve ? 'approve' : 'reject'}`,
      input.note ? { note: input.note } : {},
    ),
  );
}

export function useDeliverException() {
  return useExceptionMutation((id: string) =>
    api.post<{ exception: GoodwillException }>(`/exceptions/${enc(id)}/deliver`),
  );
}
