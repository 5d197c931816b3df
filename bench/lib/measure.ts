import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, in milliseconds. */
export function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: sorted.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** Runs `work` for each input, timing every call, after `warmup` untimed calls on the first inputs. */
export async function timeEach<T>(
  inputs: readonly T[],
  work: (input: T) => Promise<unknown>,
  options: { warmup?: number } = {},
): Promise<Latency> {
  for (const input of inputs.slice(0, Math.min(options.warmup ?? 10, inputs.length))) await work(input);
  const samples: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await work(input);
    samples.push(performance.now() - started);
  }
  return latencyOf(samples);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a bench server (bench/servers/*.ts) in its own process, so the load generator and the
 * server compete for the cores as a real client and server would, and waits for its "ready".
 */
export async function startServer(file: string, env: Record<string, string | undefined>): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), RAPPORT_HOST: '127.0.0.1' };
  // An undefined value removes the variable (the SQLite server must not see DATABASE_URL).
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child: ChildProcess = fork(path.resolve(import.meta.dirname, '../servers', file), [], {
    execArgv: ['--import', 'tsx'],
    env: childEnv,
    // The server's own logs go nowhere: writing them still costs what it costs in production.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 60 s`)), 60_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before it was ready`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  seconds: number;
}

/** Loopback load with autocannon: a fixed number of connections for a bounded time. */
export async function runLoad(options: Parameters<typeof autocannon>[0]): Promise<LoadResult> {
  if (!options.url.startsWith('http://127.0.0.1:')) throw new Error('Load goes to 127.0.0.1 only.');
  const result = await autocannon({ connections: 10, timeout: 10, ...options });
  const seconds = result.duration;
  return {
    perSecond: Math.round(result['2xx'] / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    seconds,
  };
}
