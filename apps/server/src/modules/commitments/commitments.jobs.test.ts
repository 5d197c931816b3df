import { afterAll, expect, it } from 'vitest';
import { buildAgent, buildDesk } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { createTestJobQueue } from '../../../test/kit/job-queue.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createEventDispatcher } from '../../platform/events/dispatcher.ts';
import { createLocalEventBus } from '../../platform/events/event-bus.ts';
import { createLogger } from '../../platform/logger.ts';
import { createConversation } from '../conversations/conversations.service.ts';
import { commitmentsListener } from './commitments.listeners.ts';
import { commitmentJobs, createCommitment } from './commitments.service.ts';

const logger = createLogger('silent');
const HOUR = 60 * 60 * 1000;

eachEngine('commitments on the durable job queue', (context) => {
  const opened: JobQueue[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((queue) => queue.stop()));
  });

  it('reminders and the breach survive a restart of the worker and happen once', async () => {
    // pg-boss reads the database clock, so the test clock starts at the real time.
    const clock = fixedClock(new Date());
    const first = await createTestJobQueue(context, { clock, logger });
    opened.push(first.queue);
    const events = createLocalEventBus(logger);
    const dispatcherOf = (jobs: JobQueue) =>
      createEventDispatcher({
        db: context.db,
        clock,
        logger,
        listeners: [commitmentsListener({ db: context.db, jobs, clock, reminderMinutes: [120, 15] })],
      });
    const desk = await buildDesk(context.db);
    const ivy = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy' });
    const deps = { db: context.db, clock, events, jobs: first.queue, reminderMinutes: [120, 15] };
    const admin = {
      accountId: desk.account.id,
      userId: desk.admin.id,
      role: 'admin' as const,
      via: 'session' as const,
    };
    const { conversation } = await createConversation(deps, admin, {
      inboxId: desk.inbox.id,
      customer: { identity: { kind: 'email', value: 'rue.fictional@example.test' } },
      channel: 'email',
      message: { body: 'When does my order ship?' },
    });
    const agent = { accountId: desk.account.id, userId: ivy.id, role: 'agent' as const, via: 'session' as const };
    const { commitment } = await createCommitment(deps, agent, {
      conversationId: conversation.id,
      what: 'Confirm the shipping date',
      dueAt: new Date(clock.now().getTime() + 3 * HOUR).toISOString(),
      source: 'manual',
    });
    // The outbox hands the event to the listener twice (a re-dispatch): the dedupe keys keep one set of jobs.
    await dispatcherOf(first.queue).dispatchPending();
    await context.db
      .updateTable('events')
      .set({ dispatched_at: null })
      .where('account_id', '=', desk.account.id)
      .execute();
    await dispatcherOf(first.queue).dispatchPending();
    // The worker stops before any job is due, as in a restart.
    await first.queue.stop();

    const second = await createTestJobQueue(context, { clock, logger });
    opened.push(second.queue);
    second.queue.register(commitmentJobs({ db: context.db, clock, events }));
    await second.advance(HOUR + 60_000);
    expect(await second.queue.drain()).toBe(1);
    await second.advance(HOUR + 50 * 60_000);
    expect(await second.queue.drain()).toBe(1);
    await second.advance(10 * 60_000);
    expect(await second.queue.drain()).toBe(1);
    expect(await second.queue.drain()).toBe(0);

    const row = await context.db
      .selectFrom('commitments')
      .selectAll()
      .where('id', '=', commitment.id)
      .executeTakeFirst();
    expect(row?.status).toBe('broken');
    const recorded = await context.db
      .selectFrom('events')
      .select('name')
      .where('account_id', '=', desk.account.id)
      .where('name', 'like', 'commitment.%')
      .orderBy('id')
      .execute();
    expect(recorded.map((event) => event.name)).toEqual([
      'commitment.created',
      'commitment.reminder_due',
      'commitment.reminder_due',
      'commitment.broken',
    ]);
  });
});
