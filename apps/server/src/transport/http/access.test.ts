import { defaultBusinessHours } from '@rapport/contracts';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/kit/app.ts';
import {
  buildConversation,
  buildCustomer,
  buildHandoff,
  buildInbox,
  buildSessionHeaders,
  buildTeam,
  buildUser,
} from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { insertAttachment } from '../../modules/attachments/attachments.repository.ts';
import { createApiToken } from '../../modules/auth/auth.service.ts';
import { inviteUser } from '../../modules/users/users.service.ts';
import { createWebhook } from '../../modules/webhooks/webhooks.service.ts';
import { systemClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database } from '../../storage/database.ts';
import { type RegisteredRoute, registerAuth } from './auth.ts';
import type { RapportApp } from './build-app.ts';

type Owner = { accountId: string; id: string };

const conversationOf = async (db: Kysely<Database>, owner: Owner) =>
  (await buildConversation(db, { accountId: owner.accountId, owner })).id;
const handoffOf = async (db: Kysely<Database>, owner: Owner) =>
  (await buildHandoff(db, { accountId: owner.accountId })).handoff.id;

/**
 * For every route with an :id, how to make such a thing in another account, and a valid body, so
 * the request reaches the account check instead of stopping at validation. A new :id route must be
 * added here, or the test below fails.
 */
const crossAccountCases: Record<string, { make(db: Kysely<Database>, owner: Owner): Promise<string>; body?: unknown }> =
  {
    '/api/v1/users/:id': {
      make: async (db, owner) => (await buildUser(db, { accountId: owner.accountId })).id,
      body: { name: 'Renamed' },
    },
    '/api/v1/attachments/:id': {
      make: async (db, owner) => {
        const id = newId();
        await insertAttachment(db, {
          id,
          account_id: owner.accountId,
          conversation_id: null,
          message_id: null,
          name: 'theirs.txt',
          content_type: 'text/plain',
          size: 5,
          sha256: 'not-checked',
          storage_key: `${owner.accountId}/theirs`,
          content_id: null,
          uploaded_by_user_id: owner.id,
          uploaded_by_customer_id: null,
          created_at: new Date().toISOString(),
        });
        return id;
      },
    },
    '/api/v1/users/:id/deactivate': {
      make: async (db, owner) => (await buildUser(db, { accountId: owner.accountId })).id,
    },
    '/api/v1/users/:id/reactivate': {
      make: async (db, owner) => (await buildUser(db, { accountId: owner.accountId })).id,
    },
    '/api/v1/teams/:id': {
      make: async (db, owner) => (await buildTeam(db, { accountId: owner.accountId })).id,
      body: { name: 'Renamed' },
    },
    '/api/v1/teams/:id/members': {
      make: async (db, owner) => (await buildTeam(db, { accountId: owner.accountId })).id,
      body: { members: [] },
    },
    '/api/v1/inboxes/:id': {
      make: async (db, owner) => (await buildInbox(db, { accountId: owner.accountId })).id,
      body: { name: 'Renamed', businessHours: defaultBusinessHours },
    },
    '/api/v1/inboxes/:id/channels': {
      make: async (db, owner) => (await buildInbox(db, { accountId: owner.accountId })).id,
      body: { kind: 'email', settings: { addresses: ['theirs@fictional-co.example.test'] } },
    },
    '/api/v1/invitations/:id': {
      make: async (db, owner) => {
        const caller = {
          accountId: owner.accountId,
          userId: owner.id,
          role: 'admin' as const,
          via: 'session' as const,
        };
        const { invitation } = await inviteUser(
          { db, clock: systemClock, publicUrl: 'http://x.example.test' },
          caller,
          {
            email: `invitee-${Date.now()}-${Math.random()}@example.test`,
            role: 'agent',
          },
        );
        return invitation.id;
      },
    },
    '/api/v1/api-tokens/:id': {
      make: async (db, owner) =>
        (
          await createApiToken(
            { db, clock: systemClock },
            { accountId: owner.accountId, userId: owner.id, name: 'theirs', actorUserId: null },
          )
        ).apiToken.id,
    },
    '/api/v1/users/:id/capacity': {
      make: async (db, owner) => (await buildUser(db, { accountId: owner.accountId })).id,
      body: { capacity: 3 },
    },
    '/api/v1/customers/:id': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
      body: { name: 'Renamed' },
    },
    '/api/v1/customers/:id/identities': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
      body: { kind: 'phone', value: '+15550100' },
    },
    '/api/v1/customers/:id/notes': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
      body: { body: 'A note' },
    },
    '/api/v1/customers/:id/merge': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
      body: { sourceId: 'someone' },
    },
    '/api/v1/conversations/:id': { make: conversationOf, body: { subject: 'Renamed' } },
    '/api/v1/conversations/:id/messages': { make: conversationOf, body: { direction: 'note', body: 'A note' } },
    '/api/v1/conversations/:id/status': { make: conversationOf, body: { status: 'resolved' } },
    '/api/v1/conversations/:id/claim': { make: conversationOf },
    '/api/v1/conversations/:id/reassign': { make: conversationOf, body: { userId: 'someone', reason: 'Because' } },
    '/api/v1/conversations/:id/flag-abusive': { make: conversationOf, body: { reason: 'Because' } },
    '/api/v1/conversations/:id/ownership': { make: conversationOf },
    '/api/v1/conversations/:id/priority-changes': { make: conversationOf },
    '/api/v1/conversations/:id/handoffs': { make: conversationOf, body: { toTeamId: 'some-team', note: 'Context' } },
    '/api/v1/handoffs/:id/accept': { make: handoffOf },
    '/api/v1/handoffs/:id/decline': { make: handoffOf, body: { reason: 'Busy' } },
    '/api/v1/handoffs/:id/cancel': { make: handoffOf },
    '/api/v1/saved-replies/:id': {
      make: async (db, owner) => {
        const id = newId();
        const at = new Date().toISOString();
        await db
          .insertInto('saved_replies')
          .values({
            id,
            account_id: owner.accountId,
            title: 'Theirs',
            body: 'Hello',
            created_by: owner.id,
            created_at: at,
            updated_at: at,
          })
          .execute();
        return id;
      },
      body: { title: 'Renamed' },
    },
    '/api/v1/coach/phrases/:id': {
      make: async (db, owner) => {
        const id = newId();
        const at = new Date().toISOString();
        await db
          .insertInto('coach_phrases')
          .values({
            id,
            account_id: owner.accountId,
            phrase: 'Theirs',
            category: 'dismissing',
            reason: 'Theirs',
            rewrite: '',
            created_by: owner.id,
            created_at: at,
            updated_at: at,
          })
          .execute();
        return id;
      },
      body: { reason: 'Changed' },
    },
    '/api/v1/coach/conversations/:id/frustration': { make: conversationOf },
    '/api/v1/notifications/:id/read': {
      make: async (db, owner) => {
        const id = newId();
        await db
          .insertInto('notifications')
          .values({
            id,
            account_id: owner.accountId,
            user_id: owner.id,
            kind: 'test',
            conversation_id: null,
            body: 'x',
            source_event_id: id,
            created_at: new Date().toISOString(),
            read_at: null,
          })
          .execute();
        return id;
      },
    },
    '/api/v1/conversations/:id/commitments': {
      make: conversationOf,
      body: { what: 'Call back', dueAt: '2030-01-01T09:00:00Z' },
    },
    '/api/v1/customers/:id/commitments': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
    },
    '/api/v1/commitments/:id/keep': { make: (db, owner) => makeFollowThrough(db, owner, 'commitment') },
    '/api/v1/commitments/:id/renegotiate': {
      make: (db, owner) => makeFollowThrough(db, owner, 'commitment'),
      body: { dueAt: '2030-01-02T09:00:00Z', messageId: 'some-message' },
    },
    '/api/v1/inboxes/:id/follow-up': {
      make: async (db, owner) => (await buildInbox(db, { accountId: owner.accountId })).id,
      body: { checkInDays: 2, surveyTiming: 'off' },
    },
    '/api/v1/conversations/:id/follow-up': { make: conversationOf },
    '/api/v1/customers/:id/surveys': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
    },
    '/api/v1/recovery-tasks/:id/close': {
      make: (db, owner) => makeFollowThrough(db, owner, 'recovery_task'),
      body: { note: 'Called them' },
    },
    '/api/v1/conversations/:id/exceptions': {
      make: conversationOf,
      body: { type: 'refund', value: { amountMinor: 100, currency: 'EUR' }, policy: 'Returns', reason: 'Kind' },
    },
    '/api/v1/customers/:id/exceptions': {
      make: async (db, owner) => (await buildCustomer(db, { accountId: owner.accountId })).id,
    },
    '/api/v1/exceptions/:id/approve': { make: (db, owner) => makeFollowThrough(db, owner, 'exception'), body: {} },
    '/api/v1/exceptions/:id/reject': {
      make: (db, owner) => makeFollowThrough(db, owner, 'exception'),
      body: { note: 'No' },
    },
    '/api/v1/exceptions/:id/deliver': { make: (db, owner) => makeFollowThrough(db, owner, 'exception') },
    '/api/v1/webhooks/:id': { make: (db, owner) => makeWebhook(db, owner), body: { description: 'Renamed' } },
    '/api/v1/webhooks/:id/deliveries': { make: (db, owner) => makeWebhook(db, owner) },
    '/api/v1/webhooks/:id/test': { make: (db, owner) => makeWebhook(db, owner) },
    '/api/v1/conversations/:id/quote': { make: conversationOf },
    '/api/v1/inboxes/:id/widget': {
      make: async (db, owner) => (await buildInbox(db, { accountId: owner.accountId })).id,
    },
    '/api/v1/inboxes/:id/widget/secret': {
      make: async (db, owner) => (await buildInbox(db, { accountId: owner.accountId })).id,
    },
  };

/** A commitment, a recovery task or a pending exception on a conversation of the owner's account. */
async function makeFollowThrough(
  db: Kysely<Database>,
  owner: Owner,
  kind: 'commitment' | 'recovery_task' | 'exception',
): Promise<string> {
  const conversation = await buildConversation(db, { accountId: owner.accountId, owner });
  const id = newId();
  const at = new Date().toISOString();
  const base = { account_id: owner.accountId, conversation_id: conversation.id, created_at: at };
  if (kind === 'commitment') {
    await db
      .insertInto('commitments')
      .values({
        ...base,
        id,
        customer_id: conversation.customer.id,
        owner_user_id: owner.id,
        created_by_user_id: owner.id,
        what: 'Call back',
        due_at: '2030-01-01T09:00:00.000Z',
        status: 'open',
        source: 'manual',
        replaces_id: null,
        renegotiation_message_id: null,
        closed_at: null,
      })
      .execute();
  } else if (kind === 'exception') {
    await db
      .insertInto('goodwill_exceptions')
      .values({
        ...base,
        id,
        customer_id: conversation.customer.id,
        type: 'refund',
        amount_minor: 100,
        currency: 'EUR',
        policy: 'Returns',
        policy_key: 'returns',
        reason: 'Kind',
        status: 'pending_approval',
        requested_by_user_id: owner.id,
        decided_by_user_id: null,
        decision_note: null,
        decided_at: null,
        delivered_at: null,
      })
      .execute();
  } else {
    const surveyId = newId();
    await db
      .insertInto('surveys')
      .values({
        ...base,
        id: surveyId,
        customer_id: conversation.customer.id,
        resolved_at: at,
        sent_with: 'check_in',
        csat: 1,
        effort: null,
        comment: null,
        first_answered_at: at,
        answered_at: at,
        expires_at: '2030-01-01T09:00:00.000Z',
        expired_at: null,
      })
      .execute();
    await db
      .insertInto('recovery_tasks')
      .values({
        ...base,
        id,
        survey_id: surveyId,
        assignee_user_id: owner.id,
        status: 'open',
        resolution_note: null,
        closed_by_user_id: null,
        closed_at: null,
      })
      .execute();
  }
  return id;
}

async function makeWebhook(db: Kysely<Database>, owner: Owner): Promise<string> {
  const caller = { accountId: owner.accountId, userId: owner.id, role: 'admin' as const, via: 'session' as const };
  const input = { url: 'https://hooks.example.test/rapport', eventTypes: ['*'], description: '' };
  return (await createWebhook({ db, clock: systemClock }, caller, input)).webhook.id;
}

eachEngine('authorization on every route', (context) => {
  let app: RapportApp;
  beforeAll(async () => {
    app = await buildTestApp(context);
  });
  afterAll(async () => {
    await app.close();
  });

  const apiRoutes = () =>
    app.registeredRoutes.filter((route) => route.url.startsWith('/api/v1') && route.method !== 'HEAD');

  it('declares an access rule on every API route', () => {
    expect(apiRoutes().length).toBeGreaterThan(20);
    const undeclared = app.registeredRoutes.filter((route) => route.access === undefined);
    expect(undeclared).toEqual([]);
  });

  it('refuses to start when a route forgets its access rule', async () => {
    const bare = Fastify();
    registerAuth(bare, { db: context.db, clock: systemClock, sessionIdleDays: 1 }, []);
    expect(() => bare.get('/api/v1/forgotten', async () => 'oops')).toThrow(/declares no access rule/);
    await bare.close();
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    for (const route of apiRoutes().filter((r) => r.access !== 'public')) {
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url.replace(':id', 'some-id'),
        payload: {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      // Widget routes want a visitor id, not a login; they say so.
      expect(response.json().error.code).toBe(
        route.access === 'visitor' ? 'widget.visitor_required' : 'auth.unauthenticated',
      );
    }
  });

  it('answers 403 to roles a route does not allow', async () => {
    const agent = await buildUser(context.db, { role: 'agent' });
    const headers = await buildSessionHeaders(context.db, agent);
    const adminOnly = apiRoutes().filter((r) => Array.isArray(r.access) && !r.access.includes('agent'));
    expect(adminOnly.length).toBeGreaterThan(5);
    for (const route of adminOnly) {
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url.replace(':id', 'some-id'),
        headers,
        payload: {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(response.json().error.code).toBe('auth.forbidden');
    }
  });

  it('answers 404 on every :id route when the thing belongs to another account', async () => {
    const theirAdmin = await buildUser(context.db, { role: 'admin' });
    const ourAdmin = await buildUser(context.db, { role: 'admin' });
    const headers = await buildSessionHeaders(context.db, ourAdmin);
    const idRoutes = apiRoutes().filter((route) => route.url.includes(':id') && route.access !== 'public');
    expect(idRoutes.length).toBeGreaterThan(8);
    for (const route of idRoutes) {
      const testCase = crossAccountCases[route.url];
      expect(testCase, `no cross-account case for ${route.url}; add one above`).toBeDefined();
      if (!testCase) continue;
      const theirId = await testCase.make(context.db, theirAdmin);
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url.replace(':id', theirId),
        headers,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: (testCase.body ?? {}) as object }),
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(404);
      expect(response.json().error.code).toMatch(/\.not_found$/);
    }
    // And nothing of theirs was changed by those attempts.
    const stillActive = await context.db
      .selectFrom('users')
      .select('deactivated_at')
      .where('account_id', '=', theirAdmin.accountId)
      .execute();
    expect(stillActive.every((row) => row.deactivated_at === null)).toBe(true);
  });
});

export type { RegisteredRoute };
