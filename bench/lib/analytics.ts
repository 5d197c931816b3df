import { analyticsQuerySchema, qualityQuerySchema } from '@rapport/contracts';
import {
  getAnalyticsReport,
  getQuality,
  getWorkload,
  rebuildAnalytics,
  refreshConversationFacts,
  rollupDirtyDay,
} from '../../apps/server/src/modules/analytics/analytics.service.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import type { Storage } from '../../apps/server/src/storage/connect.ts';
import { type Latency, timeEach } from './measure.ts';
import type { Actors } from './scenarios.ts';

const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Builds the analytics read model for the whole bench database (timed: what `rapport analytics
 * rebuild` costs), then times every dashboard query the analytics page makes, through the service.
 */
export async function measureAnalytics(
  storage: Storage,
  actors: Actors,
  iterations: number,
): Promise<{
  rebuild: { seconds: number; conversations: number; rollupRows: number };
  queries: { name: string; latency: Latency }[];
  lateEvent: Latency;
}> {
  const started = performance.now();
  const built = await rebuildAnalytics({ db: storage.db, clock: systemClock });
  const rebuild = {
    seconds: (performance.now() - started) / 1000,
    conversations: built.conversations,
    rollupRows: built.rollupRows,
  };

  const newest = await storage.db
    .selectFrom('conversations')
    .select('created_at')
    .where('account_id', '=', actors.accountId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const to = newest.created_at.slice(0, 10);
  const inbox = await storage.db
    .selectFrom('inboxes')
    .select('id')
    .where('account_id', '=', actors.accountId)
    .executeTakeFirstOrThrow();
  const deps = { db: storage.db };
  const report = (query: Record<string, string>) => () =>
    getAnalyticsReport(deps, actors.admin, analyticsQuerySchema.parse({ to, ...query }));
  const scenarios: [string, () => Promise<unknown>][] = [
    ['Analytics: 30 days, all', report({ from: dayBefore(to, 29) })],
    ['Analytics: 90 days, all', report({ from: dayBefore(to, 89) })],
    ['Analytics: 365 days, all', report({ from: dayBefore(to, 364) })],
    ['Analytics: 90 days, one inbox', report({ from: dayBefore(to, 89), inboxId: inbox.id })],
    ['Analytics: 90 days, channel=chat', report({ from: dayBefore(to, 89), channel: 'chat' })],
    ['Analytics: 90 days, one person', report({ from: dayBefore(to, 89), agentId: actors.busyAgent.userId })],
    ['Analytics: 90 days, by person', report({ from: dayBefore(to, 89), by: 'agent' })],
    ['Analytics: workload (now)', () => getWorkload(deps, actors.admin, {})],
    [
      'Analytics: 365 days, one person’s quality page',
      () =>
        getQuality(
          deps,
          actors.admin,
          qualityQuerySchema.parse({ from: dayBefore(to, 364), to, agentId: actors.busyAgent.userId }),
        ),
    ],
  ];
  const queries: { name: string; latency: Latency }[] = [];
  for (const [name, run] of scenarios) {
    await run();
    queries.push({ name, latency: await timeEach(Array.from({ length: iterations }), run) });
  }
  // The write side at size: what the listener and the day job do when a late event arrives (a survey
  // answered weeks later): the conversation's facts, then each day it counts on and that day's month.
  const late = await storage.db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', actors.accountId)
    .where('created_at', '>=', `${dayBefore(to, 89)}T00:00:00.000Z`)
    .where('resolved_at', 'is not', null)
    .orderBy('id')
    .limit(iterations + 10)
    .execute();
  const lateEvent = await timeEach(late, async ({ id }) => {
    const days: string[] = [];
    const jobs = { enqueue: async (_job: unknown, payload: { day: string }) => void days.push(payload.day) };
    await refreshConversationFacts(
      { db: storage.db, clock: systemClock, jobs: jobs as never },
      { accountId: actors.accountId, conversationId: id },
    );
    for (const day of days) await rollupDirtyDay(deps, { accountId: actors.accountId, day });
  });
  return { rebuild, queries, lateEvent };
}
