import type { Commitment } from '@rapport/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';
import { useFollowThroughList, useFollowThroughMutation } from '../../app/follow-through-queries.ts';

/**
 * Everything about promises lives under ['follow-through'] (lists, a customer's) or under the
 * conversation's own key, so a live commitment event refreshes exactly these.
 */
export const commitmentKeys = {
  mine: ['follow-through', 'commitments', 'mine'] as const,
};

const enc = encodeURIComponent;

export function useConversationCommitments(conversationId: string) {
  return useFollowThroughList<Commitment>('commitments', { conversationId });
}

export function useCustomerCommitments(customerId: string, enabled = true) {
  return useFollowThroughList<Commitment>('commitments', { customerId }, enabled);
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

export function useCreateCommitment(conversationId: string) {
  return useFollowThroughMutation('commitments', (body: { what: string; dueAt: string; source?: 'manual' | 'coach' }) =>
    api.post<{ commitment: Commitment }>(`/conversations/${enc(conversationId)}/commitments`, body),
  );
}

export function useKeepCommitment() {
  return useFollowThroughMutation('commitments', (id: string) =>
    api.post<{ commitment: Commitment }>(`/commitments/${enc(id)}/keep`),
  );
}

export function useRenegotiateCommitment() {
  return useFollowThroughMutation('commitments', (input: { id: string; dueAt: string; messageId: string }) =>
    api.post<{ commitment: Commitment }>(`/commitments/${enc(input.id)}/renegotiate`, {
      dueAt: input.dueAt,
      messageId: input.messageId,
    }),
  );
}
