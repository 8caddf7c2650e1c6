import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isListening } from './net';
import { runScript } from './run-script';

export interface PrivateKafka {
  readonly brokers: string[];
  readonly port: number;
  /** SIGTERM and wait: the broker goes away (for outage tests). */
  stop(): void;
  /** Starts it again on the same storage and port. */
  start(): void;
  /** Stops it and deletes its storage. */
  destroy(): void;
}

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + 2 * Math.floor(Math.random() * 4000);
    if (!(await isListening('127.0.0.1', port, 200)) && !(await isListening('127.0.0.1', port + 1, 200))) return port;
  }
  throw new Error('no free port pair for a private Kafka broker');
}

/**
 * A broker of a test's own (fresh storage, own port), for tests that need topics nobody else
 * writes to, or that stop the broker. The shared broker of the tier is never stopped by a test.
 */
export async function startPrivateKafka(options: { heap?: string } = {}): Promise<PrivateKafka> {
  const port = await freePortPair();
  const home = mkdtempSync(join(tmpdir(), 'ramprognos-kafka-'));
  const env = { KAFKA_PORT: String(port), KAFKA_HOME: home, KAFKA_HEAP: options.heap ?? '512m' };
  runScript('kafka.sh', ['start'], env);
  return {
    brokers: [`127.0.0.1:${port}`],
    port,
    stop: () => runScript('kafka.sh', ['stop'], env),
    start: () => runScript('kafka.sh', ['start'], env),
    destroy: () => {
      runScript('kafka.sh', ['stop'], env);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
