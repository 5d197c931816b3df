import { createServer } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { latencyOf } from './lib/measure.ts';
import type { ResultRow } from './lib/report.ts';

/**
 * The realtime path: a new message reaching 1,000 connected agent sockets, against the machine's
 * own limit measured in the same run — a bare `ws` server broadcasting to 1,000 sockets.
 */
const SOCKETS = 1000;

async function openSockets(
  url: string,
  count: number,
  headers: Record<string, string>,
  onMessage: (data: string) => void,
) {
  const sockets: WebSocket[] = [];
  // In batches, so the accept queue is never the thing being measured.
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, () => {
      const socket = new WebSocket(url, { headers });
      socket.on('message', (data) => onMessage(String(data)));
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

function closeAll(sockets: WebSocket[]) {
  for (const socket of sockets) socket.terminate();
}

/** Time for a broadcast from a bare ws server to reach the last of 1,000 sockets. */
export async function measureBareBroadcast(rounds: number): Promise<ReturnType<typeof latencyOf>> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const arrivals = new Map<string, { count: number; last: number }>();
  const sockets = await openSockets(`ws://127.0.0.1:${port}`, SOCKETS, {}, (data) => {
    const id = (JSON.parse(data) as { id: string }).id;
    const seen = arrivals.get(id) ?? { count: 0, last: 0 };
    seen.count++;
    seen.last = performance.now();
    arrivals.set(id, seen);
  });
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const id = `bare-${round}`;
    const started = performance.now();
    const frame = JSON.stringify({ type: 'event', id, event: { id, name: 'message.created', payload: { round } } });
    for (const client of wss.clients) client.send(frame);
    while ((arrivals.get(id)?.count ?? 0) < SOCKETS) await new Promise((resolve) => setImmediate(resolve));
    samples.push((arrivals.get(id)?.last ?? started) - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  closeAll(sockets);
  wss.close();
  http.close();
  return latencyOf(samples);
}

/** Time from posting a message through the API until the last of 1,000 agent sockets has the event. */
export async function measureRapportFanOut(input: {
  url: string;
  token: string;
  conversationId: string;
  rounds: number;
}): Promise<ReturnType<typeof latencyOf>> {
  const arrivals = new Map<string, { count: number; last: number }>();
  const wsUrl = `${input.url.replace(/^http/, 'ws')}/api/v1/live`;
  const sockets = await openSockets(wsUrl, SOCKETS, { authorization: `Bearer ${input.token}` }, (data) => {
    const frame = JSON.parse(data) as { type: string; event?: { name: string; payload: { messageId?: string } } };
    const messageId =
      frame.type === 'event' && frame.event?.name === 'message.created' ? frame.event.payload.messageId : undefined;
    if (!messageId) return;
    const seen = arrivals.get(messageId) ?? { count: 0, last: 0 };
    seen.count++;
    seen.last = performance.now();
    arrivals.set(messageId, seen);
  });
  const samples: number[] = [];
  for (let round = 0; round < input.rounds; round++) {
    const started = performance.now();
    const response = await fetch(`${input.url}/api/v1/conversations/${input.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ direction: 'inbound', body: `Realtime round ${round}: is anyone there?` }),
    });
    const { message } = (await response.json()) as { message: { id: string } };
    const deadline = performance.now() + 10_000;
    while ((arrivals.get(message.id)?.count ?? 0) < SOCKETS && performance.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seen = arrivals.get(message.id);
    if (!seen || seen.count < SOCKETS)
      throw new Error(`Only ${seen?.count ?? 0} of ${SOCKETS} sockets got the message in 10 s.`);
    samples.push(seen.last - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  closeAll(sockets);
  return latencyOf(samples);
}

/** Both measurements as result rows: the bare broadcast is the limit, Rapport's p99 the ratio. */
export async function realtimeRows(input: {
  url: string;
  token: string;
  conversationId: string;
  quick: boolean;
}): Promise<ResultRow[]> {
  const rounds = input.quick ? 10 : 40;
  const bare = await measureBareBroadcast(rounds);
  const rapport = await measureRapportFanOut({ ...input, rounds });
  const ratio = Math.round((rapport.p99 / Math.max(bare.p99, 0.01)) * 100) / 100;
  return [
    {
      section: 'Machine limits',
      scenario: `Bare ws broadcast to ${SOCKETS} sockets, last socket (machine limit)`,
      result: `p50 ${bare.p50} ms, p99 ${bare.p99} ms`,
      numbers: { ...bare },
    },
    {
      section: '',
      scenario: `Realtime: new message (HTTP POST) reaching ${SOCKETS} agent sockets (last socket)`,
      result: `p50 ${rapport.p50} ms, p99 ${rapport.p99} ms`,
      numbers: { ...rapport },
      limit: `p99 ${bare.p99} ms`,
      ratio,
      target: 'p99 ≤ 1.3× bare',
      met: ratio <= 1.3,
    },
  ];
}
