import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';

eachEngine('goodwill exceptions within and above authority', (context) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  async function desk() {
    const built = await buildDesk(context.db);
    const ivy = await buildAgent(context.db, { accountId: built.account.id, teamId: built.team.id, name: 'Ivy Agent' });
    const ivyHeaders = await buildSessionHeaders(context.db, ivy);
    const adminHeaders = await buildSessionHeaders(context.db, built.admin);
    const conversation = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: adminHeaders,
        payload: {
          inboxId: built.inbox.id,
          customer: { identity: { kind: 'email', value: 'fen.fictional@example.test' } },
          message: { body: 'Charged a late fee although I paid on time' },
        },
      })
    ).json().conversation;
    const limits = await app.inject({
      method: 'PUT',
      url: '/api/v1/authority-limits',
      headers: adminHeaders,
      payload: {
        limits: [
          { role: 'agent', type: 'refund', currency: 'eur', maxAmountMinor: 5000 },
          { role: 'agent', type: 'fee_waiver', currency: 'EUR', maxAmountMinor: 2500 },
        ],
      },
    });
    expect(limits.statusCode, limits.body).toBe(200);
    return { ...built, ivy, ivyHeaders, adminHeaders, conversation };
  }

  const record = (headers: Record<string, string>, conversationId: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/exceptions`,
      headers,
      payload: payload as object,
    });

  it('within the limit it is granted at once; above it an admin approves and the agent delivers', async () => {
    const { ivy, ivyHeaders, adminHeaders, admin, conversation } = await desk();
    const agentSees = await app.inject({ method: 'GET', url: '/api/v1/authority-limits', headers: ivyHeaders });
    expect(agentSees.json().limits).toContainEqual({
      role: 'agent',
      type: 'refund',
      currency: 'EUR',
      maxAmountMinor: 5000,
    });

    const small = await record(ivyHeaders, conversation.id, {
      type: 'fee_waiver',
      value: { amountMinor: 1500, currency: 'EUR' },
      policy: 'Late payment fee',
      reason: 'Paid on time; the bank was slow',
    });
    expect(small.statusCode, small.body).toBe(201);
    expect(small.json().exception).toMatchObject({
      status: 'granted',
      requestedBy: { id: ivy.id },
      value: { amountMinor: 1500, currency: 'EUR' },
    });

    const large = await record(ivyHeaders, conversation.id, {
      type: 'refund',
      value: { amountMinor: 12000, currency: 'EUR' },
      policy: 'No refunds after 30 days',
      reason: 'Faulty from day one, reported late because of a hospital stay',
    });
    const pending = large.json().exception;
    expect(pending.status).toBe('pending_approval');
    // Another currency has no limit: it needs approval too.
    const dollars = await record(ivyHeaders, conversation.id, {
      type: 'refund',
      value: { amountMinor: 100, currency: 'USD' },
      policy: 'No refunds after 30 days',
      reason: 'Small one',
    });
    expect(dollars.json().exception.status).toBe('pending_approval');

    const early = await app.inject({
      method: 'POST',
      url: `/api/v1/exceptions/${pending.id}/deliver`,
      headers: ivyHeaders,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('exception.not_deliverable');
    const agentApproves = await app.inject({
      method: 'POST',
      url: `/api/v1/exceptions/${pending.id}/approve`,
      headers: ivyHeaders,
      payload: {},
    });
    expect(agentApproves.statusCode).toBe(403);

    await app.machinery.dispatcher.dispatchPending();
    const adminNotices = await context.db
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', admin.id)
      .where('kind', '=', 'exception.approval_requested')
      .execute();
    expect(adminNotices.map((n) => n.body)).toContainEqual(
      expect.stringMatching(/asks to approve a refund of €120\.00/),
    );

    const queue = await app.inject({
      method: 'GET',
      url: '/api/v1/exceptions?status=pending_approval',
      headers: adminHeaders,
    });
    expect(queue.json().exceptions.map((e: { id: string }) => e.id)).toContain(pending.id);
    const approved = await app.inject({
      method: 'POST',
      url: `/api/v1/exceptions/${pending.id}/approve`,
      headers: adminHeaders,
      payload: { note: 'Fair, given the circumstances' },
    });
    expect(approved.json().exception).toMatchObject({ status: 'approved', decidedBy: { id: admin.id } });
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/exceptions/${pending.id}/approve`,
      headers: adminHeaders,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    await app.machinery.dispatcher.dispatchPending();
    const agentNotices = await context.db
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', ivy.id)
      .where('kind', '=', 'exception.approved')
      .execute();
    expect(agentNotices).toEqual([
      { body: expect.stringMatching(/was approved\. Tell the customer and mark it delivered/) },
    ]);

    const delivered = await app.inject({
      method: 'POST',
      url: `/api/v1/exceptions/${pending.id}/deliver`,
      headers: ivyHeaders,
    });
    expect(delivered.json().exception).toMatchObject({ status: 'delivered' });
    const rejected = await app.inject({
      method: 'POST',
      url: `/api/v1/exceptions/${dollars.json().exception.id}/reject`,
      headers: adminHeaders,
      payload: { note: 'Use the EUR account' },
    });
    expect(rejected.json().exception.status).toBe('rejected');

    const forCustomer = await app.inject({
      method: 'GET',
      url: `/api/v1/customers/${conversation.customer.id}/exceptions`,
      headers: ivyHeaders,
    });
    expect(
      forCustomer
        .json()
        .exceptions.map((e: { status: string }) => e.status)
        .sort(),
    ).toEqual(['delivered', 'granted', 'rejected']);

    await record(ivyHeaders, conversation.id, {
      type: 'fee_waiver',
      value: { amountMinor: 900, currency: 'EUR' },
      policy: '  late   PAYMENT fee ',
      reason: 'Direct debit failed on our side',
    });
    const report = await app.inject({ method: 'GET', url: '/api/v1/exceptions/report', headers: adminHeaders });
    expect(report.json().report.policies).toEqual([
      {
        policy: expect.stringMatching(/late\s+payment fee/i),
        count: 2,
        totals: [{ currency: 'EUR', amountMinor: 2400 }],
        byType: { fee_waiver: 2 },
      },
      {
        policy: 'No refunds after 30 days',
        count: 1,
        totals: [{ currency: 'EUR', amountMinor: 12000 }],
        byType: { refund: 1 },
      },
    ]);
  });

  it('refuses amounts and currencies a person could not mean, with the field named', async () => {
    const { ivyHeaders, conversation, account } = await desk();
    const bad = await record(ivyHeaders, conversation.id, {
      type: 'voucher',
      value: { amountMinor: 12.5, currency: 'euro' },
      policy: '',
      reason: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details.fields).sort()).toEqual([
      'policy',
      'type',
      'value.amountMinor',
      'value.currency',
    ]);
    const analyst = await buildUser(context.db, { accountId: account.id, role: 'analyst' });
    const analystHeaders = await buildSessionHeaders(context.db, analyst);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/exceptions/report', headers: analystHeaders })).statusCode,
    ).toBe(200);
    expect(
      (
        await record(analystHeaders, conversation.id, {
          type: 'refund',
          value: { amountMinor: 1, currency: 'EUR' },
          policy: 'x',
          reason: 'y',
        })
      ).statusCode,
    ).toBe(403);
  });
});
