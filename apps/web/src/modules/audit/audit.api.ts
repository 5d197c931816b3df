import type { AuditEntry } from '@rapport/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

type AuditPage = { entries: AuditEntry[]; nextBefore: string | null };

const pageSize = 50;

/** Newest first; each "Load older" asks for the page before the last entry seen. */
export function useAuditLog() {
  return useInfiniteQuery({
    queryKey: ['audit-log'],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(pageSize) });
      if (pageParam) params.set('before', pageParam);
      return api.get<AuditPage>(`/audit-log?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextBefore,
  });
}
