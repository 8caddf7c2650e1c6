import type { Kafka, ProducerRecord } from 'kafkajs';
import type { ChaosSystem, NodeId } from './chaos-system';
import type { Feeder } from './feeder';
import { INBOUND_TOPIC } from './feeder';
import type { Rng } from './rng';

export const FAULT_KINDS = [
  'kill-service',
  'pause-forecast',
  'kafka-restart',
  'postgres-restart',
  'proxy-delay',
  'proxy-cut',
  'client-resend',
  'poison',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRecord {
  readonly kind: FaultKind;
  readonly target: string;
  /** Ms since the run's stream started. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly detail: Record<string, unknown>;
}

/** A message written to a topic that the services must dead-letter, never apply; found again in the DLQ by its marker. */
export interface PoisonMessage {
  readonly topic: string;
  readonly marker: string;
  readonly shape: string;
}

export interface FaultContext {
  readonly system: ChaosSystem;
  readonly feeder: Feeder;
  readonly random: Rng;
  readonly produce: (record: ProducerRecord) => Promise<void>;
  readonly admin: Kafka;
  readonly runLabel: string;
  readonly poisoned: PoisonMessage[];
  readonly say: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Which shared resource a fault holds, so that two faults never act on the same one at once. */
export function resourceOf(kind: FaultKind, target: string): string {
  switch (kind) {
    case 'kill-service':
    case 'pause-forecast':
      return target;
    case 'kafka-restart':
      return 'kafka';
    case 'postgres-restart':
    case 'proxy-delay':
    case 'proxy-cut':
      return 'postgres';
    case 'client-resend':
    case 'poison':
      return kind;
  }
}

/** Dealt like cards, so that every service is killed (and each forecast instance frozen) as often as the others. */
export class TargetDecks {
  private readonly decks = new Map<string, string[]>();
  constructor(private readonly random: Rng) {}
  deal(kind: string, targets: readonly string[]): string {
    let deck = this.decks.get(kind);
    if (!deck || deck.length === 0) {
      deck = this.random.shuffle(targets);
      this.decks.set(kind, deck);
    }
    return deck.shift() as string;
  }
}

/** Picks a target for a fault kind (a service to kill, a forecast instance to freeze, …). */
export function targetFor(
  kind: FaultKind,
  random: Rng,
  decks: TargetDecks = new TargetDecks(random),
): string {
  switch (kind) {
    case 'kill-service':
      return decks.deal(kind, ['intake', 'payments', 'forecast-a', 'forecast-b', 'reporting']);
    case 'pause-forecast':
      return decks.deal(kind, ['forecast-a', 'forecast-b']);
    case 'kafka-restart':
      return 'broker';
    case 'postgres-restart':
      return decks.deal(kind, ['postgres (fast)', 'postgres (immediate)']);
    case 'proxy-delay':
    case 'proxy-cut':
      return 'postgres proxy';
    case 'client-resend':
      return 'clients';
    case 'poison':
      return decks.deal(kind, [INBOUND_TOPIC, 'consumed topics']);
  }
}

/** forecast's projection consumer group(s), and how many members each has now. */
async function forecastGroupMembers(kafka: Kafka): Promise<number | null> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const ids = groups.map((g) => g.groupId).filter((id) => id.startsWith('forecast-projections'));
    if (ids.length === 0) return null;
    const described = await admin.describeGroups(ids);
    return Math.max(...described.groups.map((g) => g.members.length));
  } finally {
    await admin.disconnect();
  }
}

/** Runs one fault to its end (the thing it broke is running again when this resolves). */
export async function injectFault(
  kind: FaultKind,
  target: string,
  ctx: FaultContext,
): Promise<Record<string, unknown>> {
  const { system, random } = ctx;
  switch (kind) {
    case 'kill-service': {
      const node = system.nodes[target as NodeId];
      const pid = node.process.child.pid;
      await node.kill();
      const downMs = random.int(200, 3000);
      await sleep(downMs);
      node.restart();
      return { pid, downMs };
    }
    case 'pause-forecast': {
      // Past the consumer's 10 s session timeout, until the group has rebalanced to the other
      // instance (at most 30 s); when it wakes up, its fetches and commits belong to a generation
      // that is gone.
      const node = system.nodes[target as NodeId];
      const started = Date.now();
      const atLeastMs = random.int(12_000, 15_000);
      node.pause();
      let rebalancedAfterMs: number | null = null;
      while (
        Date.now() - started < 30_000 &&
        (rebalancedAfterMs === null || Date.now() - started < atLeastMs)
      ) {
        await sleep(1000);
        const members = await forecastGroupMembers(ctx.admin).catch(() => null);
        if (members === 1 && rebalancedAfterMs === null) rebalancedAfterMs = Date.now() - started;
      }
      node.resume();
      return { pausedMs: Date.now() - started, rebalanced: rebalancedAfterMs !== null, rebalancedAfterMs };
    }
    case 'kafka-restart': {
      const downMs = random.int(1000, 6000);
      await system.kafka.stop();
      await sleep(downMs);
      await system.kafka.start();
      return { downMs };
    }
    case 'postgres-restart': {
      const mode = target.includes('immediate') ? 'immediate' : 'fast';
      await system.postgres.stop(mode);
      const downMs = random.int(500, 4000);
      await sleep(downMs);
      await system.postgres.start();
      return { mode, downMs };
    }
    case 'proxy-delay': {
      const latencyMs = random.int(50, 600);
      const forMs = random.int(3000, 8000);
      system.proxy.setLatency(latencyMs);
      await sleep(forMs);
      system.proxy.setLatency(0);
      return { latencyMs, forMs };
    }
    case 'proxy-cut': {
      const refuseMs = random.int(0, 3000);
      system.proxy.setRefusing(refuseMs > 0);
      const cut = system.proxy.cutAll();
      await sleep(refuseMs);
      system.proxy.setRefusing(false);
      return { connectionsCut: cut, refusedNewForMs: refuseMs };
    }
    case 'client-resend': {
      const acked = ctx.feeder.acknowledgedDeliveries();
      if (acked.length === 0) return { resent: 0 };
      const picks = Array.from({ length: Math.min(acked.length, random.int(2, 6)) }, () =>
        random.pick(acked),
      );
      const before = { ...ctx.feeder.counters };
      await ctx.feeder.resend(picks);
      return {
        resent: picks.length,
        channels: picks.map((d) => d.channel),
        events: picks.reduce((n, d) => n + d.events.length, 0),
        duplicatesAcknowledged: ctx.feeder.counters.resendDuplicates - before.resendDuplicates,
      };
    }
    case 'poison': {
      const messages = target === INBOUND_TOPIC ? inboundPoison(ctx) : consumedTopicPoison(ctx);
      for (let attempt = 0; ; attempt++) {
        try {
          for (const m of messages) {
            await ctx.produce({ topic: m.topic, acks: -1, timeout: 10_000, messages: [m.message] });
          }
          break;
        } catch (error) {
          if (attempt > 60) throw error;
          await sleep(1000);
        }
      }
      ctx.poisoned.push(...messages.map((m) => m.poison));
      return { messages: messages.length, shapes: messages.map((m) => m.poison.shape) };
    }
  }
}

let poisonCounter = 0;

interface PoisonOut {
  readonly topic: string;
  readonly message: { key: string | null; value: Buffer | string; headers?: Record<string, string> };
  readonly poison: PoisonMessage;
}

function marker(ctx: FaultContext): string {
  poisonCounter += 1;
  return `poison-${ctx.runLabel}-${poisonCounter}`;
}

function envelope(
  id: string,
  type: string,
  data: unknown,
  source = 'urn:system:lifecare',
): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source,
    type,
    time: '2023-03-01T10:00:00Z',
    subject: id,
    datacontenttype: 'application/json',
    data,
  };
}

/** Garbage on the inbound topic: each service dead-letters what it answers for (by type), the other skips it. */
function inboundPoison(ctx: FaultContext): PoisonOut[] {
  const out: PoisonOut[] = [];
  const add = (shape: string, build: (m: string) => PoisonOut['message']) => {
    const m = marker(ctx);
    out.push({ topic: INBOUND_TOPIC, message: build(m), poison: { topic: INBOUND_TOPIC, marker: m, shape } });
  };
  add('not JSON', (m) => ({
    key: m,
    value: Buffer.concat([
      Buffer.from([0, 0xff, 0xfe, 0x7b]),
      Buffer.from(` ${m} `),
      Buffer.from([0xc3, 0x28]),
    ]),
  }));
  add('JSON that is no event', (m) => ({
    key: m,
    value: `{"hello":"${m}","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
  }));
  add('unknown type', (m) => ({
    key: m,
    value: JSON.stringify(envelope(m, 'se.socialtjanst.case.exploded.v1', { caseId: m })),
  }));
  add('payment with a three-decimal amount', (m) => ({
    key: m,
    value: JSON.stringify(
      envelope(
        m,
        'se.socialtjanst.payment.disbursed.v1',
        {
          paymentId: m,
          caseId: 'c',
          householdId: 'h',
          paidOn: '2023-03-01',
          benefitMonth: '2023-03',
          amount: '100.001',
          components: [{ category: 'FORSORJNINGSSTOD', amount: '100.001' }],
        },
        'urn:system:utbetalning',
      ),
    ),
  }));
  add('case.opened with a personnummer and a bad case type', (m) => ({
    key: m,
    value: JSON.stringify(
      envelope(m, 'se.socialtjanst.case.opened.v1', {
        caseId: m,
        householdId: 'h',
        caseType: 'NOPE',
        openedOn: '2023-03-01',
        personnummer: '19531016-5989',
      }),
    ),
  }));
  add('key differs from subject', (m) => ({
    key: `${m}-other-key`,
    value: JSON.stringify(
      envelope(m, 'se.socialtjanst.case.closed.v1', { caseId: m, closedOn: '2023-03-01', reason: 'ARBETE' }),
    ),
  }));
  return out;
}

/** Garbage on the topics forecast consumes: only the owning services should write there, but a broken producer might. */
function consumedTopicPoison(ctx: FaultContext): PoisonOut[] {
  const topics = [
    'socialtjanst.cases.v1',
    'socialtjanst.placements.v1',
    'socialtjanst.payments.v1',
    'socialtjanst.ledger.v1',
  ];
  const out: PoisonOut[] = [];
  for (const topic of ctx.random.shuffle(topics).slice(0, 2)) {
    const garbage = marker(ctx);
    out.push({
      topic,
      message: { key: garbage, value: `\u0000${garbage}\u0000{{{` },
      poison: { topic, marker: garbage, shape: 'not JSON' },
    });
    const bad = marker(ctx);
    out.push({
      topic,
      message: {
        key: bad,
        value: JSON.stringify(
          envelope(
            bad,
            'se.socialtjanst.ledger.posted.v1',
            { postingId: bad, bookedOn: '2023-02-30', account: '4560', amount: '1e9' },
            'urn:system:raindance',
          ),
        ),
        headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
      },
      poison: { topic, marker: bad, shape: 'ledger posting with an impossible date and an exponent amount' },
    });
  }
  return out;
}
