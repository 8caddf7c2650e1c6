import { mkdirSync } from 'node:fs';
import { isListening } from '../infra/net';
import {
  LOCAL_SECRETS,
  getHealth,
  startService,
  type RunningService,
  type ServiceName,
} from '../system/services';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { startChaosKafka, type ChaosKafka } from './scripts';
import { TcpProxy } from './tcp-proxy';

/** The processes of the system under test: both ingesting services, two forecast instances (one consumer group), reporting. */
export const NODE_IDS = ['intake', 'payments', 'forecast-a', 'forecast-b', 'reporting'] as const;
export type NodeId = (typeof NODE_IDS)[number];

const SERVICE_OF: Readonly<Record<NodeId, ServiceName>> = {
  intake: 'intake',
  payments: 'payments',
  'forecast-a': 'forecast',
  'forecast-b': 'forecast',
  reporting: 'reporting',
};

export interface ChaosNode {
  readonly id: NodeId;
  readonly port: number;
  readonly url: string;
  /** The current process (a new one after each restart). */
  readonly process: RunningService;
  readonly restarts: number;
  /** SIGKILL: no shutdown hooks, no goodbye to the consumer group, open transactions aborted by PostgreSQL. */
  kill(): Promise<void>;
  /** A new process on the same port, schema and log file. */
  restart(): void;
  /** SIGSTOP: the process is frozen, sockets stay open, heartbeats stop. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

export interface ChaosSystem {
  readonly kafka: ChaosKafka;
  readonly postgres: PrivatePostgres;
  /** Every service reaches PostgreSQL through this proxy. */
  readonly proxy: TcpProxy;
  /** The database itself, past the proxy: for the checks, never for the services. */
  readonly directDatabaseUrl: string;
  readonly nodes: Readonly<Record<NodeId, ChaosNode>>;
  readonly logDir: string;
  readonly schemas: readonly string[];
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePortBlock(size: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 12000 + 10 * Math.floor(Math.random() * 790); // below the ephemeral range (32768+)
    const taken = await Promise.all(
      Array.from({ length: size }, (_, i) => isListening('127.0.0.1', base + i, 200)),
    );
    if (!taken.some(Boolean)) return base;
  }
  throw new Error('no free block of ports for the chaos system');
}

function exited(service: RunningService): Promise<void> {
  const child = service.child;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * The whole system as processes on infrastructure of its own: a private Kafka broker, a private
 * PostgreSQL cluster behind a TCP proxy, and the services started from dist/ (run `npm run build`
 * first). Nothing here touches the broker or database other tests use.
 */
export async function startChaosSystem(options: {
  readonly logDir: string;
  readonly kafkaHeap?: string;
}): Promise<ChaosSystem> {
  mkdirSync(options.logDir, { recursive: true });
  const postgres = await startPrivatePostgres();
  let kafka: ChaosKafka | undefined;
  let proxy: TcpProxy | undefined;
  const nodes = {} as Record<NodeId, ChaosNode>;
  try {
    kafka = await startChaosKafka({ heap: options.kafkaHeap ?? '768m' });
    proxy = new TcpProxy({ host: '127.0.0.1', port: postgres.port });
    const proxyPort = await proxy.start();
    const proxiedUrl = new URL(postgres.url);
    proxiedUrl.port = String(proxyPort);
    const base = await freePortBlock(NODE_IDS.length);
    const forecastUrl = `http://127.0.0.1:${base + NODE_IDS.indexOf('forecast-a')}`;
    const env = (id: NodeId): NodeJS.ProcessEnv => ({
      ...LOCAL_SECRETS,
      KAFKA_BROKERS: (kafka as ChaosKafka).brokers.join(','),
      DATABASE_URL: proxiedUrl.toString(),
      DB_SCHEMA: SERVICE_OF[id],
      FORECAST_URL: forecastUrl,
      LOG_LEVEL: 'log',
      INBOUND_START: 'earliest',
    });
    NODE_IDS.forEach((id, i) => {
      const port = base + i;
      const launch = () => startService(SERVICE_OF[id], { port, env: env(id), logDir: options.logDir });
      let current = launch();
      let restarts = 0;
      let paused = false;
      nodes[id] = {
        id,
        port,
        url: `http://127.0.0.1:${port}`,
        get process() {
          return current;
        },
        get restarts() {
          return restarts;
        },
        get paused() {
          return paused;
        },
        async kill() {
          if (paused) this.resume();
          current.child.kill('SIGKILL');
          await exited(current);
        },
        restart() {
          restarts += 1;
          current = launch();
        },
        pause() {
          current.child.kill('SIGSTOP');
          paused = true;
        },
        resume() {
          current.child.kill('SIGCONT');
          paused = false;
        },
      };
    });
  } catch (error) {
    await proxy?.stop();
    kafka?.destroy();
    await postgres.destroy();
    throw error;
  }
  const system: ChaosSystem = {
    kafka,
    postgres,
    proxy,
    directDatabaseUrl: postgres.url,
    nodes,
    logDir: options.logDir,
    schemas: [...new Set(Object.values(SERVICE_OF))],
    async waitUntilHealthy(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (const node of Object.values(nodes)) {
        let last = 'no answer';
        for (;;) {
          if (node.process.child.exitCode !== null) {
            throw new Error(
              `${node.id} exited with code ${node.process.child.exitCode}; see ${node.process.logFile}`,
            );
          }
          const health = await getHealth(node).catch((e: Error) => ({ status: 0, body: e.message }));
          if (health.status === 200) break;
          last = `${health.status} ${JSON.stringify(health.body).slice(0, 300)}`;
          if (Date.now() > deadline)
            throw new Error(
              `${node.id} not healthy within ${timeoutMs} ms (last: ${last}); see ${node.process.logFile}`,
            );
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    async stop() {
      for (const node of Object.values(nodes)) if (node.paused) node.resume();
      await Promise.all(Object.values(nodes).map((n) => n.process.stop(5000)));
      await proxy?.stop();
      kafka?.destroy();
      await postgres.destroy();
    },
  };
  return system;
}
