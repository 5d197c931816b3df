import type { LiveServerMessage } from '@rapport/contracts';
import { expect, it, vi } from 'vitest';
import { buildConversation, buildUser } from '../../../test/kit/build.ts';
import { eachEngine } from '../../../test/kit/each-engine.ts';
import { systemClock } from '../../platform/clock.ts';
import { createLocalEventBus } from '../../platform/events/event-bus.ts';
import { recordEvent } from '../../platform/events/events.ts';
import { createLogger } from '../../platform/logger.ts';
import { canReceiveEvent, createLiveHub } from './live-hub.ts';
import { createLocalPresenceBus, type PresenceSignal } from './presence-bus.ts';

function recordingSocket() {
  const frames: LiveServerMessage[] = [];
  return {
    frames,
    closedWith: undefined as number | undefined,
    bufferedAmount: 0,
    send(text: string) {
      frames.push(JSON.parse(text) as LiveServerMessage);
    },
    close(code: number) {
      this.closedWith = code;
    },
  };
}

eachEngine('live hub', (context) => {
  const logger = createLogger('silent');

  async function agentAndHub() {
    const agent = await buildUser(context.db, { role: 'agent' });
    const events = createLocalEventBus(logger);
    const presence = createLocalPresenceBus(logger);
    const hub = createLiveHub({ db: context.db, clock: systemClock, logger, events, presence });
    const caller = { accountId: agent.accountId, userId: agent.id, role: 'agent' as const, via: 'session' as const };
    const record = (name: string) =>
      recordEvent(context.db, {
        accountId: agent.accountId,
        name,
        payload: { conversationId: 'conversation-1', raisedByUserId: null },
        at: new Date().toISOString(),
      });
    return { agent, events, presence, hub, caller, record };
  }

  it('sends an event read during catch-up once, though it is also heard live during and after catch-up', async () => {
    const { events, hub, caller, record } = await agentAndHub();
    const seen = await record('conversation.created');
    const missed = await record('conversation.updated');
    const socket = recordingSocket();
    hub.connect({ caller, since: seen.id, socket });
    // Its NOTIFY arrives while the backlog is being read…
    await events.publish([missed]);
    await vi.waitFor(() => expect(socket.frames.some((frame) => frame.type === 'ready')).toBe(true));
    // …and, late, once more after it (a slow notification must not make a duplicate).
    await events.publish([missed]);
    const fresh = await record('conversation.status_changed');
    await events.publish([fresh]);

    const sent = socket.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.id] : []));
    expect(sent).toEqual([missed.id, fresh.id]);
    expect(socket.frames.findIndex((frame) => frame.type === 'ready')).toBe(1);
    await hub.close();
  });

  it('starts a client without since at the newest event, and takes presence away when the hub closes', async () => {
    const { hub, caller, record, presence } = await agentAndHub();
    const conversation = await buildConversation(context.db, { accountId: caller.accountId });
    const newest = await record('conversation.updated');
    const socket = recordingSocket();
    const connection = hub.connect({ caller, socket });
    await vi.waitFor(() => expect(socket.frames).toContainEqual({ type: 'ready', lastEventId: newest.id }));
    connection.receive(JSON.stringify({ type: 'view', conversationId: conversation.id }));
    await vi.waitFor(() => expect(socket.frames.at(-1)).toMatchObject({ type: 'presence', typing: [] }));

    const heard: PresenceSignal[] = [];
    presence.subscribe((signals) => heard.push(...signals));
    await hub.close();
    expect(socket.closedWith).toBe(1001);
    await vi.waitFor(() => expect(heard).toMatchObject([{ kind: 'left', conversationId: conversation.id }]));
    await presence.close();
  });

  it('shows an event to an advocate only for a case they raised, and never across accounts', () => {
    const event = (raisedByUserId: string | null, accountId = 'account-1') => ({
      id: 'event-1',
      accountId,
      name: 'message.created',
      payload: { conversationId: 'conversation-1', raisedByUserId },
      at: '2026-01-01T00:00:00.000Z',
    });
    const as = (role: 'admin' | 'agent' | 'advocate' | 'analyst') => ({
      accountId: 'account-1',
      userId: 'user-1',
      role,
      via: 'session' as const,
    });
    expect(canReceiveEvent(as('agent'), event(null))).toBe(true);
    expect(canReceiveEvent(as('admin'), event('user-2'))).toBe(true);
    expect(canReceiveEvent(as('advocate'), event('user-1'))).toBe(true);
    expect(canReceiveEvent(as('advocate'), event('user-2'))).toBe(false);
    expect(canReceiveEvent(as('advocate'), event(null))).toBe(false);
    expect(canReceiveEvent(as('analyst'), event(null))).toBe(false);
    expect(canReceiveEvent(as('agent'), event(null, 'account-2'))).toBe(false);
  });
});
