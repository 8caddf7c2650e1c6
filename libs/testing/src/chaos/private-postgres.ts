import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isListening } from '../infra/net';
import { workspaceRoot } from '../infra/run-script';
import { runScriptAsync } from './scripts';

export interface PrivatePostgres {
  readonly port: number;
  /** postgres://… of the database `ramprognos` on this cluster (created by the services at boot). */
  readonly url: string;
  readonly dataDir: string;
  /** `fast`: pg_ctl stop -m fast (clients are told); `immediate`: SIGQUIT to the postmaster, a crash and recovery at start. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 28200 + Math.floor(Math.random() * 4000); // below the ephemeral range, above private Kafka's
    if (!(await isListening('127.0.0.1', port, 200))) return port;
  }
  throw new Error('no free port for a private PostgreSQL');
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A PostgreSQL cluster of a test's own (scripts/postgres.sh with a random PG_PORT: the script keeps
 * each port's cluster in .pg/data-<port>), so a test may stop and crash it without touching the
 * database other tests use.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const env = { PG_PORT: String(port) };
  const dataDir = join(workspaceRoot, '.pg', `data-${port}`);
  await runScriptAsync('postgres.sh', ['start'], env);
  const url = await runScriptAsync('postgres.sh', ['url'], env);
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (mode === 'fast') {
      await runScriptAsync('postgres.sh', ['stop'], env);
      return;
    }
    const pidFile = join(dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      return; // not running
    }
    await until('PostgreSQL did not go down', async () => !(await isListening('127.0.0.1', port, 200)));
    await until('the postmaster did not exit', async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  };
  return {
    port,
    url,
    dataDir,
    stop,
    start: async () => void (await runScriptAsync('postgres.sh', ['start'], env)),
    async destroy() {
      await stop('fast').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
