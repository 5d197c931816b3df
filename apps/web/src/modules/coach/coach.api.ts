import type { CoachPhrase, ConversationFrustration, coachDismissalReasons } from '@rapport/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

export const coachKeys = {
  phrases: ['coach', 'phrases'] as const,
  // Under ['conversation', id], so a live message event refreshes it with the timeline.
  frustration: (conversationId: string) => ['conversation', conversationId, 'frustration'] as const,
};

/** The account's own phrases; the composer reviews with them in the browser. */
export function useCoachPhrases(enabled = true) {
  return useQuery({
    queryKey: coachKeys.phrases,
    queryFn: () => api.get<{ phrases: CoachPhrase[] }>('/coach/phrases'),
    select: (data) => data.phrases,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useConversationFrustration(conversationId: string, enabled = true) {
  return useQuery({
    queryKey: coachKeys.frustration(conversationId),
    queryFn: () =>
      api.get<{ frustration: ConversationFrustration }>(
        `/coach/conversations/${encodeURIComponent(conversationId)}/frustration`,
      ),
    select: (data) => data.frustration,
    enabled,
  });
}

export type DismissalReason = (typeof coachDismissalReasons)[number];

export function useDismissFinding() {
  return useMutation({
    mutationFn: (body: { ruleId: string; reason: DismissalReason; conversationId?: string }) =>
      api.post('/coach/dismissals', body),
  });
}
