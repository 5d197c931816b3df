import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunningServer {
  url: string;
  /** Where this server receives mail over SMTP. */
  smtpPort: number;
  setupLink: string | undefined;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the real `rapport start` on a fresh data folder, as a person would, and waits for it. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-e2e-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  // Each server its own mail port too, so journeys can run side by side.
  const smtpPort = 40000 + Math.floor(Math.random() * 20000);
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'apps/server/bin/rapport.js'), 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      RAPPORT_DATA_DIR: dataDir,
      PORT: String(port),
      RAPPORT_HOST: '127.0.0.1',
      RAPPORT_PUBLIC_URL: url,
      RAPPORT_LOG_LEVEL: 'warn',
      RAPPORT_SMTP_HOST: '127.0.0.1',
      RAPPORT_SMTP_PORT: String(smtpPort),
      ...env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`rapport start exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`rapport start did not answer in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  // The setup link is printed just after the server starts listening.
  for (let i = 0; i < 40 && !output.includes('#token='); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url,
    smtpPort,
    setupLink: output.match(/https?:\/\/\S+\/setup#token=[\w-]+/)?.[0],
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
