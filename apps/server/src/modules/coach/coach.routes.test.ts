import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { fixedClock } from '../../platform/clock.ts';

type Headers = Record<string, string>;

eachEngine('reply coach', (context) => {
  let app: TestApp;
  const clock = fixedClock('2025-03-05T10:00:00Z'); // a Wednesday
  beforeAll(async () => {
    app = await buildTestApp(context, { clock });
  });
  afterAll(async () => {
    await app.close();
  });

  async function desk() {
    const built = await buildDesk(context.db);
    const agent = await buildAgent(context.db, { accountId: built.account.id, teamId: built.team.id });
    const admin = await buildSessionHeaders(context.db, built.admin);
    const agentHeaders = await buildSessionHeaders(context.db, agent);
    return { ...built, agent, admin, agentHeaders };
  }

  async function conversationWith(headers: Headers, inboxId: string, name: string, body: string) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers,
      payload: {
        inboxId,
        customer: { identity: { kind: 'email', value: `${name.toLowerCase()}@example.test` }, name },
        channel: 'email',
        message: { body },
      },
    });
    expect(created.statusCode).toBe(201);
    return created.json().conversation.id as string;
  }

  async function post(headers: Headers, conversationId: string, direction: string, body: string) {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers,
      payload: { direction, body },
    });
    expect(response.statusCode).toBe(201);
  }

  const reviewAs = (headers: Headers, payload: object) =>
    app.inject({ method: 'POST', url: '/api/v1/coach/review', headers, payload });

  it('reviews a draft: span, rule, reason and rewrites; analysts and advocates may not', async () => {
    const d = await desk();
    const draft = "Thanks for writing. It's, unfortunately, our policy.";
    const response = await reviewAs(d.agentHeaders, { draft });
    expect(response.statusCode).toBe(200);
    const [finding] = response.json().findings;
    expect(finding).toMatchObject({ ruleId: 'policy.our-policy', category: 'hiding-behind-policy' });
    expect(draft.slice(finding.start, finding.end)).toBe("It's, unfortunately, our policy");
    expect(finding.rewrites.length).toBeGreaterThan(0);

    for (const role of ['analyst', 'advocate'] as const) {
      const user = await buildUser(context.db, { accountId: d.account.id, role });
      const refused = await reviewAs(await buildSessionHeaders(context.db, user), { draft });
      expect(refused.statusCode).toBe(403);
    }
    const tooLong = await reviewAs(d.agentHeaders, { draft: 'a'.repeat(20_001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details.fields).toHaveProperty('draft');
    const badShare = await reviewAs(d.agentHeaders, { draft, savedReplyEditedShare: 2 });
    expect(badShare.statusCode).toBe(400);
  });

  it('with a conversation, uses the customer name, time zone, their words and the replies already sent', async () => {
    const d = await desk();
    const id = await conversationWith(
      d.admin,
      d.inbox.id,
      'Fern',
      'Your agent told me it is company policy and hung up on me.',
    );
    await context.db
      .updateTable('customers')
      .set({ time_zone: 'America/New_York' })
      .where('account_id', '=', d.account.id)
      .execute();
    await post(d.agentHeaders, id, 'outbound', 'Hi Fern, please restart the router and try again, then let me know.');

    // The customer's own account of what happened is theirs, not the agent's words.
    const echo = await reviewAs(d.agentHeaders, {
      conversationId: id,
      draft: 'Hi Fern, I am sorry you were told it is company policy and hung up on. That was wrong.',
    });
    expect(echo.json().findings).toEqual([]);

    // The same reply again, and a reply without the customer's name.
    const repeated = await reviewAs(d.agentHeaders, {
      conversationId: id,
      draft: 'Hi Fern, please restart the router and try again,  then let me know!',
    });
    expect(repeated.json().findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['personal.repeated-reply']);
    const unnamed = await reviewAs(d.agentHeaders, { conversationId: id, draft: 'The engineer comes on Monday.' });
    expect(unnamed.json().findings).toEqual([
      expect.objectContaining({ ruleId: 'personal.no-name', rewrites: ['Hi Fern,\n\nThe engineer comes on Monday.'] }),
    ]);

    // A promise's due time is read in the customer's zone: Friday 17:00 in New York.
    const promise = await reviewAs(d.agentHeaders, {
      conversationId: id,
      draft: "Hi Fern, I'll call you back by Friday.",
    });
    expect(promise.json().findings).toEqual([
      expect.objectContaining({
        ruleId: 'promise.track',
        commitment: { dueAt: '2025-03-07T22:00:00.000Z', phrase: 'by Friday' },
      }),
    ]);

    const unedited = await reviewAs(d.agentHeaders, {
      conversationId: id,
      draft: 'Hi Fern, your refund is on its way.',
      savedReplyEditedShare: 0.05,
    });
    expect(unedited.json().findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'personal.saved-reply-unedited',
    ]);
  });

  it("another account's conversation is not found", async () => {
    const mine = await desk();
    const theirs = await desk();
    const id = await conversationWith(theirs.admin, theirs.inbox.id, 'Gus', 'Hello');
    const response = await reviewAs(mine.agentHeaders, { conversationId: id, draft: 'Hi' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('conversation.not_found');
    const dismissal = await app.inject({
      method: 'POST',
      url: '/api/v1/coach/dismissals',
      headers: mine.agentHeaders,
      payload: { ruleId: 'dismiss.calm-down', reason: 'misread', conversationId: id },
    });
    expect(dismissal.statusCode).toBe(404);
  });

  it('admins add phrases that reviews use in their account only; agents read them', async () => {
    const d = await desk();
    const other = await desk();
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/coach/phrases',
      headers: d.admin,
      payload: {
        phrase: "That's not possible",
        category: 'dismissing',
        reason: 'Say what is possible instead.',
        rewrite: 'Here is what I can do',
      },
    });
    expect(created.statusCode).toBe(201);
    const phrase = created.json().phrase;
    expect(phrase).toMatchObject({ phrase: "That's not possible", category: 'dismissing' });

    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/coach/phrases',
      headers: d.admin,
      payload: { phrase: 'that’s  NOT possible', category: 'dismissing', reason: 'Again' },
    });
    expect(duplicate.statusCode).toBe(409);
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/v1/coach/phrases',
      headers: d.admin,
      payload: { phrase: '!!', category: 'rude', reason: '' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(Object.keys(invalid.json().error.details.fields).sort()).toEqual(['category', 'phrase', 'reason']);
    const byAgent = await app.inject({
      method: 'POST',
      url: '/api/v1/coach/phrases',
      headers: d.agentHeaders,
      payload: { phrase: 'Nope', category: 'dismissing', reason: 'x' },
    });
    expect(byAgent.statusCode).toBe(403);

    const listed = await app.inject({ method: 'GET', url: '/api/v1/coach/phrases', headers: d.agentHeaders });
    expect(listed.json().phrases).toEqual([expect.objectContaining({ id: phrase.id })]);

    const draft = 'That is, sadly, not possible.';
    const found = await reviewAs(d.agentHeaders, { draft });
    expect(found.json().findings).toEqual([
      expect.objectContaining({ ruleId: `account.${phrase.id}`, reason: 'Say what is possible instead.' }),
    ]);
    expect((await reviewAs(other.agentHeaders, { draft })).json().findings).toEqual([]);

    const updated = await app.inject({
      method: 'PATCH',
      url: `/api/v1/coach/phrases/${phrase.id}`,
      headers: d.admin,
      payload: { rewrite: 'Here is what I can do today' },
    });
    expect(updated.json().phrase).toMatchObject({
      phrase: "That's not possible",
      rewrite: 'Here is what I can do today',
    });
    expect((await reviewAs(d.agentHeaders, { draft })).json().findings[0].rewrites).toEqual([
      'Here is what I can do today',
    ]);

    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/coach/phrases/${phrase.id}`, headers: d.admin })).statusCode,
    ).toBe(204);
    expect((await reviewAs(d.agentHeaders, { draft })).json().findings).toEqual([]);
    const audit = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', phrase.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'coach_phrase.created',
      'coach_phrase.updated',
      'coach_phrase.deleted',
    ]);
  });

  it('dismissals are counted per rule and reason for admins, never per agent', async () => {
    const d = await desk();
    const second = await buildAgent(context.db, { accountId: d.account.id, teamId: d.team.id });
    const secondHeaders = await buildSessionHeaders(context.db, second);
    const id = await conversationWith(d.admin, d.inbox.id, 'Hana', 'Where is my order?');
    const dismiss = (headers: Headers, payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/coach/dismissals', headers, payload });

    const first = await dismiss(d.agentHeaders, { ruleId: 'dismiss.calm-down', reason: 'misread', conversationId: id });
    expect(first.statusCode).toBe(201);
    expect(first.json().dismissal).toMatchObject({
      ruleId: 'dismiss.calm-down',
      reason: 'misread',
      conversationId: id,
    });
    await dismiss(secondHeaders, { ruleId: 'dismiss.calm-down', reason: 'quoting-customer' });
    await dismiss(secondHeaders, { ruleId: 'dismiss.calm-down', reason: 'misread', note: 'They asked me to say it' });
    await dismiss(d.agentHeaders, { ruleId: 'apology.stock', reason: 'fits-here' });

    const bad = await dismiss(d.agentHeaders, { ruleId: 'Calm Down!', reason: 'because' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details.fields).sort()).toEqual(['reason', 'ruleId']);

    const summary = await app.inject({ method: 'GET', url: '/api/v1/coach/dismissals/summary', headers: d.admin });
    expect(summary.json()).toEqual({
      rules: [
        {
          ruleId: 'dismiss.calm-down',
          total: 3,
          reasons: { misread: 2, 'quoting-customer': 1, 'fits-here': 0, other: 0 },
        },
        { ruleId: 'apology.stock', total: 1, reasons: { misread: 0, 'quoting-customer': 0, 'fits-here': 1, other: 0 } },
      ],
    });
    expect(JSON.stringify(summary.json())).not.toContain(d.agent.id);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/coach/dismissals/summary', headers: d.agentHeaders }))
        .statusCode,
    ).toBe(403);
  });

  it('reads frustration from the messages since the last reply, with how long they waited', async () => {
    const d = await desk();
    const id = await conversationWith(d.admin, d.inbox.id, 'Ines', 'Could you tell me when my order ships?');
    const read = async () =>
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/coach/conversations/${id}/frustration`,
          headers: d.agentHeaders,
        })
      ).json().frustration;
    expect(await read()).toMatchObject({ level: 'calm', unanswered: 1, summary: null });

    clock.advance(26 * 3_600_000);
    await post(d.admin, id, 'inbound', 'Still nothing. This is the third time I ask.');
    clock.advance(26 * 3_600_000);
    await post(d.admin, id, 'inbound', 'Is anyone there??');
    clock.advance(26 * 3_600_000);
    const frustrated = await read();
    expect(frustrated).toMatchObject({ level: 'frustrated', unanswered: 3 });
    expect(frustrated.summary).toMatch(/^Customer seems frustrated: /);
    expect(frustrated.cues).toContain('waiting 3 days');

    await post(
      d.agentHeaders,
      id,
      'outbound',
      'I am so sorry, Ines. Your order left today; here is the tracking link.',
    );
    const answered = await read();
    expect(answered.unanswered).toBe(0);
    expect(answered.waitingSince).toBeNull();

    const analyst = await buildUser(context.db, { accountId: d.account.id, role: 'analyst' });
    const refused = await app.inject({
      method: 'GET',
      url: `/api/v1/coach/conversations/${id}/frustration`,
      headers: await buildSessionHeaders(context.db, analyst),
    });
    expect(refused.statusCode).toBe(403);
  });
});
