import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/kit/app.ts';
import { buildAgent, buildDesk, buildSessionHeaders } from '../../../test/kit/build.ts';
import { createPgSchema, enginesUnderTest, testDatabaseUrl } from '../../../test/kit/create-test-db.ts';
import { openLive } from '../../../test/kit/live-client.ts';
import { createPgEventBus, type EventBus } from '../../platform/events/event-bus.ts';
import { createLogger } from '../../platform/logger.ts';
import { connectStorage, type Storage } from '../../storage/connect.ts';
import { readJson } from '../../storage/dialect.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import { createPgPresenceBus, type PresenceBus } from './presence-bus.ts';

interface Instance {
  app: TestApp;
  url: string;
  storage: Storage;
  bus: EventBus;
  presence: PresenceBus;
}

const TYPING_EXPIRES_MS = 400;

// Two full servers, each with its own pool, event bus and presence bus, on one schema: what a
// deployment with several instances behind a load balancer looks like.
describe.runIf(enginesUnderTest().includes('postgres'))(
  'live channel across instances (PostgreSQL only: needs DATABASE_URL)',
  () => {
    const logger = createLogger('silent');
    const instances: Instance[] = [];
    let schema: Awaited<ReturnType<typeof createPgSchema>>;

    async function startInstance(): Promise<Instance> {
      const storage = connectStorage({
        databaseUrl: testDatabaseUrl(),
        dataDir: '.',
        pgSchema: schema.schema,
        pgPoolSize: 4,
      });
      const pool = storage.pgPool;
      if (!pool) throw new Error('expected a PostgreSQL pool');
      const bus = await createPgEventBus({
        pool,
        logger,
        loadEvent: async (id) => {
          const row = await storage.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
          return (
            row && {
              id,
              accountId: row.account_id,
              name: row.name,
              payload: readJson(row.payload, {}),
              at: row.created_at,
            }
          );
        },
      });
      const presence = await createPgPresenceBus({ pool, logger });
      const app = await buildTestApp(
        { db: storage.db, engine: 'postgres' },
        { events: bus, live: { presence, typingExpiresMs: TYPING_EXPIRES_MS } },
      );
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const instance = { app, url, storage, bus, presence };
      instances.push(instance);
      return instance;
    }

    let a: Instance;
    let b: Instance;
    beforeAll(async () => {
      schema = await createPgSchema();
      const migrator = connectStorage({ databaseUrl: testDatabaseUrl(), dataDir: '.', pgSchema: schema.schema });
      await migrateToLatest(migrator.db);
      await migrator.close();
      a = await startInstance();
      b = await startInstance();
    });
    afterAll(async () => {
      for (const instance of instances) {
        await instance.app.close();
        await instance.presence.close();
        await instance.bus.close();
        await instance.storage.close();
      }
      await schema?.dropSchema();
    });

    async function deskWithAgents() {
      const { db } = a.storage;
      const desk = await buildDesk(db);
      const ivy = await buildAgent(db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Ivy' });
      const jon = await buildAgent(db, { accountId: desk.account.id, teamId: desk.team.id, name: 'Jon' });
      const adminHeaders = await buildSessionHeaders(db, desk.admin);
      const opened = await a.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: adminHeaders,
        payload: {
          inboxId: desk.inbox.id,
          customer: { identity: { kind: 'email', value: `fern-${Date.now()}@example.test` } },
          channel: 'email',
          message: { body: 'My parcel never arrived' },
        },
      });
      expect(opened.statusCode).toBe(201);
      return {
        adminHeaders,
        conversationId: opened.json().conversation.id as string,
        ivy: { userId: ivy.id, name: 'Ivy', headers: await buildSessionHeaders(db, ivy) },
        jon: { userId: jon.id, name: 'Jon', headers: await buildSessionHeaders(db, jon) },
      };
    }

    it('an agent connected to instance B sees, once, a message posted through instance A', async () => {
      const { adminHeaders, conversationId, jon, ivy } = await deskWithAgents();
      const onB = await openLive(b.url, { headers: jon.headers });
      const onA = await openLive(a.url, { headers: ivy.headers });
      await onB.next('ready');
      await onA.next('ready');

      const posted = await a.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/messages`,
        headers: adminHeaders,
        payload: { direction: 'note', body: 'Asked the carrier for a trace' },
      });
      expect(posted.statusCode).toBe(201);
      const messageId = posted.json().message.id as string;

      const { event } = await onB.next('event', (frame) => frame.event.payload.messageId === messageId);
      expect(event).toMatchObject({ name: 'message.created', payload: { conversationId, direction: 'note' } });
      await onA.next('event', (frame) => frame.event.payload.messageId === messageId);
      await sleep(200);
      for (const live of [onA, onB]) {
        expect(live.events().filter((e) => e.payload.messageId === messageId)).toHaveLength(1);
        await live.close();
      }
    });

    it('shares who views and who types between instances, and an instance started later learns it', async () => {
      const { conversationId, ivy, jon } = await deskWithAgents();
      const person = (who: { userId: string; name: string }) => ({ userId: who.userId, name: who.name });
      const ivyOnA = await openLive(a.url, { headers: ivy.headers });
      const jonOnB = await openLive(b.url, { headers: jon.headers });

      ivyOnA.send({ type: 'view', conversationId });
      expect((await ivyOnA.next('presence')).viewers).toEqual([person(ivy)]);
      jonOnB.send({ type: 'view', conversationId });
      expect((await jonOnB.next('presence')).viewers).toEqual([person(ivy), person(jon)]);
      expect((await ivyOnA.next('presence')).viewers).toEqual([person(ivy), person(jon)]);

      jonOnB.send({ type: 'typing', conversationId, isTyping: true });
      expect((await ivyOnA.next('presence')).typing).toEqual([person(jon)]);
      expect((await ivyOnA.next('presence', (frame) => frame.typing.length === 0)).viewers).toHaveLength(2);

      await jonOnB.close();
      expect((await ivyOnA.next('presence')).viewers).toEqual([person(ivy)]);

      // A third instance starts after Ivy began viewing; it asks the others, so Jon sees her there too.
      const c = await startInstance();
      const jonOnC = await openLive(c.url, { headers: jon.headers });
      await sleep(200);
      jonOnC.send({ type: 'view', conversationId });
      expect((await jonOnC.next('presence')).viewers).toEqual([person(ivy), person(jon)]);
      await ivyOnA.close();
      expect((await jonOnC.next('presence')).viewers).toEqual([person(jon)]);
      await jonOnC.close();
    });
  },
);
