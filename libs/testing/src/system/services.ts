import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../infra/run-script';

export const SERVICE_NAMES = ['intake', 'payments', 'forecast', 'reporting'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Default ports of SPEC §8. */
export const SERVICE_PORTS: Readonly<Record<ServiceName, number>> = {
  intake: 3001,
  payments: 3002,
  forecast: 3003,
  reporting: 3004,
};

/**
 * Settings for local runs only (stack, demo, tests): fixed, public, never for production —
 * production gets its secrets from the environment (SPEC §9).
 */
export const LOCAL_SECRETS = {
  PSEUDONYM_KEY: 'local-only-pseudonym-key-not-for-production',
  INGEST_TOKENS:
    'local-lifecare-token=urn:system:lifecare,local-payments-token=urn:system:utbetalning|urn:system:raindance',
  AUTH_JWT_SECRET: 'local-only-jwt-secret-not-for-production-0123456789',
} as const;

export interface RunningService {
  readonly name: ServiceName;
  readonly port: number;
  readonly url: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL after the grace period; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartServiceOptions {
  readonly port?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Folder for the service's log file (JSON lines); default .run/logs. */
  readonly logDir?: string;
  /** Also echo each log line, prefixed, to this process's stdout. */
  readonly echo?: boolean;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts one service from the compiled tree (run `npm run build` first). */
export function startService(name: ServiceName, options: StartServiceOptions = {}): RunningService {
  const main = join(workspaceRoot, 'dist', 'services', name, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const port = options.port ?? SERVICE_PORTS[name];
  const logDir = options.logDir ?? join(workspaceRoot, '.run', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}-${port}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['-r', join(workspaceRoot, 'tools', 'register-dist.js'), main], {
    cwd: workspaceRoot,
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(log, { end: false });
    if (options.echo) stream?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(name, chunk)));
  }
  child.once('exit', () => log.end());
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    logFile,
    child,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

function prefixLines(name: string, chunk: Buffer): string {
  return chunk
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => `${name.padEnd(9)}| ${line}\n`)
    .join('');
}

export interface Health {
  readonly status: number;
  readonly body: unknown;
}

export async function getHealth(service: { url: string }): Promise<Health> {
  const response = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Waits until the service answers /health with 200, failing early if its process exits. */
export async function waitUntilHealthy(service: RunningService, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.name} exited with code ${service.child.exitCode}; see ${service.logFile}`);
    }
    try {
      const health = await getHealth(service);
      if (health.status === 200) return;
      last = `${health.status} ${JSON.stringify(health.body)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} not healthy within ${timeoutMs} ms (last: ${last}); see ${service.logFile}`);
}
