import type { ApiToken, InvitationSummary, Me } from '@rapport/contracts';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, isUnauthenticated, setCsrfToken } from '../../app/api-client.ts';

/** Why there is no signed-in person, so the sign-in page can say so. */
export type SignedOutReason = 'session_expired' | 'signed_out' | null;
export type Session = { me: Me; reason?: undefined } | { me: null; reason: SignedOutReason };

export const sessionKey = ['session'] as const;
const apiTokensKey = ['api-tokens'] as const;

async function fetchSession(): Promise<Session> {
  try {
    const me = await api.get<Me>('/auth/me');
    setCsrfToken(me.csrfToken);
    return { me };
  } catch (error) {
    if (isUnauthenticated(error)) {
      setCsrfToken(null);
      return { me: null, reason: error.code === 'auth.session_expired' ? 'session_expired' : null };
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

// The last signed-in person seen. While a sign-out re-renders the tree, components below the
// guard can render once more before the guard unmounts them; they keep this instead of throwing.
let lastMe: Me | null = null;

/** The signed-in person; only call below the route guard, where a session is certain. */
export function useMe(): Me {
  const { data } = useSession();
  if (data?.me) lastMe = data.me;
  const me = data?.me ?? lastMe;
  if (!me) throw new Error('useMe() needs a signed-in session; render it inside <RequireAuth>.');
  return me;
}

/** Starts a session from a Me returned by login or invitation accept, dropping any earlier user's cache. */
function startSession(queryClient: QueryClient, me: Me): void {
  setCsrfToken(me.csrfToken);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData<Session>(sessionKey, { me });
}

/** Called when any request answers 401: the guard then sends the person to /login. */
export function endSession(queryClient: QueryClient, reason: SignedOutReason): void {
  setCsrfToken(null);
  queryClient.setQueryData<Session>(sessionKey, { me: null, reason });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string; account?: string }) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => startSession(queryClient, me),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<void>('/auth/logout');
      } catch (error) {
        // Already signed out on the server: the goal is reached.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      endSession(queryClient, 'signed_out');
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
  });
}

export function useInvitationLookup(token: string | null) {
  return useQuery({
    queryKey: ['invitation-lookup', token],
    queryFn: () => api.post<InvitationSummary>('/invitations/lookup', { token }),
    enabled: token !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; name: string; email?: string; password: string }) =>
      api.post<Me>('/invitations/accept', body),
    onSuccess: (me) => startSession(queryClient, me),
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: apiTokensKey,
    queryFn: () => api.get<{ apiTokens: ApiToken[] }>('/api-tokens'),
    select: (data) => data.apiTokens,
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api.post<{ apiToken: ApiToken; token: string }>('/api-tokens', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });
}
