import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTkr } from '@ramprognos/money';
import {
  hostPort,
  isListening,
  startPrivateKafka,
  workspaceRoot,
  type PrivateKafka,
} from '@ramprognos/testing';
import { Client } from 'pg';

// The demo path as a user runs it (`node scripts/demo.mjs --scale small` on the built tree, after
// the `npm run build` of the e2e tier): every figure it prints per frame and per area is the
// report API's figure rounded to tkr, and Ctrl-C stops everything it started and nothing else.
//
// Ports 3600–3603 (--port-base), so a developer's demo on 3001–3004 and the other e2e specs are
// not in the way. Kafka is a private broker handed over in KAFKA_BROKERS: the demo publishes to
// the real topic names, which must not pile up on the shared broker, and a broker it was given is
// one it must leave running. PostgreSQL is the shared server with a database of its own.

const PORT_BASE = 3600;
const PORTS = [PORT_BASE, PORT_BASE + 1, PORT_BASE + 2, PORT_BASE + 3];
const REPORTING = `http://127.0.0.1:${PORT_BASE + 3}`;
const AS_OF = '2023-08-31';
const COLUMNS = [
  'annualBudget',
  'budgetYtd',
  'actualYtd',
  'deviationYtd',
  'forecastFullYear',
  'forecastDeviation',
] as const;
const TABLES = { frame: 'ram', area: 'verksamhetsområde' } as const;
type GroupBy = keyof typeof TABLES;
/** label → the six figures in tkr as decimal strings, '–' for none. */
type Table = Record<string, string[]>;

interface Figures {
  readonly annualBudget: number;
  readonly budgetYtd: number;
  readonly actualYtd: number;
  readonly deviationYtd: number;
  readonly forecastFullYear: number | null;
  readonly forecastDeviation: number | null;
}
interface BudgetDeviation {
  readonly rows: readonly (Figures & { readonly code: string; readonly name: string })[];
  readonly total: Figures;
  readonly unclassified: {
    readonly actualYtd: number;
    readonly forecastFullYear: number | null;
    readonly items: readonly unknown[];
  };
}

/**
 * The tables under "Budgetavvikelse per <ram|verksamhetsområde> 2023, per <asOf> (tkr; …)": after
 * the header, one row per line up to the blank line. A figure never holds an ASCII space (sv-SE
 * groups with a no-break space), so a row is its label followed by its last six words, however
 * wide the columns are.
 */
function parseDemoTables(output: string): Record<GroupBy, Table> {
  const lines = output.split('\n');
  const tables = {} as Record<GroupBy, Table>;
  for (const [groupBy, word] of Object.entries(TABLES) as [GroupBy, string][]) {
    const title = `Budgetavvikelse per ${word} 2023, per ${AS_OF} (tkr; positiv = överskott)`;
    const at = lines.findIndex((line) => line.trim() === title);
    if (at < 0) throw new Error(`no table "${title}" in the demo's output`);
    const table: Table = {};
    for (const line of lines.slice(at + 2)) {
      if (line.trim() === '') break;
      const words = line.trim().split(/[ \t]+/);
      if (words.length < 7)
        throw new Error(`not a table row (label and six figures): ${JSON.stringify(line)}`);
      const label = words.slice(0, -6).join(' ');
      if (label in table) throw new Error(`row ${label} printed twice in the ${word} table`);
      table[label] = words.slice(-6).map((figure) => {
        if (figure === '–') return figure;
        const plain = figure.replace(/\u2212/g, '-').replace(/[\u00a0\u202f]/g, '');
        if (!/^-?\d+$/.test(plain))
          throw new Error(`not a figure in tkr: ${JSON.stringify(figure)} in ${JSON.stringify(line)}`);
        return BigInt(plain).toString();
      });
    }
    tables[groupBy] = table;
  }
  return tables;
}

const tkr = (ore: number | null): string => (ore === null ? '–' : formatTkr(BigInt(ore)).toString());

/** What the demo must print for one report: every row, unclassified (when there is any), the total. */
function expectedTable(report: BudgetDeviation): Table {
  const table: Table = {};
  for (const row of report.rows) table[row.name] = COLUMNS.map((c) => tkr(row[c]));
  const { unclassified } = report;
  if (
    unclassified.items.length > 0 ||
    unclassified.actualYtd !== 0 ||
    (unclassified.forecastFullYear ?? 0) !== 0
  ) {
    const forecast = unclassified.forecastFullYear;
    // Budget 0: the deviations are minus the amounts (total = Σ rows + unclassified).
    table.Oklassificerat = [
      0,
      0,
      unclassified.actualYtd,
      -unclassified.actualYtd,
      forecast,
      forecast === null ? null : -forecast,
    ].map(tkr);
  }
  table.Totalt = COLUMNS.map((c) => tkr(report.total[c]));
  return table;
}

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  readonly state: string;
}

/** Every process now (Linux /proc): pid, parent, process group, state. */
function processes(): Proc[] {
  const list: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      list.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), state });
    } catch {
      // gone between readdir and read
    }
  }
  return list;
}

function descendantsOf(pid: number): number[] {
  const all = processes();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of all.filter((p) => p.ppid === parent && p.state !== 'Z')) {
      found.push(child.pid);
      queue.push(child.pid);
    }
  }
  return found;
}

const alive = (pid: number): boolean => processes().some((p) => p.pid === pid && p.state !== 'Z');

async function brokerAnswers(brokers: string): Promise<boolean> {
  const { host, port } = hostPort(brokers.split(',')[0]);
  return isListening(host, port, 3000);
}

async function getReport(groupBy: GroupBy, token: string): Promise<BudgetDeviation> {
  const response = await fetch(
    `${REPORTING}/v1/reports/budget-deviation?year=2023&asOf=${AS_OF}&groupBy=${groupBy}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`budget-deviation ${groupBy}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as BudgetDeviation;
}

describe('npm run demo -- --scale small', () => {
  const sharedBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const database = `ramprognos_demo_e2e_${process.pid}`;
  let kafka: PrivateKafka | undefined;
  let demo: ChildProcess | undefined;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  const adminQuery = async (sql: string) => {
    const admin = new Client({
      connectionString: Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString(),
    });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    const taken = [];
    for (const port of PORTS) if (await isListening('127.0.0.1', port)) taken.push(port);
    if (taken.length > 0)
      throw new Error(`ports ${taken.join(', ')} are in use: this test runs the demo on ${PORTS.join('–')}`);
    await adminQuery(`drop database if exists ${database} with (force)`);
    kafka = await startPrivateKafka();

    const started = Date.now();
    demo = spawn(
      process.execPath,
      [join('scripts', 'demo.mjs'), '--scale', 'small', '--port-base', String(PORT_BASE)],
      {
        cwd: workspaceRoot,
        env: {
          ...process.env,
          KAFKA_BROKERS: kafka.brokers.join(','),
          DATABASE_URL: Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString(),
        },
        // Its own process group, so that a failed test can still clean up everything under it.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const child = demo;
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/\[stack\] ready in \d+ s/.test(output)) done();
        else if (child.exitCode !== null || child.signalCode !== null || /demo failed/.test(output))
          done(new Error('the demo stopped before printing its report'));
        else if (Date.now() - started > 480_000)
          done(new Error('the demo printed no report within 8 minutes'));
      }, 200);
      const done = (error?: Error) => {
        clearInterval(timer);
        if (error) reject(new Error(`${error.message}; its output:\n${output.slice(-4000)}`));
        else resolve();
      };
    });
    process.stdout.write(
      `[demo e2e] report printed ${((Date.now() - started) / 1000).toFixed(1)} s after the start\n`,
    );
  }, 600_000);

  afterAll(async () => {
    if (demo?.pid !== undefined) {
      const group = demo.pid;
      if (processes().some((p) => p.pgrp === group && p.state !== 'Z')) process.kill(-group, 'SIGKILL');
    }
    kafka?.destroy();
    await adminQuery(`drop database if exists ${database} with (force)`);
  }, 120_000);

  it('prints, per frame and per area, every row and the total as the report API has them, in tkr', async () => {
    const printed = parseDemoTables(output);
    const token = /Login token \(controller\): (\S+)/.exec(output)?.[1];
    expect(token).toBeDefined();

    for (const groupBy of Object.keys(TABLES) as GroupBy[]) {
      const report = await getReport(groupBy, token as string);
      // A report of nothing would pass trivially.
      expect(report.rows.length).toBeGreaterThan(1);
      expect(report.total.actualYtd).toBeGreaterThan(0);
      expect({ groupBy, table: printed[groupBy] }).toEqual({ groupBy, table: expectedTable(report) });
    }
    expect(printed.frame.Totalt).toEqual(printed.area.Totalt);
  });

  it('stops everything it started on Ctrl-C (SIGINT), and leaves the broker it was given running', async () => {
    const pid = demo?.pid as number;
    const started = descendantsOf(pid);
    expect(started.length).toBeGreaterThanOrEqual(4); // the four services, at least

    process.kill(pid, 'SIGINT');
    const result = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 60_000).unref()),
    ]);
    expect(result).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/\[stack\] stopped/);

    expect(started.filter(alive)).toEqual([]);
    expect(processes().filter((p) => p.pgrp === pid && p.state !== 'Z')).toEqual([]);
    const listening = [];
    for (const port of PORTS) if (await isListening('127.0.0.1', port)) listening.push(port);
    expect(listening).toEqual([]);

    expect(await brokerAnswers((kafka as PrivateKafka).brokers.join(','))).toBe(true);
    expect(await brokerAnswers(sharedBrokers)).toBe(true);
  });
});
