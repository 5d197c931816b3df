import type {
  AnalyticsDimension,
  AnalyticsMeta,
  AnalyticsReport,
  Channel,
  QualityReport,
  Workload,
} from '@rapport/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client.ts';

export interface AnalyticsFilters {
  from: string;
  to: string;
  inboxId?: string | undefined;
  teamId?: string | undefined;
  channel?: Channel | undefined;
  agentId?: string | undefined;
  by: AnalyticsDimension;
}

export function useAnalyticsMeta() {
  return useQuery({ queryKey: ['analytics', 'meta'], queryFn: () => api.get<AnalyticsMeta>('/analytics/meta') });
}

export function useAnalyticsReport(filters: AnalyticsFilters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return useQuery({
    queryKey: ['analytics', 'report', params.toString()],
    queryFn: () => api.get<AnalyticsReport>(`/analytics/report?${params}`),
    // Keep the charts on screen while a changed filter loads.
    placeholderData: keepPreviousData,
  });
}

export function useWorkload(teamId: string | undefined) {
  return useQuery({
    queryKey: ['analytics', 'workload', teamId ?? ''],
    queryFn: () => api.get<Workload>(`/analytics/workload${teamId ? `?teamId=${encodeURIComponent(teamId)}` : ''}`),
    refetchInterval: 60_000,
  });
}

/** The caller's own quality numbers (an admin or analyst may pass one person's id). */
export function useQuality(range: { from: string; to: string; agentId?: string | undefined }) {
  const params = new URLSearchParams({ from: range.from, to: range.to });
  if (range.agentId) params.set('agentId', range.agentId);
  return useQuery({
    queryKey: ['analytics', 'quality', params.toString()],
    queryFn: () => api.get<QualityReport>(`/analytics/quality?${params}`),
    placeholderData: keepPreviousData,
  });
}
