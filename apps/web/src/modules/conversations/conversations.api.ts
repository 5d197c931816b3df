import type {
  Channel,
  Conversation,
  ConversationQuote,
  ConversationStatus,
  Handoff,
  Message,
  MessageDirection,
  OwnershipEvent,
  Priority,
  PriorityChange,
  SearchResults,
} from '@rapport/contracts';
import {
  type InfiniteData,
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

export type ApiView = 'all' | 'mine' | 'team' | 'unowned' | 'waiting_on_us' | 'handoffs_for_me' | 'raised_by_me';
export type ViewCounts = Record<Exclude<ApiView, 'all'>, number>;

export type ListFilters = {
  status?: ConversationStatus | 'active' | undefined;
  channel?: Channel | undefined;
  inboxId?: string | undefined;
  tag?: string | undefined;
  customerId?: string | undefined;
};

type ListPage = { conversations: Conversation[]; nextCursor: string | null };

/**
 * Query keys. Everything about the list lives under ['conversations'] and everything about one
 * conversation under ['conversation', id], so a live event can refresh exactly what it touches.
 */
export const conversationKeys = {
  lists: ['conversations', 'list'] as const,
  list: (view: ApiView, filters: ListFilters, limit: number) =>
    ['conversations', 'list', view, filters, limit] as const,
  counts: ['conversations', 'counts'] as const,
  search: (q: string) => ['conversations', 'search', q] as const,
  one: (id: string) => ['conversation', id] as const,
  detail: (id: string) => ['conversation', id, 'detail'] as const,
  messages: (id: string) => ['conversation', id, 'messages'] as const,
  ownership: (id: string) => ['conversation', id, 'ownership'] as const,
  handoffs: (id: string) => ['conversation', id, 'handoffs'] as const,
  priorityChanges: (id: string) => ['conversation', id, 'priority-changes'] as const,
};

function listPath(view: ApiView, filters: ListFilters, limit: number, cursor?: string): string {
  const params = new URLSearchParams({ view, limit: String(limit) });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  return `/conversations?${params.toString()}`;
}

/** One view of the inbox, newest activity first, a page at a time (keyset cursor). */
export function useConversationList(view: ApiView, filters: ListFilters, options: { enabled?: boolean } = {}) {
  const limit = 25;
  return useInfiniteQuery({
    queryKey: conversationKeys.list(view, filters, limit),
    queryFn: ({ pageParam }) => api.get<ListPage>(listPath(view, filters, limit, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Switching views or filters keeps the old rows until the new ones arrive: no flash of empty.
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** A short list without paging, e.g. a customer's past conversations. */
export function useConversationsOf(filters: ListFilters, limit = 20, enabled = true) {
  return useQuery({
    queryKey: conversationKeys.list('all', filters, limit),
    queryFn: () => api.get<ListPage>(listPath('all', filters, limit)),
    select: (data) => data.conversations,
    enabled,
  });
}

export function useViewCounts(enabled = true) {
  return useQuery({
    queryKey: conversationKeys.counts,
    queryFn: () => api.get<{ counts: ViewCounts }>('/conversations/counts'),
    select: (data) => data.counts,
    enabled,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: conversationKeys.search(q),
    queryFn: () => api.get<SearchResults>(`/search?${new URLSearchParams({ q, limit: '20' }).toString()}`),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: conversationKeys.detail(id ?? ''),
    queryFn: () => api.get<{ conversation: Conversation }>(`/conversations/${encodeURIComponent(id ?? '')}`),
    select: (data) => data.conversation,
    enabled: !!id,
  });
}

/** The reply time the customer was quoted, and whether it was kept (null for conversations never quoted). */
export function useConversationQuote(id: string) {
  return useQuery({
    queryKey: [...conversationKeys.one(id), 'quote'],
    queryFn: () => api.get<{ quote: ConversationQuote | null }>(`/conversations/${encodeURIComponent(id)}/quote`),
    select: (data) => data.quote,
  });
}

export function useMessages(id: string) {
  return useQuery({
    queryKey: conversationKeys.messages(id),
    queryFn: () => api.get<{ messages: Message[] }>(`/conversations/${encodeURIComponent(id)}/messages`),
    select: (data) => data.messages,
  });
}

export function useOwnershipHistory(id: string) {
  return useQuery({
    queryKey: conversationKeys.ownership(id),
    queryFn: () => api.get<{ events: OwnershipEvent[] }>(`/conversations/${encodeURIComponent(id)}/ownership`),
    select: (data) => data.events,
  });
}

export function usePriorityChanges(id: string) {
  return useQuery({
    queryKey: conversationKeys.priorityChanges(id),
    queryFn: () => api.get<{ changes: PriorityChange[] }>(`/conversations/${encodeURIComponent(id)}/priority-changes`),
    select: (data) => data.changes,
  });
}

export function useHandoffs(id: string) {
  return useQuery({
    queryKey: conversationKeys.handoffs(id),
    queryFn: () => api.get<{ handoffs: Handoff[] }>(`/conversations/${encodeURIComponent(id)}/handoffs`),
    select: (data) => data.handoffs,
  });
}

/**
 * Puts a changed conversation everywhere it is shown, then lets the server confirm lists and counts.
 * Callers do not wait for the refresh: the answer is already on screen, and a component that the
 * change removes (an accepted handoff's banner) still gets its own onSuccess.
 */
export function rememberConversation(queryClient: QueryClient, conversation: Conversation): void {
  queryClient.setQueryData(conversationKeys.detail(conversation.id), { conversation });
  queryClient.setQueriesData<InfiniteData<ListPage>>({ queryKey: conversationKeys.lists }, (data) => {
    if (!data || !('pages' in data)) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        conversations: page.conversations.map((item) => (item.id === conversation.id ? conversation : item)),
      })),
    };
  });
  void refreshConversation(queryClient, conversation.id);
}

export function refreshConversation(queryClient: QueryClient, id: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: conversationKeys.one(id) }),
    queryClient.invalidateQueries({ queryKey: ['conversations'] }),
  ]).then(() => undefined);
}

function useConversationMutation<Input>(mutationFn: (input: Input) => Promise<{ conversation: Conversation }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: ({ conversation }) => rememberConversation(queryClient, conversation),
  });
}

const path = (id: string, rest = '') => `/conversations/${encodeURIComponent(id)}${rest}`;

export function useChangeStatus() {
  return useConversationMutation((input: { id: string; status: ConversationStatus }) =>
    api.post<{ conversation: Conversation }>(path(input.id, '/status'), { status: input.status }),
  );
}

export function useClaim() {
  return useConversationMutation((id: string) => api.post<{ conversation: Conversation }>(path(id, '/claim')));
}

export function useReassign() {
  return useConversationMutation((input: { id: string; userId: string; reason: string }) =>
    api.post<{ conversation: Conversation }>(path(input.id, '/reassign'), {
      userId: input.userId,
      reason: input.reason,
    }),
  );
}

export function useFlagAbusive() {
  return useConversationMutation((input: { id: string; reason: string }) =>
    api.post<{ conversation: Conversation }>(path(input.id, '/flag-abusive'), { reason: input.reason }),
  );
}

export function useUpdateConversation() {
  return useConversationMutation(
    (input: { id: string; subject?: string; priority?: Priority; contactReason?: string | null; tags?: string[] }) => {
      const { id, ...body } = input;
      return api.patch<{ conversation: Conversation }>(path(id), body);
    },
  );
}

export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { direction: MessageDirection; body: string; attachmentIds?: string[] }) =>
      api.post<{ message: Message }>(path(conversationId, '/messages'), body),
    onSuccess: ({ message }) => {
      // Shown at once; the live event that follows confirms it without a second copy.
      queryClient.setQueryData<{ messages: Message[] }>(conversationKeys.messages(conversationId), (data) =>
        data && !data.messages.some((m) => m.id === message.id) ? { messages: [...data.messages, message] } : data,
      );
      void refreshConversation(queryClient, conversationId);
    },
  });
}

export function useCreateConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      inboxId: string;
      customer: { identity: { kind: 'email' | 'phone'; value: string }; name?: string };
      subject?: string;
      channel?: Channel;
      message: { body: string };
      priority?: Priority;
      raisedOnBehalf: true;
    }) => api.post<{ conversation: Conversation }>('/conversations', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conversations'] }),
  });
}

function useHandoffMutation<Input>(conversationId: (input: Input) => string, fn: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (_data, input) => {
      void refreshConversation(queryClient, conversationId(input));
    },
  });
}

export function useRequestHandoff() {
  return useHandoffMutation(
    (input: { conversationId: string }) => input.conversationId,
    (input: { conversationId: string; toUserId?: string; toTeamId?: string; note: string }) => {
      const { conversationId, ...body } = input;
      return api.post<{ handoff: Handoff }>(path(conversationId, '/handoffs'), body);
    },
  );
}

export function useAcceptHandoff() {
  return useHandoffMutation(
    (input: { conversationId: string }) => input.conversationId,
    (input: { conversationId: string; handoffId: string }) =>
      api.post<{ handoff: Handoff }>(`/handoffs/${encodeURIComponent(input.handoffId)}/accept`),
  );
}

export function useDeclineHandoff() {
  return useHandoffMutation(
    (input: { conversationId: string }) => input.conversationId,
    (input: { conversationId: string; handoffId: string; reason: string }) =>
      api.post<{ handoff: Handoff }>(`/handoffs/${encodeURIComponent(input.handoffId)}/decline`, {
        reason: input.reason,
      }),
  );
}

export function useCancelHandoff() {
  return useHandoffMutation(
    (input: { conversationId: string }) => input.conversationId,
    (input: { conversationId: string; handoffId: string }) =>
      api.post<{ handoff: Handoff }>(`/handoffs/${encodeURIComponent(input.handoffId)}/cancel`),
  );
}
