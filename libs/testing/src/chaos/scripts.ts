import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isListening } from '../infra/net';
import { runScript, workspaceRoot } from '../infra/run-script';

/**
 * scripts/<script> without blocking the event loop: the chaos runner also carries the TCP proxy
 * and the clients, which must keep running while a broker or database restarts.
 */
export function runScriptAsync(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(workspaceRoot, 'scripts', script), ...args], {
      cwd: workspaceRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        if (stderr) process.stderr.write(stderr);
        resolve(stdout.trim());
      } else reject(new Error(`scripts/${script} ${args.join(' ')} failed (${code}):\n${stdout}\n${stderr}`));
    });
  });
}

export interface ChaosKafka {
  readonly brokers: string[];
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): void;
}

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + 2 * Math.floor(Math.random() * 4000);
    if (!(await isListening('127.0.0.1', port, 200)) && !(await isListening('127.0.0.1', port + 1, 200)))
      return port;
  }
  throw new Error('no free port pair for a private Kafka broker');
}

/** A broker of the chaos suite's own (as startPrivateKafka), whose stop and start do not block. */
export async function startChaosKafka(options: { heap?: string } = {}): Promise<ChaosKafka> {
  const port = await freePortPair();
  const home = mkdtempSync(join(tmpdir(), 'ramprognos-chaos-kafka-'));
  const env = { KAFKA_PORT: String(port), KAFKA_HOME: home, KAFKA_HEAP: options.heap ?? '768m' };
  await runScriptAsync('kafka.sh', ['start'], env);
  return {
    brokers: [`127.0.0.1:${port}`],
    port,
    stop: async () => void (await runScriptAsync('kafka.sh', ['stop'], env)),
    start: async () => void (await runScriptAsync('kafka.sh', ['start'], env)),
    destroy: () => {
      runScript('kafka.sh', ['stop'], env);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
