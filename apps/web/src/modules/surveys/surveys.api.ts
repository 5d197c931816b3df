import type {
  CheckIn,
  FollowUpSettings,
  PublicSurvey,
  RecoveryTask,
  Survey,
  SurveyAnswerBody,
} from '@rapport/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

const enc = encodeURIComponent;

export const surveyKeys = {
  recoveryTasks: (status: 'open' | 'closed' | 'all', mine: boolean) =>
    ['follow-through', 'recovery-tasks', status, mine] as const,
  ofConversation: (id: string) => ['conversation', id, 'follow-up'] as const,
  ofCustomer: (id: string) => ['follow-through', 'customer', id, 'surveys'] as const,
  followUp: (inboxId: string) => ['follow-through', 'inbox', inboxId] as const,
  publicSurvey: (token: string) => ['public-survey', token] as const,
};

export function useRecoveryTasks(status: 'open' | 'closed' | 'all', mine: boolean, enabled = true) {
  return useQuery({
    enabled,
    queryKey: surveyKeys.recoveryTasks(status, mine),
    queryFn: () => {
      const params = new URLSearchParams({ mine: String(mine) });
      if (status !== 'all') params.set('status', status);
      return api.get<{ recoveryTasks: RecoveryTask[] }>(`/recovery-tasks?${params.toString()}`);
    },
    select: (data) => data.recoveryTasks,
  });
}

export function useCloseRecoveryTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note: string }) =>
      api.post<{ recoveryTask: RecoveryTask }>(`/recovery-tasks/${enc(input.id)}/close`, { note: input.note }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['follow-through'] }),
  });
}

export function useConversationFollowUp(conversationId: string) {
  return useQuery({
    queryKey: surveyKeys.ofConversation(conversationId),
    queryFn: () =>
      api.get<{ surveys: Survey[]; checkIns: CheckIn[] }>(`/conversations/${enc(conversationId)}/follow-up`),
  });
}

export function useCustomerSurveys(customerId: string, enabled = true) {
  return useQuery({
    queryKey: surveyKeys.ofCustomer(customerId),
    queryFn: () => api.get<{ surveys: Survey[] }>(`/customers/${enc(customerId)}/surveys`),
    select: (data) => data.surveys,
    enabled,
  });
}

export function useFollowUpSettings(inboxId: string) {
  return useQuery({
    queryKey: surveyKeys.followUp(inboxId),
    queryFn: () => api.get<{ followUp: FollowUpSettings }>(`/inboxes/${enc(inboxId)}/follow-up`),
    select: (data) => data.followUp,
  });
}

export function useSaveFollowUpSettings(inboxId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<FollowUpSettings, 'inboxId'>) =>
      api.put<{ followUp: FollowUpSettings }>(`/inboxes/${enc(inboxId)}/follow-up`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: surveyKeys.followUp(inboxId) }),
  });
}

// The customer's side: no session, the token in the link is the key.
export function usePublicSurvey(token: string) {
  return useQuery({
    queryKey: surveyKeys.publicSurvey(token),
    queryFn: () => api.get<{ survey: PublicSurvey }>(`/public/surveys/${enc(token)}`),
    select: (data) => data.survey,
    retry: false,
  });
}

export function useAnswerSurvey(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SurveyAnswerBody) =>
      api.post<{ survey: PublicSurvey; changed: boolean }>(`/public/surveys/${enc(token)}/answer`, body),
    onSuccess: (data) => queryClient.setQueryData(surveyKeys.publicSurvey(token), { survey: data.survey }),
  });
}
