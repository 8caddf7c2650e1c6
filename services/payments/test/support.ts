import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isListening, workspaceRoot } from '@ramprognos/testing';

/** A broker of this test's own (never the shared one on 9092), which the test may stop and start. */
export interface OwnBroker {
  readonly brokers: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its data. */
  remove(): Promise<void>;
}

/**
 * scripts/kafka.sh on a free port pair with its own KAFKA_HOME (a temporary directory; the jars
 * are the project's install). Started and stopped asynchronously, unlike @ramprognos/testing's
 * startPrivateKafka: the service under test keeps taking requests while the broker goes down.
 */
export async function ownBroker(): Promise<OwnBroker> {
  let port = 19092;
  while ((await isListening('127.0.0.1', port)) || (await isListening('127.0.0.1', port + 1))) port += 100;
  const home = mkdtempSync(join(tmpdir(), 'ramprognos-kafka-'));
  const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_HOME: home, KAFKA_HEAP: '512m' };
  const script = (command: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [join(workspaceRoot, 'scripts', 'kafka.sh'), command], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`kafka.sh ${command} failed: ${stderr}`)),
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
