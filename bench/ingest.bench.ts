import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { EVENT_TYPES, TOPICS } from '@ramprognos/contracts';
import { createKafka, ensureTopics } from '@ramprognos/messaging';
import { startPrivateKafka, startService, uniqueSchema, waitUntilHealthy } from '@ramprognos/testing';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import type { Bench, BenchResult } from './bench';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 50_000);
const BATCH = 1000;
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 4);
const HOUSEHOLDS = 5000;
const TOKEN = 'bench-ingest-token';
const SOURCES = { payments: 'urn:bench:utbetalning', ledger: 'urn:bench:raindance' };
const KCAT_TOPIC = 'bench.ingest.kcat';

/**
 * Ingest throughput of the payments service: batches of 1,000 CloudEvents (half payment.disbursed
 * keyed by household, half ledger.posted) posted over HTTP until every one is acknowledged by
 * Kafka (published from the outbox), on a private broker. Reference: kcat -P producing the same
 * messages (same keys and values, acks=all, idempotent) to the same broker.
 */
export const ingestBench: Bench = {
  name: 'ingest',
  async run(): Promise<BenchResult> {
    const kafka = await startPrivateKafka();
    const broker = kafka.brokers[0];
    const admin = createKafka({ clientId: 'bench-ingest', brokers: kafka.brokers, logLevel: 'nothing' });
    const schema = uniqueSchema('bench_ingest');
    const port = await freePort();
    const service = startService('payments', {
      port,
      env: {
        KAFKA_BROKERS: broker,
        DB_SCHEMA: schema,
        INGEST_TOKENS: `${TOKEN}=${SOURCES.payments}|${SOURCES.ledger}`,
        INBOUND_START: 'latest',
        LOG_LEVEL: 'warn',
      },
    });
    try {
      await waitUntilHealthy(service, 90_000);
      const url = `${service.url}/v1/events`;
      const published = () => endOffsetSum(admin, [TOPICS.payments, TOPICS.ledger]);

      // Warm-up: connections, JIT, the relay's producer; not measured.
      const warmUp = batches(BATCH, 'warm');
      await post(url, warmUp[0]);
      await until(async () => (await published()) >= BATCH, 60_000);

      const bodies = batches(EVENTS, 'run');
      const before = await published();
      const latencies: number[] = [];
      const started = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++];
            const t = process.hrtime.bigint();
            await post(url, body);
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }),
      );
      const acceptedSeconds = seconds(started);
      await until(async () => (await published()) - before >= EVENTS, 600_000);
      const publishedSeconds = seconds(started);

      const lines = bodies.flatMap((body) =>
        (JSON.parse(body) as { subject: string }[]).map(
          (event) => `${event.subject}\t${JSON.stringify(event)}`,
        ),
      );
      await ensureTopics(admin, [{ topic: KCAT_TOPIC, numPartitions: 6 }], { deadLetterTwins: false });
      const kcatSeconds = await kcatProduce(broker, KCAT_TOPIC, `${lines.join('\n')}\n`);
      const kcatMessages = await endOffsetSum(admin, [KCAT_TOPIC]);
      if (kcatMessages !== EVENTS) throw new Error(`kcat produced ${kcatMessages} of ${EVENTS}`);

      latencies.sort((a, b) => a - b);
      const eventsPerSecond = EVENTS / publishedSeconds;
      const kcatRate = EVENTS / kcatSeconds;
      return {
        name: 'ingest',
        measured: {
          events: EVENTS,
          batchSize: BATCH,
          concurrency: CONCURRENCY,
          seconds: publishedSeconds,
          eventsPerSecond,
          acceptedEventsPerSecond: EVENTS / acceptedSeconds,
          requestP50Ms: latencies[Math.floor(latencies.length * 0.5)],
          requestP99Ms: latencies[Math.floor(latencies.length * 0.99)],
        },
        reference: {
          tool: 'kcat -P (acks=all, idempotent), same messages and keys, same broker',
          messages: EVENTS,
          seconds: kcatSeconds,
          messagesPerSecond: kcatRate,
        },
        ratio: eventsPerSecond / kcatRate,
        notes: [
          'measured: first POST until Kafka holds every event (end offsets of the payments and ledger topics)',
          'each request: bearer auth, validation of 1,000 events, dedup by (source, id) and content hash, one transaction into event store and outbox; the relay publishes in seq order',
          'service and broker run on the same machine as the client',
        ],
      };
    } finally {
      await service.stop();
      kafka.destroy();
      await dropSchema(schema);
    }
  },
};

function batches(count: number, tag: string): string[] {
  const out: string[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const events = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      events.push(i % 2 === 0 ? payment(tag, i) : posting(tag, i));
    }
    out.push(JSON.stringify(events));
  }
  return out;
}

function payment(tag: string, i: number) {
  const householdId = `HH${i % HOUSEHOLDS}`;
  return {
    specversion: '1.0',
    id: `${tag}-pay-${i}`,
    source: SOURCES.payments,
    type: EVENT_TYPES.paymentDisbursed,
    time: '2023-04-25T10:00:00Z',
    subject: householdId,
    datacontenttype: 'application/json',
    data: {
      paymentId: `${tag}-P${i}`,
      caseId: `EKB${i % HOUSEHOLDS}`,
      householdId,
      paidOn: '2023-04-25',
      benefitMonth: '2023-05',
      amount: '8431.50',
      components: [
        { category: 'FORSORJNINGSSTOD', amount: '4120.00' },
        { category: 'BOENDE', amount: '3911.50' },
        { category: 'HUSHALLSEL', amount: '400.00' },
      ],
    },
  };
}

function posting(tag: string, i: number) {
  const postingId = `${tag}-V${i}`;
  return {
    specversion: '1.0',
    id: postingId,
    source: SOURCES.ledger,
    type: EVENT_TYPES.ledgerPosted,
    time: '2023-04-30T18:00:00Z',
    subject: postingId,
    datacontenttype: 'application/json',
    data: {
      postingId,
      bookedOn: '2023-04-30',
      account: '4560',
      responsibility: '7101',
      activity: '420',
      amount: '-1234.50',
      text: 'Hyra',
    },
  };
}

async function post(url: string, body: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body,
  });
  const reply = (await response.json()) as { accepted?: number };
  if (response.status !== 202 || reply.accepted !== BATCH) {
    throw new Error(`ingest answered ${response.status}: ${JSON.stringify(reply).slice(0, 300)}`);
  }
}

async function endOffsetSum(kafka: Kafka, topics: readonly string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let sum = 0;
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) sum += Number(p.high) - Number(p.low);
    }
    return sum;
  } finally {
    await admin.disconnect();
  }
}

function kcatProduce(broker: string, topic: string, input: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      'kcat',
      ['-P', '-b', broker, '-t', topic, '-K', '\t', '-X', 'acks=all', '-X', 'enable.idempotence=true'],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(seconds(started)) : reject(new Error(`kcat -P: ${code} ${stderr}`)),
    );
    child.stdin.end(input);
  });
}

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A topic the service has just created may still be electing leaders: ask again.
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function dropSchema(schema: string): Promise<void> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    await db.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await db.end();
  }
}
