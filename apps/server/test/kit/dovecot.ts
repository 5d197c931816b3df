import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const dovecotBinary = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((file) => existsSync(file));

let warned = false;

/**
 * Whether Debian's dovecot-imapd is installed (`.ci/run` installs it). Without it the IMAP tests
 * say so and skip; in CI (CI=true) a missing dovecot is a failure, never a silent pass.
 */
export function hasDovecot(): boolean {
  if (dovecotBinary !== undefined) return true;
  const message = 'IMAP tests need Debian dovecot-imapd (apt-get install dovecot-imapd); .ci/run installs it.';
  if (process.env.CI === 'true') throw new Error(`${message} CI=true, so this is a failure.`);
  if (!warned) console.warn(`Skipping: ${message}`);
  warned = true;
  return false;
}

function uidOf(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not listen on 127.0.0.1:${port}`);
}

/**
 * A private dovecot IMAP server on loopback with one test mailbox, configured under a temp dir
 * (its own base_dir, state and mail), so it needs no system configuration and leaves nothing behind.
 */
export async function startDovecot(options: { port: number; user: string; password: string }) {
  if (!dovecotBinary) throw new Error('dovecot is not installed: apt-get install dovecot-imapd');
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-dovecot-'));
  const me = userInfo();
  // As root, mail is owned by an unprivileged account (dovecot refuses uid 0 for mail).
  const mailOwner = me.uid === 0 ? (uidOf('dovecot') ?? { uid: 65534, gid: 65534 }) : { uid: me.uid, gid: me.gid };
  const internalUser = me.uid === 0 ? 'dovecot' : me.username;
  const loginUser = me.uid === 0 ? 'dovenull' : me.username;
  mkdirSync(path.join(dir, 'home', options.user), { recursive: true });
  for (const sub of ['', 'home', path.join('home', options.user)]) {
    const target = path.join(dir, sub);
    chmodSync(target, 0o755);
    if (me.uid === 0) chownSync(target, mailOwner.uid, mailOwner.gid);
  }
  writeFileSync(path.join(dir, 'passwd'), `${options.user}:{PLAIN}${options.password}::::::\n`);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internalUser}
default_internal_group = ${me.uid === 0 ? 'dovecot' : String(me.gid)}
default_login_user = ${loginUser}
first_valid_uid = ${Math.min(mailOwner.uid, 100)}
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailOwner.uid} gid=${mailOwner.gid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${options.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
  writeFileSync(path.join(dir, 'dovecot.conf'), config);
  const child: ChildProcess = spawn(dovecotBinary, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  try {
    await waitForPort(options.port, 10_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    dir,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
