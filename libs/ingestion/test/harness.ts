import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from '@ramprognos/messaging';
import { ensureDatabaseAndSchema } from '@ramprognos/service-kit';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createEventStoreAndOutboxV1, IngestionRuntime, type IngestionRuntimeOptions } from '../src';

// @ramprognos/testing is tagged type:testing, which a type:lib may not import: the few helpers here.

export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function env(name: 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run through jest.int.config.js`);
  return value;
}

/** A fresh schema with the ingestion tables, as a service's migration makes them. */
export async function freshDatabase(
  prefix: string,
): Promise<{ dataSource: DataSource; schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = env('DATABASE_URL');
  await ensureDatabaseAndSchema(url, schema);
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema,
    extra: { options: `-c search_path="${schema}"` },
    poolSize: 5,
  }).initialize();
  const q = dataSource.createQueryRunner();
  try {
    await createEventStoreAndOutboxV1(q);
  } finally {
    await q.release();
  }
  return {
    dataSource,
    schema,
    async drop() {
      await dataSource.destroy();
      await sql(`drop schema if exists "${schema}" cascade`);
    },
  };
}

/** What IngestionModule runs, without Nest: the runtime on its own schema, started and ready. */
export async function startRuntime(
  dataSource: DataSource,
  options: Omit<IngestionRuntimeOptions, 'brokers'>,
): Promise<IngestionRuntime> {
  const kafka = createKafka({
    clientId: `ingestion-test-${options.spec.service}`,
    brokers: env('KAFKA_BROKERS'),
    logLevel: 'error',
  });
  const runtime = new IngestionRuntime(kafka, dataSource, new Registry(), {
    ...options,
    brokers: env('KAFKA_BROKERS').split(','),
  });
  runtime.onApplicationBootstrap();
  await runtime.ready();
  return runtime;
}

export async function sql<T extends Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: env('DATABASE_URL') });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface TopicMessage {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Every message of `topic` written since `sinceMs`, as kcat (not the code under test) reads it. */
export function readTopic(topic: string, sinceMs: number, broker = env('KAFKA_BROKERS')): TopicMessage[] {
  const result = spawnSync(
    'kcat',
    ['-C', '-b', broker, '-t', topic, '-o', `s@${sinceMs}`, '-e', '-q', '-J'],
    {
      encoding: 'utf8',
      timeout: 30_000,
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`kcat -C ${topic} failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const m = JSON.parse(line) as { key: string | null; payload: string | null; headers?: string[] };
      const pairs = m.headers ?? [];
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) headers[pairs[i]] = pairs[i + 1];
      return { key: m.key, value: m.payload, headers };
    });
}

/** key<TAB>value lines through kcat -P, optionally with headers on every message of the call. */
export function produce(
  topic: string,
  messages: readonly { key: string; value: string }[],
  headers: readonly string[] = [],
): void {
  const result = spawnSync(
    'kcat',
    ['-P', '-b', env('KAFKA_BROKERS'), '-t', topic, '-K', '\t', ...headers.flatMap((h) => ['-H', h])],
    {
      input: messages.map((m) => `${m.key}\t${m.value}`).join('\n') + '\n',
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (result.status !== 0) throw new Error(`kcat -P ${topic} failed: ${result.stderr}`);
}

export async function eventually<T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function idOf(message: TopicMessage): string | undefined {
  try {
    const parsed = JSON.parse(message.value ?? '') as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** A broker of the test's own (scripts/kafka.sh, own port and KAFKA_HOME), stopped and started without blocking. */
export interface OwnBroker {
  readonly brokers: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

const WORKSPACE = join(__dirname, '..', '..', '..');

export async function ownBroker(): Promise<OwnBroker> {
  let port = 19492;
  while ((await listening(port)) || (await listening(port + 1))) port += 100;
  const home = mkdtempSync(join(tmpdir(), 'ramprognos-kafka-'));
  const scriptEnv = { ...process.env, KAFKA_PORT: String(port), KAFKA_HOME: home, KAFKA_HEAP: '512m' };
  const script = (command: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [join(WORKSPACE, 'scripts', 'kafka.sh'), command], {
        env: scriptEnv,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`kafka.sh ${command}: ${stderr}`)),
      );
    });
  return {
    brokers: `127.0.0.1:${port}`,
    start: () => script('start'),
    stop: () => script('stop'),
    remove: async () => {
      await script('stop').catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
