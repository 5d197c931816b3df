import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';
import { surveySecret } from './surveys.service.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

eachEngine('follow-up: check-ins, surveys and recovery', (context) => {
  // 10:00 in Paris, so three days later is daytime and the check-in is not moved.
  const clock = fixedClock('2026-03-02T09:00:00.000Z');
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
  });
  afterAll(async () => {
    await app.close();
  });

  async function run() {
    await app.machinery.dispatcher.dispatchPending();
    await app.machinery.jobs.drain();
    await app.machinery.dispatcher.dispatchPending();
  }

  async function resolvedConversation() {
    const desk = await buildDesk(context.db);
    const ivy = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy Agent' });
    const ivyHeaders = await buildSessionHeaders(context.db, ivy);
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const conversation = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: adminHeaders,
        payload: {
          inboxId: desk.inbox.id,
          customer: { identity: { kind: 'email', value: 'moss.fictional@example.test' }, name: 'Moss Fictional' },
          channel: 'email',
          message: { body: 'The kettle I bought leaks' },
        },
      })
    ).json().conversation;
    const resolve = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/status`,
        headers: ivyHeaders,
        payload: { status: 'resolved' },
      });
    expect((await resolve()).statusCode).toBe(200);
    await run();
    return { desk, ivy, ivyHeaders, adminHeaders, conversation, resolve };
  }

  const messagesOf = async (conversationId: string, headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/messages`, headers })).json()
      .messages as { body: string; authorType: string; direction: string }[];

  function surveyTokenIn(body: string): string {
    const match = body.match(/\/survey\/([^\s?]+)/);
    if (!match?.[1]) throw new Error(`no survey link in: ${body}`);
    return match[1];
  }

  const answer = (token: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}/answer`, payload: payload as object });

  it('a check-in with a survey goes out three days after resolution; a poor score opens a recovery task for the owner', async () => {
    const { ivy, ivyHeaders, conversation } = await resolvedConversation();
    clock.advance(3 * DAY - HOUR);
    await run();
    expect((await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system')).toEqual([]);

    clock.advance(HOUR);
    await run();
    const checkIn = (await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system');
    expect(checkIn).toHaveLength(1);
    expect(checkIn[0]).toMatchObject({ direction: 'outbound', body: expect.stringMatching(/^Hi Moss,/) });
    expect(checkIn[0]?.body).toMatch(/Did everything work out/);
    expect(checkIn[0]?.body).toMatch(/http:\/\/rapport\.example\.test\/survey\/\S+\?score=1/);
    const token = surveyTokenIn(checkIn[0]?.body ?? '');

    // A job run again after a restart sends nothing more.
    await run();
    expect((await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system')).toHaveLength(1);

    const page = await app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().survey).toMatchObject({
      subject: 'The kettle I bought leaks',
      answer: null,
      changeableUntil: null,
    });

    const answered = await answer(token, { csat: 2, effort: 6, comment: 'Three emails to get a reply.' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ changed: false, survey: { answer: { csat: 2, effort: 6 } } });
    // Committed before the answer: it is in the database now.
    const stored = await context.db
      .selectFrom('surveys')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .execute();
    expect(stored).toMatchObject([{ csat: 2, effort: 6, comment: 'Three emails to get a reply.' }]);

    await run();
    const tasks = await app.inject({
      method: 'GET',
      url: '/api/v1/recovery-tasks?mine=true&status=open',
      headers: ivyHeaders,
    });
    expect(tasks.json().recoveryTasks).toMatchObject([
      {
        conversationId: conversation.id,
        csat: 2,
        effort: 6,
        comment: 'Three emails to get a reply.',
        assignee: { id: ivy.id },
        status: 'open',
      },
    ]);
    const notices = await context.db
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', ivy.id)
      .where('kind', '=', 'recovery_task.opened')
      .execute();
    expect(notices).toHaveLength(1);

    // Changed within a day: the answer is replaced, still one recovery task.
    clock.advance(20 * HOUR);
    const changed = await answer(token, { csat: 4 });
    expect(changed.json()).toMatchObject({ changed: true, survey: { answer: { csat: 4, effort: null } } });
    await run();
    const after = await app.inject({ method: 'GET', url: '/api/v1/recovery-tasks', headers: ivyHeaders });
    expect(
      after.json().recoveryTasks.filter((t: { conversationId: string }) => t.conversationId === conversation.id),
    ).toHaveLength(1);

    // More than a day after the first answer: refused, and the stored answer stands.
    clock.advance(5 * HOUR);
    const late = await answer(token, { csat: 1 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('survey.already_answered');

    // Closing a recovery task needs a note of what was done.
    const taskId = tasks.json().recoveryTasks[0].id;
    const bare = await app.inject({
      method: 'POST',
      url: `/api/v1/recovery-tasks/${taskId}/close`,
      headers: ivyHeaders,
      payload: {},
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details.fields).toHaveProperty('note');
    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/recovery-tasks/${taskId}/close`,
      headers: ivyHeaders,
      payload: { note: 'Called Moss, sent a new kettle and apologised for the slow replies.' },
    });
    expect(closed.json().recoveryTask).toMatchObject({ status: 'closed', closedBy: { id: ivy.id } });

    const followUp = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/follow-up`,
      headers: ivyHeaders,
    });
    expect(followUp.json()).toMatchObject({
      checkIns: [{ status: 'sent' }],
      surveys: [{ csat: 4, sentWith: 'check_in' }],
    });
  });

  it('tampered and expired survey links get a clear 4xx; answers are validated', async () => {
    const { ivyHeaders, conversation } = await resolvedConversation();
    clock.advance(3 * DAY);
    await run();
    const [checkIn] = (await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system');
    const token = surveyTokenIn(checkIn?.body ?? '');
    const [id, seconds, signature] = token.split('.');
    const stretched = await answer(`${id}.${Number(seconds) + 30 * 86_400}.${signature}`, { csat: 5 });
    expect(stretched.statusCode).toBe(404);
    expect(stretched.json().error).toMatchObject({
      code: 'survey.not_found',
      message: expect.stringMatching(/not valid/),
    });
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/surveys/garbage' })).statusCode).toBe(404);

    const outOfRange = await answer(token, { csat: 9, effort: 0 });
    expect(outOfRange.statusCode).toBe(400);
    expect(Object.keys(outOfRange.json().error.details.fields).sort()).toEqual(['csat', 'effort']);

    clock.advance(14 * DAY + HOUR);
    await run();
    const expired = await answer(token, { csat: 5 });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.code).toBe('survey.expired');
    expect((await app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` })).statusCode).toBe(409);
    const [row] = await context.db
      .selectFrom('surveys')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .execute();
    expect(row?.expired_at).not.toBeNull();
    expect(row?.csat).toBeNull();
  });

  it('no check-in when the customer wrote again; their message reopens the conversation with its owner', async () => {
    const { ivy, ivyHeaders, adminHeaders, conversation, resolve } = await resolvedConversation();
    clock.advance(DAY);
    const wrote = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: adminHeaders,
      payload: { direction: 'inbound', body: 'Actually it still leaks a little' },
    });
    expect(wrote.statusCode).toBe(201);
    const reopened = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: ivyHeaders })
    ).json().conversation;
    expect(reopened).toMatchObject({ status: 'open', owner: { id: ivy.id }, reopenCount: 1 });
    clock.advance(3 * DAY);
    await run();
    expect((await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system')).toEqual([]);
    const followUp = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/follow-up`,
      headers: ivyHeaders,
    });
    expect(followUp.json().checkIns).toMatchObject([{ status: 'skipped', skippedReason: 'the customer wrote again' }]);

    // Resolved again: a new check-in, and a reply to it reopens the conversation with Ivy.
    expect((await resolve()).statusCode).toBe(200);
    await run();
    clock.advance(3 * DAY);
    await run();
    expect((await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system')).toHaveLength(1);
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: adminHeaders,
      payload: { direction: 'inbound', body: 'All good now, thanks' },
    });
    const again = (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}`, headers: ivyHeaders })
    ).json().conversation;
    expect(again).toMatchObject({ status: 'open', owner: { id: ivy.id } });
  });

  it('an inbox can send the survey at resolution without a check-in; a poor score of a departed owner goes to the team lead', async () => {
    const desk = await buildDesk(context.db);
    const adminHeaders = await buildSessionHeaders(context.db, desk.admin);
    const agentHeaders = await buildSessionHeaders(
      context.db,
      await buildUser(context.db, { accountId: desk.account.id }),
    );
    const refused = await app.inject({
      method: 'PUT',
      url: `/api/v1/inboxes/${desk.inbox.id}/follow-up`,
      headers: agentHeaders,
      payload: { checkInDays: 0, surveyTiming: 'at_resolution' },
    });
    expect(refused.statusCode).toBe(403);
    const set = await app.inject({
      method: 'PUT',
      url: `/api/v1/inboxes/${desk.inbox.id}/follow-up`,
      headers: adminHeaders,
      payload: { checkInDays: 0, surveyTiming: 'at_resolution' },
    });
    expect(set.json().followUp).toEqual({ inboxId: desk.inbox.id, checkInDays: 0, surveyTiming: 'at_resolution' });

    const lead = await buildAgent(context.db, {
      accountId: desk.account.id,
      name: 'Lea Lead',
      availability: 'offline',
    });
    await context.db
      .insertInto('team_members')
      .values({
        account_id: desk.account.id,
        team_id: desk.team.id,
        user_id: lead.id,
        is_lead: 1,
        created_at: clock.now().toISOString(),
      })
      .execute();
    const ivy = await buildAgent(context.db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy Agent' });
    const ivyHeaders = await buildSessionHeaders(context.db, ivy);
    const conversation = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: adminHeaders,
        payload: {
          inboxId: desk.inbox.id,
          customer: { identity: { kind: 'email', value: 'ash.fictional@example.test' } },
          message: { body: 'Invoice question' },
        },
      })
    ).json().conversation;
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/status`,
      headers: ivyHeaders,
      payload: { status: 'resolved' },
    });
    await run();
    const [survey] = (await messagesOf(conversation.id, ivyHeaders)).filter((m) => m.authorType === 'system');
    expect(survey?.body).toMatch(/^Hi,\n\nThank you for getting in touch/);
    // Ivy leaves before the customer answers.
    await context.db
      .updateTable('users')
      .set({ deactivated_at: clock.now().toISOString() })
      .where('id', '=', ivy.id)
      .execute();
    expect((await answer(surveyTokenIn(survey?.body ?? ''), { csat: 3, effort: 5 })).statusCode).toBe(200);
    const [task] = (
      await app.inject({ method: 'GET', url: '/api/v1/recovery-tasks?status=open', headers: adminHeaders })
    )
      .json()
      .recoveryTasks.filter((t: { conversationId: string }) => t.conversationId === conversation.id);
    expect(task).toMatchObject({ assignee: { id: lead.id }, effort: 5 });
    clock.advance(4 * DAY);
    await run();
    expect(
      await context.db.selectFrom('check_ins').selectAll().where('conversation_id', '=', conversation.id).execute(),
    ).toEqual([]);
  });

  it('without a configured secret, one is generated once, kept in the database and shared', async () => {
    const first = await surveySecret({ db: context.db, clock, surveys: { validDays: 14 } });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const [row] = await context.db
      .selectFrom('server_secrets')
      .selectAll()
      .where('name', '=', 'survey_links')
      .execute();
    expect(row?.value).toBe(first);
    // Another instance (no cache for a fresh executor object) reads the same one.
    const other = await surveySecret({ db: context.db.withoutPlugins(), clock, surveys: { validDays: 14 } });
    expect(other).toBe(first);
    expect(await surveySecret({ db: context.db, clock, surveys: { validDays: 14, secret: 'x'.repeat(32) } })).toBe(
      'x'.repeat(32),
    );
  });
});
