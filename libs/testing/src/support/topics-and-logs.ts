import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { checkPersonnummer } from '@ramprognos/contracts';
import { Client } from 'pg';

/** Messages of a topic as an independent tool (kcat, not the code under test) reads them. */
export interface TopicMessage {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export function brokers(): string {
  const configured = process.env.KAFKA_BROKERS;
  if (!configured) throw new Error('KAFKA_BROKERS is not set; run through jest.int.config.js');
  return configured;
}

/** Every message of `topic` whose timestamp is at or after `sinceMs`, read to the end of each partition. */
export function readTopic(topic: string, sinceMs: number, broker = brokers()): TopicMessage[] {
  const result = spawnSync(
    'kcat',
    ['-C', '-b', broker, '-t', topic, '-o', `s@${sinceMs}`, '-e', '-q', '-J'],
    {
      encoding: 'utf8',
      timeout: 30_000,
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw kcatFailed('-C', topic, result);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const m = JSON.parse(line) as {
        partition: number;
        offset: number;
        key: string | null;
        payload: string | null;
        headers?: string[];
      };
      const headers: Record<string, string> = {};
      const pairs = m.headers ?? [];
      for (let i = 0; i + 1 < pairs.length; i += 2) headers[pairs[i]] = pairs[i + 1];
      return { partition: m.partition, offset: m.offset, key: m.key, value: m.payload, headers };
    });
}

/** Produces key<TAB>value lines with kcat, the way a system writing straight to Kafka would. */
export function produce(
  topic: string,
  messages: readonly { key: string; value: string }[],
  broker = brokers(),
): void {
  const input = messages.map((m) => `${m.key}\t${m.value}`).join('\n') + '\n';
  const result = spawnSync('kcat', ['-P', '-b', broker, '-t', topic, '-K', '\t'], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw kcatFailed('-P', topic, result);
}

function kcatFailed(mode: string, topic: string, result: SpawnSyncReturns<string>): Error {
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return new Error('kcat is not installed; the integration tests need it (Debian: apt-get install kcat)');
  }
  return new Error(`kcat ${mode} ${topic} failed: ${result.error?.message ?? result.stderr}`);
}

/** The event id in a message value, when it is a JSON object with one. */
export function idOf(message: TopicMessage): string | undefined {
  try {
    const parsed = JSON.parse(message.value ?? '') as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

export function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

// 10 or 12 digits, optional -/+ before the last four: every way a personnummer is written. Not
// inside a longer run of letters and digits: hex hashes (content_hash, personRef) hold digit runs
// that pass the check by chance.
const CANDIDATE = /(?<![0-9A-Za-z])(?:[0-9]{6}|[0-9]{8})[-+]?[0-9]{4}(?![0-9A-Za-z])/g;

/** Personnummer-like strings with a valid birth date and check digit. */
export function findPersonnummer(text: string): string[] {
  return (text.match(CANDIDATE) ?? []).filter((candidate) => checkPersonnummer(candidate, null).ok);
}

export async function sql<T extends Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
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

/** Everything the process writes to stdout (kafkajs and Nest JSON lines), for scanning. */
export function captureStdout(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  return { lines, restore: () => (process.stdout.write = original) };
}
