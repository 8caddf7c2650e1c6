import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { workspaceRoot } from '@ramprognos/testing';
import { startChaosSystem, type ChaosSystem } from '../../libs/testing/src/chaos';

/**
 * The whole system as processes, on a private broker and a private PostgreSQL cluster whose every
 * statement is logged (log_statement = all), so a test can ask what reached the database and how.
 */
export interface SecuritySystem {
  readonly system: ChaosSystem;
  readonly url: {
    readonly intake: string;
    readonly payments: string;
    readonly forecast: string;
    readonly reporting: string;
  };
  readonly kafka: Kafka;
  /** PostgreSQL's own log: statements as the server received them. */
  readonly statementLog: string;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export const INGEST = {
  lifecare: 'local-lifecare-token',
  payments: 'local-payments-token',
} as const;

export async function startSecuritySystem(name: string): Promise<SecuritySystem> {
  const logDir = join(
    workspaceRoot,
    'artifacts',
    'security',
    `${name}-${new Date().toISOString().replace(/[:.]/g, '')}`,
  );
  const system = await startChaosSystem({ logDir });
  const db = new Client({ connectionString: system.directDatabaseUrl.replace(/\/[^/]*$/, '/postgres') });
  try {
    await db.connect();
    await db.query(`alter system set log_statement = 'all'`);
    await db.query(`select pg_reload_conf()`);
  } finally {
    await db.end();
  }
  await system.waitUntilHealthy(180_000);
  // Healthy is not settled: right after the services create their topics the broker may not name
  // partition leaders yet, and the forecast status answers 500 for a moment.
  for (
    let attempt = 1;
    (await fetch(`${system.nodes['forecast-a'].url}/v1/status`)).status !== 200;
    attempt++
  ) {
    if (attempt > 120) throw new Error('forecast /v1/status did not answer 200 within 60 s');
    await sleep(500);
  }
  const kafka = new Kafka({
    clientId: `security-${name}`,
    brokers: system.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  return {
    system,
    url: {
      intake: system.nodes.intake.url,
      payments: system.nodes.payments.url,
      forecast: system.nodes['forecast-a'].url,
      reporting: system.nodes.reporting.url,
    },
    kafka,
    statementLog: join(system.postgres.dataDir, 'server.log'),
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const client = new Client({ connectionString: system.directDatabaseUrl });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    stop: () => system.stop(),
  };
}

export interface Reply {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  readonly contentType: string;
}

export async function call(
  method: string,
  url: string,
  options: {
    readonly token?: string;
    readonly authorization?: string;
    readonly body?: string | Buffer;
    readonly contentType?: string;
    readonly accept?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  if (options.accept) headers.accept = options.accept;
  const response = await fetch(url, {
    method,
    headers,
    body: options.body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, contentType: response.headers.get('content-type') ?? '' };
}

/** Rows the ingesting services hold: event store and outbox of both. */
export async function ingestedRows(s: SecuritySystem): Promise<Record<string, number>> {
  const [row] = await s.query<Record<string, string>>(
    `select (select count(*) from intake.event_store) as intake_events, (select count(*) from intake.outbox) as intake_outbox,
            (select count(*) from payments.event_store) as payments_events, (select count(*) from payments.outbox) as payments_outbox`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/** Waits until both ingesting services have published everything they accepted. */
export async function outboxesDrained(s: SecuritySystem, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await Promise.all(
      [s.url.intake, s.url.payments].map(
        async (u) =>
          ((await call('GET', `${u}/v1/status`)).json as { outboxPending?: number } | undefined)
            ?.outboxPending,
      ),
    );
    if (pending.every((p) => p === 0)) return;
    if (Date.now() > deadline) throw new Error(`outboxes not drained: ${JSON.stringify(pending)}`);
    await sleep(100);
  }
}

/** Sum of the end offsets of the topics: a request that published nothing leaves it unchanged. */
export async function topicEnds(kafka: Kafka, topics: readonly string[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      let sum = 0;
      for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) sum += Number(p.high);
      return sum;
    } catch (error) {
      // Right after the services created the topics, leadership may still be moving.
      if (attempt >= 20) throw error;
      await sleep(500);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Percent-encoding of the UTF-8 bytes (lone surrogates become U+FFFD, as any HTTP client would send them). */
export function encodeBytes(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A valid CloudEvent of each kind, with fresh ids under `prefix`. */
export function validEvents(prefix: string) {
  const t = '2023-03-01T10:00:00Z';
  const env = (type: string, id: string, subject: string, source: string, data: Record<string, unknown>) => ({
    specversion: '1.0',
    id,
    source,
    type: `se.socialtjanst.${type}.v1`,
    time: t,
    subject,
    datacontenttype: 'application/json',
    data,
  });
  const caseId = `${prefix}-case`;
  const placementId = `${prefix}-pl`;
  const paymentId = `${prefix}-pay`;
  return {
    caseOpened: env('case.opened', `${prefix}-e1`, caseId, 'urn:system:lifecare', {
      caseId,
      householdId: `${prefix}-hh`,
      caseType: 'EKONOMISKT_BISTAND',
      openedOn: '2023-02-01',
      adults: 1,
      children: 2,
    }),
    placementStarted: env('placement.started', `${prefix}-e2`, placementId, 'urn:system:lifecare', {
      placementId,
      caseId,
      placementType: 'HVB',
      regi: 'EXTERN',
      targetGroup: 'BARN_UNGA',
      startDate: '2023-02-10',
      dailyRate: '4250.00',
    }),
    paymentDisbursed: env('payment.disbursed', `${prefix}-e3`, `${prefix}-hh`, 'urn:system:utbetalning', {
      paymentId,
      caseId,
      householdId: `${prefix}-hh`,
      paidOn: '2023-02-25',
      benefitMonth: '2023-03',
      amount: '8123.50',
      components: [
        { category: 'FORSORJNINGSSTOD', amount: '5123.50' },
        { category: 'BOENDE', amount: '3000.00' },
      ],
    }),
    ledgerPosted: env('ledger.posted', `${prefix}-e4`, `${prefix}-L1`, 'urn:system:raindance', {
      postingId: `${prefix}-L1`,
      bookedOn: '2023-02-28',
      account: '4560',
      responsibility: '7101',
      activity: '420',
      amount: '-1234.50',
      text: 'Hyra',
    }),
  };
}

export type ValidEvent = ReturnType<typeof validEvents>[keyof ReturnType<typeof validEvents>];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
