import { demoAdjustments2023, demoBudget2023, generateMunicipality } from '@ramprognos/generator';
import { Kafka, logLevel, type Producer, type ProducerRecord } from 'kafkajs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceAdjustment, ReferenceBudget, ReferenceEvent } from '../reference/types';
import { startChaosSystem, type ChaosSystem } from './chaos-system';
import {
  addDiscrepancy,
  compareActuals,
  compareReport,
  emptyDiscrepancy,
  type ActualsBody,
  type ActualsCase,
  type Discrepancy,
  type ReportBody,
  type ReportCase,
} from './compare';
import {
  FAULT_KINDS,
  TargetDecks,
  injectFault,
  resourceOf,
  targetFor,
  type FaultKind,
  type FaultRecord,
  type PoisonMessage,
} from './faults';
import { Feeder, INBOUND_TOPIC, type FeederCounters } from './feeder';
import { scanDatabase, scanFiles, scanKafka, type PrivacyFinding } from './privacy-scan';
import { readTopics } from './read-topics';
import { rng } from './rng';
import { localJwt } from './tokens';
import { planWorkload, type SourceEvent } from './workload';

export interface ChaosOptions {
  readonly runs: number;
  readonly seed: string;
  /** Fraction of Malmö per run (the generator's scale). */
  readonly scale: number;
  /** How long each run's stream of deliveries is spread over; faults land inside it. */
  readonly streamMs: number;
  readonly faultsPerRun: number;
  /** Only these kinds (default all): to chase one kind of problem. */
  readonly kinds?: readonly FaultKind[];
  /** After the stream and the last fault: how long the system may take to have applied everything. */
  readonly catchUpTimeoutMs: number;
  /** artifacts/chaos: summary.json and the services' logs. */
  readonly artifactsDir: string;
  readonly privacyScan: boolean;
  readonly say: (line: string) => void;
  /** Stops after the current step (the system is stopped either way). */
  readonly signal?: AbortSignal;
}

export const DEFAULT_CHAOS_OPTIONS: Omit<ChaosOptions, 'artifactsDir' | 'say'> = {
  runs: 3,
  seed: '1',
  scale: 0.006,
  streamMs: 40_000,
  faultsPerRun: 4,
  catchUpTimeoutMs: 180_000,
  privacyScan: true,
};

export interface RunResult {
  readonly run: number;
  readonly events: number;
  readonly deliveries: Record<string, number>;
  readonly faults: FaultRecord[];
  readonly caughtUp: boolean;
  /** From the end of the last fault until everything was applied (the tail of the stream included). */
  readonly catchUpMs: number | null;
  readonly expectedEvents: number;
  readonly eventsApplied: number | null;
  readonly actuals: Discrepancy;
  readonly report:
    { readonly discrepancy: Discrepancy; readonly mismatches: string[] } | { readonly unavailable: string };
  readonly feeder: FeederCounters;
  readonly problems: string[];
  readonly durationMs: number;
}

export interface ChaosSummary {
  readonly seed: string;
  readonly runs: number;
  readonly scale: number;
  readonly passed: boolean;
  readonly faultsByKind: Record<FaultKind, number>;
  /** Per kind, how often each target was hit (which service was killed, which instance frozen, …). */
  readonly faultTargets: Record<string, Record<string, number>>;
  /** Freezes of a forecast instance after which the group was seen rebalanced to the other one. */
  readonly pausesRebalanced: { readonly paused: number; readonly rebalanced: number };
  readonly everyKindInjected: boolean;
  readonly events: number;
  readonly lost: {
    readonly cells: number;
    readonly ore: string;
    readonly careDays: number;
    readonly events: number;
  };
  readonly doubleCounted: {
    readonly cells: number;
    readonly ore: string;
    readonly careDays: number;
    readonly events: number;
  };
  readonly catchUpAfterLastFaultMs: { readonly median: number | null; readonly max: number | null };
  readonly poison: {
    readonly sent: number;
    readonly deadLettered: number;
    readonly missing: string[];
    readonly validEventsDeadLettered: number;
    /** Where and why: `<dlq topic>:<partition>:<offset> <source> <id>: <x-dlq-reason>`. */
    readonly validEventsDeadLetteredDetail: string[];
  };
  readonly privacy: { readonly scanned: string; readonly findings: PrivacyFinding[] } | null;
  readonly problems: string[];
  readonly results: readonly RunResult[];
  readonly durationMs: number;
}

const ACTUALS_CASES: readonly ActualsCase[] = [
  { year: 2023, asOf: '2023-08-31', knownAt: null },
  { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-05T00:00:00Z' },
  { year: 2022, asOf: '2022-10-15', knownAt: '2022-10-20T00:00:00Z' },
  { year: 2021, asOf: '2021-12-31', knownAt: null },
];

const REPORT_CASES: readonly ReportCase[] = [
  { year: 2023, asOf: '2023-08-31', knownAt: null, groupBy: 'line' },
  { year: 2023, asOf: '2023-06-30', knownAt: '2023-07-05T00:00:00Z', groupBy: 'frame' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One producer, recreated after a failure (a restarted broker leaves kafkajs' producer unusable at times). */
class ProducerHandle {
  private producer?: Promise<Producer>;
  constructor(private readonly kafka: Kafka) {}
  async send(record: ProducerRecord): Promise<void> {
    this.producer ??= (async () => {
      const p = this.kafka.producer({ allowAutoTopicCreation: false });
      await p.connect();
      return p;
    })();
    const current = this.producer;
    try {
      await (await current).send(record);
    } catch (error) {
      if (this.producer === current) this.producer = undefined;
      await (await current.catch(() => undefined))?.disconnect().catch(() => undefined);
      throw error;
    }
  }
  async close(): Promise<void> {
    const current = this.producer;
    this.producer = undefined;
    await (await current?.catch(() => undefined))?.disconnect().catch(() => undefined);
  }
}

async function getJson<T>(
  url: string,
  token?: string,
): Promise<{ status: number; body: T | null; text: string }> {
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let body: T | null = null;
  try {
    body = JSON.parse(text) as T;
  } catch {
    body = null;
  }
  return { status: response.status, body, text };
}

async function postJson(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

/** Lag of a consumer group on a topic (end offset − committed offset, summed). */
async function groupLag(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const at = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return ends.reduce((sum, p) => {
      const offset = at.get(p.partition) ?? -1n;
      const low = BigInt(p.low);
      const start = offset < 0n ? low : offset;
      return sum + Number(BigInt(p.high) - start);
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

interface ForecastStatus {
  caughtUp: boolean;
  eventsApplied: number;
  held?: Record<string, number>;
  deadLettered?: number;
}

/** Everything accepted is applied: outboxes empty, inbound consumed, forecast at the end of its topics with every event. */
async function caughtUp(
  system: ChaosSystem,
  kafka: Kafka,
  expected: number,
): Promise<{ done: boolean; why: string; status?: ForecastStatus }> {
  for (const node of Object.values(system.nodes)) {
    const health = await fetch(`${node.url}/health`, { signal: AbortSignal.timeout(5000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (health !== 200) return { done: false, why: `${node.id} /health ${health}` };
  }
  for (const id of ['intake', 'payments'] as const) {
    const s = await getJson<{ outboxPending: number }>(`${system.nodes[id].url}/v1/status`);
    if (s.body?.outboxPending !== 0)
      return { done: false, why: `${id} outboxPending ${s.body?.outboxPending ?? s.status}` };
    const lag = await groupLag(kafka, `ramprognos.${id}.inbound`, INBOUND_TOPIC);
    if (lag !== 0) return { done: false, why: `${id} inbound lag ${lag}` };
  }
  const s = await getJson<ForecastStatus>(`${system.nodes['forecast-a'].url}/v1/status`);
  const status = s.body ?? undefined;
  if (!status?.caughtUp || status.eventsApplied < expected) {
    return {
      done: false,
      why: `forecast caughtUp ${status?.caughtUp} eventsApplied ${status?.eventsApplied}/${expected}`,
      status,
    };
  }
  const held = Object.values(status.held ?? {}).reduce((a, b) => a + b, 0);
  if (held !== 0) return { done: false, why: `forecast holds ${held} events`, status };
  return { done: true, why: 'caught up', status };
}

function planFaults(
  deck: FaultKind[],
  refill: () => FaultKind[],
  targets: TargetDecks,
  count: number,
  streamMs: number,
  random: ReturnType<typeof rng>,
) {
  const plan: { kind: FaultKind; target: string; atMs: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (deck.length === 0) deck.push(...refill());
    const kind = deck.shift() as FaultKind;
    plan.push({
      kind,
      target: targetFor(kind, random, targets),
      atMs: Math.round(streamMs * (0.05 + 0.75 * random.next())),
    });
  }
  return plan.sort((a, b) => a.atMs - b.atMs);
}

function fmtOre(ore: bigint): string {
  return ore.toString();
}

function serialise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/**
 * The fault suite of issue 9: `runs` rounds on one system, each streaming a generated data set
 * through HTTP, the ledger CSV import and the inbound topic while faults are injected, then
 * comparing forecast's actuals and reporting's budget deviation with the reference calculator
 * over everything sent so far (so a later fault that corrupts earlier data is caught too).
 */
export async function runChaosSuite(options: ChaosOptions): Promise<ChaosSummary> {
  const started = Date.now();
  const say = options.say;
  mkdirSync(options.artifactsDir, { recursive: true });
  const logDir = join(
    options.artifactsDir,
    'logs',
    `seed-${options.seed}-${new Date().toISOString().replace(/[:.]/g, '')}`,
  );
  say(
    `starting the system (private Kafka, private PostgreSQL behind a TCP proxy, 5 service processes); logs in ${logDir}`,
  );
  const system = await startChaosSystem({ logDir });
  const kafka = new Kafka({
    clientId: 'chaos',
    brokers: system.kafka.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const producer = new ProducerHandle(kafka);
  const results: RunResult[] = [];
  const problems: string[] = [];
  const poisoned: PoisonMessage[] = [];
  const allEvents: ReferenceEvent[] = [];
  const sentIds = new Set<string>();
  let privacy: ChaosSummary['privacy'] = null;
  let poisonCheck: ChaosSummary['poison'] = {
    sent: 0,
    deadLettered: 0,
    missing: [],
    validEventsDeadLettered: 0,
    validEventsDeadLetteredDetail: [],
  };
  try {
    await system.waitUntilHealthy(180_000);
    const controller = await localJwt(['controller'], { expiresAt: '12h' });
    const budget = demoBudget2023(options.scale * options.runs) as unknown as ReferenceBudget;
    const adjustments = demoAdjustments2023(options.scale * options.runs) as unknown as ReferenceAdjustment[];
    const reporting = system.nodes.reporting.url;
    let budgetProblem: string | null = null;
    const adopted = await postJson(`${reporting}/v1/budgets`, controller, budget);
    if (adopted.status >= 300)
      budgetProblem = `POST /v1/budgets: ${adopted.status} ${adopted.text.slice(0, 200)}`;
    for (const adjustment of adjustments) {
      const r = await postJson(`${reporting}/v1/budgets/2023/adjustments`, controller, adjustment);
      if (r.status >= 300) budgetProblem ??= `POST adjustments: ${r.status} ${r.text.slice(0, 200)}`;
    }
    if (budgetProblem) say(`budget not adopted (${budgetProblem}); the report comparison will fail`);

    const deckRandom = rng(`${options.seed}:deck`);
    const deck: FaultKind[] = [];
    const refill = () =>
      deckRandom.shuffle(options.kinds && options.kinds.length > 0 ? options.kinds : FAULT_KINDS);
    const targets = new TargetDecks(rng(`${options.seed}:targets`));

    for (let run = 1; run <= options.runs && !options.signal?.aborted; run++) {
      const runStarted = Date.now();
      const label = `s${options.seed}r${run}`;
      const random = rng(`${options.seed}:${run}`);
      const { events } = generateMunicipality({
        seed: `${options.seed}:${run}`,
        scale: options.scale,
        idPrefix: `${label}-`,
      });
      const workload = planWorkload(events as unknown as SourceEvent[], rng(`${options.seed}:${run}:split`));
      for (const e of workload.reference) {
        allEvents.push(e);
        sentIds.add(`${e.source} ${e.id}`);
      }
      const count = (channel: string) => workload.deliveries.filter((d) => d.channel === channel).length;
      const deliveries = { http: count('http'), csv: count('csv'), inbound: count('inbound') };
      const plan = planFaults(deck, refill, targets, options.faultsPerRun, options.streamMs, random);
      say(
        `run ${run}/${options.runs}: ${events.length} events in ${workload.deliveries.length} deliveries (${deliveries.http} HTTP, ${deliveries.csv} CSV, ${deliveries.inbound} inbound); faults ${plan.map((f) => `${f.kind}(${f.target})@${(f.atMs / 1000).toFixed(1)}s`).join(', ')}`,
      );

      const feeder = new Feeder({
        intake: system.nodes.intake.url,
        payments: system.nodes.payments.url,
        produce: (record) => producer.send(record),
      });
      options.signal?.addEventListener('abort', () => feeder.stop(), { once: true });
      const faults: FaultRecord[] = [];
      const streamStarted = Date.now();
      const locks = new Map<string, Promise<void>>();
      const runFault = async (f: (typeof plan)[number]) => {
        await sleep(Math.max(0, streamStarted + f.atMs - Date.now()));
        const resource = resourceOf(f.kind, f.target);
        const previous = locks.get(resource) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>((r) => (release = r));
        locks.set(
          resource,
          previous.then(() => mine),
        );
        await previous;
        const at = Date.now();
        try {
          const detail = await injectFault(f.kind, f.target, {
            system,
            feeder,
            random,
            produce: (record) => producer.send(record),
            admin: kafka,
            runLabel: label,
            poisoned,
            say,
          });
          faults.push({
            kind: f.kind,
            target: f.target,
            startedAtMs: at - streamStarted,
            durationMs: Date.now() - at,
            detail,
          });
        } catch (error) {
          faults.push({
            kind: f.kind,
            target: f.target,
            startedAtMs: at - streamStarted,
            durationMs: Date.now() - at,
            detail: { failed: (error as Error).message },
          });
        } finally {
          release();
        }
      };
      const streaming = feeder.stream(workload.deliveries, options.streamMs);
      await Promise.all([streaming, Promise.all(plan.map(runFault))]);
      const lastFaultEnded = Math.max(
        ...faults.map((f) => streamStarted + f.startedAtMs + f.durationMs),
        streamStarted,
      );
      const runProblems: string[] = [];
      for (const f of faults)
        if ('failed' in f.detail)
          runProblems.push(`fault ${f.kind}(${f.target}) could not be injected: ${String(f.detail.failed)}`);

      // Caught up: the same answer twice, a second apart.
      let done = false;
      let lastWhy = '';
      let status: ForecastStatus | undefined;
      let catchUpMs: number | null = null;
      const deadline = Date.now() + options.catchUpTimeoutMs;
      while (Date.now() < deadline && !options.signal?.aborted) {
        const check = await caughtUp(system, kafka, allEvents.length).catch((e: Error) => ({
          done: false,
          why: e.message,
          status: undefined,
        }));
        lastWhy = check.why;
        status = check.status ?? status;
        if (check.done) {
          const at = Date.now();
          await sleep(1000);
          const again = await caughtUp(system, kafka, allEvents.length).catch((e: Error) => ({
            done: false,
            why: e.message,
            status: undefined,
          }));
          if (again.done) {
            done = true;
            status = again.status;
            catchUpMs = at - lastFaultEnded;
            break;
          }
        }
        await sleep(500);
      }
      if (!done)
        runProblems.push(
          `not caught up within ${options.catchUpTimeoutMs} ms after the last fault: ${lastWhy}`,
        );

      // Compare with the reference over everything sent so far.
      const reader = await localJwt(['controller']);
      const actuals = emptyDiscrepancy();
      for (const c of ACTUALS_CASES) {
        const query = `year=${c.year}&asOf=${c.asOf}${c.knownAt ? `&knownAt=${encodeURIComponent(c.knownAt)}` : ''}`;
        const [a, b] = await Promise.all(
          (['forecast-a', 'forecast-b'] as const).map((id) =>
            getJson<ActualsBody>(`${system.nodes[id].url}/v1/actuals?${query}`, reader),
          ),
        );
        if (a.status !== 200 || !a.body) {
          runProblems.push(`forecast /v1/actuals?${query}: ${a.status} ${a.text.slice(0, 200)}`);
          continue;
        }
        // knownAt omitted is "now", echoed as each instance's own now: compare the figures only.
        if (JSON.stringify(b.body?.keys) !== JSON.stringify(a.body.keys))
          runProblems.push(`the two forecast instances answer /v1/actuals?${query} differently`);
        addDiscrepancy(actuals, compareActuals(a.body, allEvents, c));
      }
      let report: RunResult['report'];
      if (budgetProblem) report = { unavailable: budgetProblem };
      else {
        const discrepancy = emptyDiscrepancy();
        const mismatches: string[] = [];
        let unavailable: string | null = null;
        for (const c of REPORT_CASES) {
          const query = `year=${c.year}&asOf=${c.asOf}&groupBy=${c.groupBy}${c.knownAt ? `&knownAt=${encodeURIComponent(c.knownAt)}` : ''}`;
          const r = await getJson<ReportBody>(`${reporting}/v1/reports/budget-deviation?${query}`, reader);
          if (r.status !== 200 || !r.body) {
            unavailable ??= `GET /v1/reports/budget-deviation?${query}: ${r.status} ${r.text.slice(0, 200)}`;
            continue;
          }
          const compared = compareReport(r.body, { budget, adjustments, events: allEvents }, c);
          addDiscrepancy(discrepancy, compared.discrepancy);
          mismatches.push(...compared.mismatches.map((m) => `${c.groupBy} ${c.asOf}: ${m}`));
        }
        report = unavailable ? { unavailable } : { discrepancy, mismatches };
      }
      if ('unavailable' in report) runProblems.push(`report: ${report.unavailable}`);
      else if (report.mismatches.length > 0)
        runProblems.push(`report differs from the reference: ${report.mismatches.slice(0, 5).join('; ')}`);
      const eventsApplied = status?.eventsApplied ?? null;
      const lostEvents = eventsApplied === null ? 0 : Math.max(0, allEvents.length - eventsApplied);
      const doubleEvents = eventsApplied === null ? 0 : Math.max(0, eventsApplied - allEvents.length);
      const reportD = 'discrepancy' in report ? report.discrepancy : emptyDiscrepancy();
      if (actuals.lostCells + reportD.lostCells + actuals.lostCareDays > 0 || lostEvents > 0)
        runProblems.push(
          `lost: ${actuals.lostCells} key-months (${fmtOre(actuals.lostOre)} öre), ${actuals.lostCareDays} care days, ${reportD.lostCells} report rows, ${lostEvents} events; e.g. ${actuals.examples.slice(0, 3).join('; ')}`,
        );
      if (actuals.doubleCells + reportD.doubleCells + actuals.doubleCareDays > 0 || doubleEvents > 0)
        runProblems.push(
          `double-counted: ${actuals.doubleCells} key-months (${fmtOre(actuals.doubleOre)} öre), ${actuals.doubleCareDays} care days, ${reportD.doubleCells} report rows, ${doubleEvents} events; e.g. ${actuals.examples.slice(0, 3).join('; ')}`,
        );
      if (feeder.counters.ackedButLost > 0)
        runProblems.push(
          `${feeder.counters.ackedButLost} events acknowledged with 202 were accepted again on resend (the first acknowledgement was not durable)`,
        );
      if (feeder.counters.unexpected.length > 0)
        runProblems.push(`unexpected replies: ${feeder.counters.unexpected.slice(0, 3).join('; ')}`);

      const result: RunResult = {
        run,
        events: events.length,
        deliveries,
        faults,
        caughtUp: done,
        catchUpMs,
        expectedEvents: allEvents.length,
        eventsApplied,
        actuals,
        report,
        feeder: feeder.counters,
        problems: runProblems,
        durationMs: Date.now() - runStarted,
      };
      results.push(result);
      say(
        `run ${run}: ${runProblems.length === 0 ? 'ok' : 'FAILED'} — caught up ${catchUpMs === null ? 'never' : `${(catchUpMs / 1000).toFixed(1)} s`} after the last fault; ` +
          `${eventsApplied}/${allEvents.length} events applied; lost ${actuals.lostCells} (${actuals.lostOre} öre), double ${actuals.doubleCells} (${actuals.doubleOre} öre); ` +
          `${feeder.counters.retries} client retries, ${feeder.counters.resends} resends (${feeder.counters.resendDuplicates} duplicates acknowledged)` +
          (runProblems.length > 0 ? `\n  ${runProblems.join('\n  ')}` : ''),
      );
    }

    poisonCheck = await checkDeadLetters(kafka, poisoned, sentIds);
    if (poisonCheck.missing.length > 0)
      problems.push(`poison not dead-lettered: ${poisonCheck.missing.slice(0, 5).join(', ')}`);
    if (poisonCheck.validEventsDeadLettered > 0) {
      problems.push(
        `${poisonCheck.validEventsDeadLettered} valid events of the data sets were dead-lettered: ${poisonCheck.validEventsDeadLetteredDetail.slice(0, 5).join(' | ')}`,
      );
    }

    if (options.privacyScan) {
      const [topics, database] = await Promise.all([
        scanKafka(kafka, { exclude: [INBOUND_TOPIC] }),
        scanDatabase(system.directDatabaseUrl),
      ]);
      const logs = scanFiles([logDir]);
      const findings = [...topics.findings, ...database.findings, ...logs.findings];
      privacy = {
        scanned: `${topics.topics.length} topics (${topics.messages} messages), ${database.tables.length} tables (${database.rows} rows), ${logs.files.length} log files (${logs.lines} lines)`,
        findings: findings.slice(0, 50),
      };
      if (findings.length > 0)
        problems.push(
          `privacy scan: ${findings.length} findings, e.g. ${findings
            .slice(0, 3)
            .map((f) => `${f.kind} at ${f.where}`)
            .join('; ')}`,
        );
    }
  } finally {
    await producer.close();
    await system.stop().catch((e: Error) => say(`stopping the system: ${e.message}`));
  }

  const faultsByKind = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const r of results) for (const f of r.faults) if (!('failed' in f.detail)) faultsByKind[f.kind] += 1;
  const everyKindInjected = FAULT_KINDS.every((k) => faultsByKind[k] > 0);
  const faultTargets: Record<string, Record<string, number>> = {};
  let paused = 0;
  let rebalanced = 0;
  for (const r of results) {
    for (const f of r.faults) {
      if ('failed' in f.detail) continue;
      faultTargets[f.kind] ??= {};
      faultTargets[f.kind][f.target] = (faultTargets[f.kind][f.target] ?? 0) + 1;
      if (f.kind === 'pause-forecast') {
        paused += 1;
        if (f.detail.rebalanced === true) rebalanced += 1;
      }
    }
  }
  const total = emptyDiscrepancy();
  let lostEvents = 0;
  let doubleEvents = 0;
  for (const r of results) {
    addDiscrepancy(total, r.actuals);
    if ('discrepancy' in r.report) addDiscrepancy(total, r.report.discrepancy);
    if (r.eventsApplied !== null) {
      lostEvents += Math.max(0, r.expectedEvents - r.eventsApplied);
      doubleEvents += Math.max(0, r.eventsApplied - r.expectedEvents);
    }
  }
  const catchUps = results
    .map((r) => r.catchUpMs)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const summary: ChaosSummary = {
    seed: options.seed,
    runs: results.length,
    scale: options.scale,
    passed:
      results.length === options.runs &&
      results.every((r) => r.problems.length === 0) &&
      problems.length === 0,
    faultsByKind,
    faultTargets,
    pausesRebalanced: { paused, rebalanced },
    everyKindInjected,
    events: results.reduce((n, r) => n + r.events, 0),
    lost: {
      cells: total.lostCells,
      ore: total.lostOre.toString(),
      careDays: total.lostCareDays,
      events: lostEvents,
    },
    doubleCounted: {
      cells: total.doubleCells,
      ore: total.doubleOre.toString(),
      careDays: total.doubleCareDays,
      events: doubleEvents,
    },
    catchUpAfterLastFaultMs: {
      median: catchUps.length ? catchUps[Math.floor(catchUps.length / 2)] : null,
      max: catchUps.length ? catchUps[catchUps.length - 1] : null,
    },
    poison: poisonCheck,
    privacy,
    problems,
    results,
    durationMs: Date.now() - started,
  };
  // summary.json is the latest; the per-seed copy survives suites of other seeds run side by side.
  const json = `${JSON.stringify(serialise(summary), null, 2)}\n`;
  writeFileSync(join(options.artifactsDir, 'summary.json'), json);
  writeFileSync(
    join(options.artifactsDir, `summary-seed-${options.seed.replace(/[^A-Za-z0-9_-]/g, '_')}.json`),
    json,
  );
  return summary;
}

/** Every poison message is in its topic's DLQ, and no event of the data sets is. */
async function checkDeadLetters(
  kafka: Kafka,
  poisoned: readonly PoisonMessage[],
  sentIds: ReadonlySet<string>,
): Promise<ChaosSummary['poison']> {
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.endsWith('.dlq'));
  await admin.disconnect();
  const messages = await readTopics(kafka, topics);
  const texts = new Map<string, string[]>();
  const detail: string[] = [];
  for (const m of messages) {
    const text = `${m.key?.toString('latin1') ?? ''} ${m.value?.toString('latin1') ?? ''}`;
    texts.set(m.topic, [...(texts.get(m.topic) ?? []), text]);
    let parsed: { source?: unknown; id?: unknown } | undefined;
    try {
      parsed = JSON.parse(m.value?.toString('utf8') ?? '') as { source?: unknown; id?: unknown };
    } catch {
      parsed = undefined; // not JSON: poison
    }
    if (parsed && sentIds.has(`${String(parsed.source)} ${String(parsed.id)}`)) {
      const headers = Object.entries(m.headers)
        .filter(([k]) => k.startsWith('x-dlq-'))
        .map(([k, v]) => `${k}=${v.slice(0, 200)}`);
      detail.push(
        `${m.topic}:${m.partition}:${m.offset} ${String(parsed.source)} ${String(parsed.id)}: ${headers.join(' ')}`,
      );
    }
  }
  const missing = poisoned
    .filter((p) => !(texts.get(`${p.topic}.dlq`) ?? []).some((t) => t.includes(p.marker)))
    .map((p) => `${p.marker} (${p.shape} on ${p.topic})`);
  return {
    sent: poisoned.length,
    deadLettered: poisoned.length - missing.length,
    missing,
    validEventsDeadLettered: detail.length,
    validEventsDeadLetteredDetail: detail,
  };
}

/** The printed summary: runs, faults by kind, events, lost, double-counted, catch-up. */
export function formatChaosSummary(summary: ChaosSummary): string {
  const lines: string[] = [];
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  lines.push(
    `Chaos suite — seed ${summary.seed}, ${summary.runs} runs, scale ${summary.scale} per run, ${(summary.durationMs / 60000).toFixed(1)} min`,
  );
  lines.push('');
  const faultText = (r: RunResult) =>
    r.faults
      .map(
        (f) => `${f.kind}${f.kind === 'kill-service' || f.kind === 'pause-forecast' ? `:${f.target}` : ''}`,
      )
      .join(' ');
  const width = Math.max(6, ...summary.results.map((r) => faultText(r).length));
  lines.push(
    ` run  events  ${'faults'.padEnd(width)}  catch-up  lost (cells/öre)  double (cells/öre)  result`,
  );
  for (const r of summary.results) {
    const faults = faultText(r);
    const d = r.actuals;
    const rep = 'discrepancy' in r.report ? r.report.discrepancy : emptyDiscrepancy();
    lines.push(
      `${pad(r.run, 4)}  ${pad(r.events, 6)}  ${faults.padEnd(width)}  ${pad(r.catchUpMs === null ? 'never' : `${(r.catchUpMs / 1000).toFixed(1)} s`, 8)}  ${pad(`${d.lostCells + rep.lostCells}/${d.lostOre + rep.lostOre}`, 16)}  ${pad(`${d.doubleCells + rep.doubleCells}/${d.doubleOre + rep.doubleOre}`, 18)}  ${r.problems.length === 0 ? 'ok' : 'FAILED'}`,
    );
  }
  lines.push('');
  lines.push(`runs:                ${summary.runs}`);
  lines.push(
    `faults by kind:      ${Object.entries(summary.faultsByKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}${summary.everyKindInjected ? '' : '  (NOT every kind injected)'}`,
  );
  lines.push(
    `fault targets:       ${Object.entries(summary.faultTargets)
      .filter(([k]) => ['kill-service', 'pause-forecast', 'postgres-restart', 'poison'].includes(k))
      .map(
        ([k, t]) =>
          `${k} (${Object.entries(t)
            .map(([x, n]) => `${x} ${n}`)
            .join(', ')})`,
      )
      .join('; ')}`,
  );
  lines.push(
    `rebalances:          ${summary.pausesRebalanced.rebalanced} of ${summary.pausesRebalanced.paused} frozen forecast instances were seen dropped from the group`,
  );
  lines.push(
    `events:              ${summary.events} sent (HTTP, ledger CSV, inbound topic), every run compared cumulatively`,
  );
  lines.push(
    `lost:                ${summary.lost.cells} key-months/rows, ${summary.lost.ore} öre, ${summary.lost.careDays} care days, ${summary.lost.events} events`,
  );
  lines.push(
    `double-counted:      ${summary.doubleCounted.cells} key-months/rows, ${summary.doubleCounted.ore} öre, ${summary.doubleCounted.careDays} care days, ${summary.doubleCounted.events} events`,
  );
  const cu = summary.catchUpAfterLastFaultMs;
  lines.push(
    `caught up after the last fault: median ${cu.median === null ? '–' : `${(cu.median / 1000).toFixed(1)} s`}, max ${cu.max === null ? '–' : `${(cu.max / 1000).toFixed(1)} s`}`,
  );
  const resends = summary.results.reduce((n, r) => n + r.feeder.resends, 0);
  const retries = summary.results.reduce((n, r) => n + r.feeder.retries, 0);
  const dup = summary.results.reduce((n, r) => n + r.feeder.resendDuplicates, 0);
  lines.push(
    `clients:             ${retries} retries after failures, ${resends} whole batches resent, ${dup} events acknowledged as duplicates`,
  );
  lines.push(
    `poison:              ${summary.poison.sent} messages, ${summary.poison.deadLettered} dead-lettered, ${summary.poison.validEventsDeadLettered} valid events dead-lettered`,
  );
  if (summary.privacy)
    lines.push(
      `privacy scan:        ${summary.privacy.scanned}: ${summary.privacy.findings.length} findings`,
    );
  const problems = [
    ...summary.problems,
    ...summary.results.flatMap((r) => r.problems.map((p) => `run ${r.run}: ${p}`)),
  ];
  lines.push(`result:              ${summary.passed ? 'PASSED' : 'FAILED'}`);
  for (const p of problems.slice(0, 20)) lines.push(`  - ${p}`);
  return lines.join('\n');
}
