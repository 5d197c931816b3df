import type { Customer, CustomerNote } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

export const customerKeys = {
  one: (id: string) => ['customers', id] as const,
  detail: (id: string) => ['customers', id, 'detail'] as const,
  notes: (id: string) => ['customers', id, 'notes'] as const,
};

const path = (id: string, rest = '') => `/customers/${encodeURIComponent(id)}${rest}`;

export function useCustomer(id: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: () => api.get<{ customer: Customer }>(path(id)),
    select: (data) => data.customer,
    enabled,
  });
}

export function useCustomerNotes(id: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.notes(id),
    queryFn: () => api.get<{ notes: CustomerNote[] }>(path(id, '/notes')),
    select: (data) => data.notes,
    enabled,
  });
}

export function useAddCustomerNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post<{ notes: CustomerNote[] }>(path(id, '/notes'), { body }),
    onSuccess: (data) => queryClient.setQueryData(customerKeys.notes(id), data),
  });
}

export function useUpdateCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; language?: string; timeZone?: string }) =>
      api.patch<{ customer: Customer }>(path(id), body),
    onSuccess: (data) => {
      queryClient.setQueryData(customerKeys.detail(id), data);
      // Conversations show the customer's name.
      return queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
}
