import type { Commitment } from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

/**
 * Everything about promises lives under ['follow-through'] (lists, a customer's) or under the
 * conversation's own key, so a live commitment event refreshes exactly these.
 */
export const commitmentKeys = {
  mine: ['follow-through', 'commitments', 'mine'] as const,
  ofConversation: (id: string) => ['conversation', id, 'commitments'] as const,
  ofCustomer: (id: string) => ['follow-through', 'customer', id, 'commitments'] as const,
};

const enc = encodeURIComponent;

export function useConversationCommitments(conversationId: string) {
  return useQuery({
    queryKey: commitmentKeys.ofConversation(conversationId),
    queryFn: () => api.get<{ commitments: Commitment[] }>(`/conversations/${enc(conversationId)}/commitments`),
    select: (data) => data.commitments,
  });
}

export function useCustomerCommitments(customerId: string, enabled = true) {
  return useQuery({
    queryKey: commitmentKeys.ofCustomer(customerId),
    queryFn: () => api.get<{ commitments: Commitment[] }>(`/customers/${enc(customerId)}/commitments`),
    select: (data) => data.commitments,
    enabled,
  });
}

/** The "Promises due" view: the caller's open promises, soonest first. */
export function useMyOpenCommitments(enabled = true) {
  return useQuery({
    queryKey: commitmentKeys.mine,
    queryFn: () => api.get<{ commitments: Commitment[] }>('/commitments?ownerId=me&status=open'),
    select: (data) => data.commitments,
    enabled,
    refetchInterval: 60_000,
  });
}

function useCommitmentMutation<Input>(mutationFn: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['follow-through'] }),
        queryClient.invalidateQueries({
          predicate: (query) => query.queryKey[0] === 'conversation' && query.queryKey[2] === 'commitments',
        }),
      ]),
  });
}

export function useCreateCommitment(conversationId: string) {
  return useCommitmentMutation((body: { what: string; dueAt: string; source?: 'manual' | 'coach' }) =>
    api.post<{ commitment: Commitment }>(`/conversations/${enc(conversationId)}/commitments`, body),
  );
}

export function useKeepCommitment() {
  return useCommitmentMutation((id: string) => api.post<{ commitment: Commitment }>(`/commitments/${enc(id)}/keep`));
}

export function useRenegotiateCommitment() {
  return useCommitmentMutation((input: { id: string; dueAt: string; messageId: string }) =>
    api.post<{ commitment: Commitment }>(`/commitments/${enc(input.id)}/renegotiate`, {
      dueAt: input.dueAt,
      messageId: input.messageId,
    }),
  );
}
