import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client.ts';

/** What the desk follows through on per conversation and per customer; also the field each list comes back in. */
export type FollowThroughKind = 'commitments' | 'exceptions';

/**
 * Follow-through keeps the desk's and a customer's lists under ['follow-through'] and a conversation's
 * own under ['conversation', id, kind], so a live event refreshes exactly these.
 */
export const followThroughKeys = {
  all: ['follow-through'] as const,
  ofConversation: (kind: FollowThroughKind, id: string) => ['conversation', id, kind] as const,
  ofCustomer: (kind: FollowThroughKind, id: string) => ['follow-through', 'customer', id, kind] as const,
};

/** One conversation's or one customer's list of a kind, e.g. GET /customers/:id/exceptions. */
export function useFollowThroughList<Item>(
  kind: FollowThroughKind,
  of: { conversationId: string } | { customerId: string },
  enabled = true,
) {
  const [queryKey, path] =
    'conversationId' in of
      ? [
          followThroughKeys.ofConversation(kind, of.conversationId),
          `/conversations/${encodeURIComponent(of.conversationId)}`,
        ]
      : [followThroughKeys.ofCustomer(kind, of.customerId), `/customers/${encodeURIComponent(of.customerId)}`];
  return useQuery({
    queryKey,
    queryFn: () => api.get<Record<FollowThroughKind, Item[]>>(`${path}/${kind}`),
    select: (data) => data[kind],
    enabled,
  });
}

/** A change to one kind of follow-through; afterwards every list of that kind, wherever it shows, is fetched again. */
export function useFollowThroughMutation<Input, Result>(
  kind: FollowThroughKind,
  mutationFn: (input: Input) => Promise<Result>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: followThroughKeys.all }),
        queryClient.invalidateQueries({
          predicate: (query) => query.queryKey[0] === 'conversation' && query.queryKey[2] === kind,
        }),
      ]),
  });
}
