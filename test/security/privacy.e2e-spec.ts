import fc from 'fast-check';
import { demoAdjustments2023, demoBudget2023, generateMunicipality } from '@ramprognos/generator';
import {
  Feeder,
  INBOUND_TOPIC,
  findPersonnummer,
  listUserTopics,
  localJwt,
  planWorkload,
  readTopics,
  rng,
  scanDatabase,
  scanFiles,
  scanKafka,
  scanText,
  type PrivacyFinding,
  type SourceEvent,
} from '../../libs/testing/src/chaos';
import {
  INGEST,
  call,
  outboxesDrained,
  sleep,
  startSecuritySystem,
  validEvents,
  type SecuritySystem,
} from './support';

/*
 * Privacy (issue 9, part 4; OSL 26 kap). After a full run — a generated municipality through HTTP,
 * the ledger CSV import and the inbound topic, plus invalid events that carry a personnummer — no
 * topic the system writes, no table of any schema and no log line holds a personnummer (10 or 12
 * digits, with or without the hyphen, valid check digit) or a person's name field. Personal data
 * smuggled in through free text or CloudEvents extension attributes is refused or removed. And no
 * sequence of report queries by the ekonom role reveals a count between 1 and 4, not even as the
 * difference between two groupings or two asOf dates.
 */

const SCALE = 0.004;
const VALID_PNR = '19531016-5989'; // valid check digit (the generator's first)
const OTHER_PNR = '198112189876'; // 12 digits, no hyphen, valid check digit

let s: SecuritySystem;
let events: SourceEvent[] = [];
const rejectedBodies: string[] = [];
let completion: { caughtUp?: boolean; eventsApplied?: number; deadLettered?: number } | undefined;
const feedProblems: string[] = [];

function personnummerOf(e: SourceEvent): string | undefined {
  return (e.data as { personnummer?: string }).personnummer;
}

beforeAll(async () => {
  s = await startSecuritySystem('privacy');
  const controller = await localJwt(['controller']);
  const budget = await call('POST', `${s.url.reporting}/v1/budgets`, {
    token: controller,
    body: JSON.stringify(demoBudget2023(SCALE)),
    contentType: 'application/json',
  });
  expect(budget.status).toBeLessThan(300);
  for (const adjustment of demoAdjustments2023(SCALE)) {
    await call('POST', `${s.url.reporting}/v1/budgets/2023/adjustments`, {
      token: controller,
      body: JSON.stringify(adjustment),
      contentType: 'application/json',
    });
  }

  events = generateMunicipality({ seed: 'privacy', scale: SCALE, idPrefix: 'pv-' })
    .events as unknown as SourceEvent[];
  expect(events.filter(personnummerOf).length).toBeGreaterThan(20);
  const producer = s.kafka.producer();
  await producer.connect();
  const feeder = new Feeder(
    {
      intake: s.url.intake,
      payments: s.url.payments,
      produce: async (record) => void (await producer.send(record)),
    },
    { giveUpAfterMs: 90_000 },
  );
  await feeder
    .stream(planWorkload(events, rng('privacy')).deliveries, 2000, 3)
    .catch((error: Error) => feedProblems.push(error.message));
  feedProblems.push(...feeder.counters.unexpected);

  // Invalid events that carry a personnummer: refused, and the refusal must not repeat it.
  const bad = validEvents('pv-bad');
  for (const data of [
    { ...bad.caseOpened.data, personnummer: VALID_PNR, caseType: 'OKÄND' },
    { ...bad.caseOpened.data, personnummer: '19531016-5988' }, // wrong check digit
    { ...bad.caseOpened.data, personnummer: OTHER_PNR, openedOn: '2023-02-30' },
  ]) {
    const reply = await call('POST', `${s.url.intake}/v1/events`, {
      token: INGEST.lifecare,
      body: JSON.stringify([{ ...bad.caseOpened, data }]),
      contentType: 'application/json',
    });
    expect(reply.status).toBe(422);
    rejectedBodies.push(reply.text);
  }
  // … and on the inbound topic, where the consumer dead-letters them.
  await producer.send({
    topic: INBOUND_TOPIC,
    messages: [
      {
        key: 'pv-bad-inbound',
        value: JSON.stringify({
          ...bad.caseOpened,
          id: 'pv-bad-inbound',
          subject: 'pv-bad-inbound',
          data: {
            ...bad.caseOpened.data,
            caseId: 'pv-bad-inbound',
            personnummer: VALID_PNR,
            caseType: 'OKÄND',
          },
        }),
      },
      { key: 'pv-bad-inbound-2', value: `not json but a personnummer ${OTHER_PNR}` },
    ],
  });
  await producer.disconnect();

  // Everything applied: outboxes drained, inbound consumed, forecast at the end of its topics. A
  // run that never gets there is a finding of its own (below); the scans still look at what is there.
  await outboxesDrained(s, 120_000).catch(() => undefined);
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    completion = (await call('GET', `${s.url.forecast}/v1/status`)).json as typeof completion;
    if (completion?.caughtUp && (completion.eventsApplied ?? 0) >= events.length) break;
    await sleep(500);
  }
  await sleep(2000); // the dead-lettering of the inbound garbage
}, 600_000);

afterAll(async () => {
  await s?.stop();
});

function describeFindings(findings: readonly PrivacyFinding[]): string[] {
  return findings.slice(0, 20).map((f) => `${f.kind} ${f.what} at ${f.where}`);
}

describe('no personal data where none may be', () => {
  it('is a full run: every delivery acknowledged, and the forecast service applied every event of the data set', () => {
    expect({
      feedProblems,
      caughtUp: completion?.caughtUp,
      applied: (completion?.eventsApplied ?? 0) >= events.length,
    }).toEqual({ feedProblems: [], caughtUp: true, applied: true });
  });

  it('the scanner finds what it looks for (so a clean scan means something)', () => {
    expect(findPersonnummer(`x ${VALID_PNR} y`)).toHaveLength(1);
    expect(findPersonnummer(`"5310165989"`)).toHaveLength(1);
    expect(findPersonnummer(OTHER_PNR)).toHaveLength(1);
    expect(findPersonnummer('19531016-5988')).toHaveLength(0); // wrong check digit
    expect(
      findPersonnummer(
        '2023-08-31T00:00:00Z 1795439000000 4733696766 a1b2c3195310165989d4e5f60718293a4b5c6d7e8f9012345678',
      ),
    ).toHaveLength(0);
    expect(scanText(JSON.stringify({ caseId: 'c', namn: 'Anna' }), 'x').map((f) => f.kind)).toEqual([
      'name-field',
    ]);
    expect(scanText(JSON.stringify({ code: 'IFO', name: 'Individ och familj' }), 'x')).toEqual([]);
    expect(scanText(JSON.stringify({ data: { efternamn: 'Svensson' } }), 'x').map((f) => f.kind)).toEqual([
      'name-field',
    ]);
  });

  it('refusals do not repeat the personnummer they refused', () => {
    expect(rejectedBodies).toHaveLength(3);
    for (const body of rejectedBodies)
      expect({ body, findings: scanText(body, 'reply') }).toEqual({ body, findings: [] });
  });

  it('no topic the system writes holds a personnummer or a name field', async () => {
    // The inbound topic is written by the case systems themselves (what they send, like an HTTP
    // request body); everything the services write — published topics and every DLQ — is scanned.
    const { topics, messages, findings } = await scanKafka(s.kafka, { exclude: [INBOUND_TOPIC] });
    expect(topics).toEqual(
      expect.arrayContaining([
        'socialtjanst.cases.v1',
        'socialtjanst.placements.v1',
        'socialtjanst.payments.v1',
        'socialtjanst.ledger.v1',
        `${INBOUND_TOPIC}.dlq`,
      ]),
    );
    expect(messages).toBeGreaterThanOrEqual(events.length);
    expect(describeFindings(findings)).toEqual([]);
  });

  it('no table of any schema holds a personnummer or a name field', async () => {
    const { tables, rows, findings } = await scanDatabase(s.system.directDatabaseUrl);
    expect(tables).toEqual(
      expect.arrayContaining(['intake.event_store', 'intake.outbox', 'payments.event_store']),
    );
    expect(rows).toBeGreaterThanOrEqual(events.length);
    expect(describeFindings(findings)).toEqual([]);
  });

  it('no log line of the run holds a personnummer or a name field', () => {
    const { files, lines, findings } = scanFiles([s.system.logDir]);
    expect(files.length).toBe(5);
    expect(lines).toBeGreaterThan(50);
    expect(describeFindings(findings)).toEqual([]);
  });

  it('the pseudonymised personRef stands where the personnummer was', async () => {
    const [row] = await s.query<{ n: string }>(
      `select count(*) as n from intake.event_store where type = 'se.socialtjanst.case.opened.v1' and payload::text like '%"personRef":"%'`,
    );
    expect(Number(row.n)).toBe(
      events.filter((e) => e.type === 'se.socialtjanst.case.opened.v1' && personnummerOf(e)).length,
    );
  });
});

describe('personal data smuggled in elsewhere is refused or removed', () => {
  // Each case: what a source system might send. Acceptable outcomes: a 4xx naming the field, or
  // acceptance with the personal data gone from everything stored and published.
  const cases = () => {
    const e = validEvents(`pv-smuggle-${Date.now()}`);
    return [
      {
        what: 'a personnummer as a CloudEvents extension attribute',
        url: `${s.url.payments}/v1/events`,
        token: INGEST.payments,
        event: { ...e.paymentDisbursed, personnummer: VALID_PNR },
      },
      {
        what: 'names as extension attributes',
        url: `${s.url.intake}/v1/events`,
        token: INGEST.lifecare,
        event: { ...e.caseOpened, fornamn: 'Anna', efternamn: 'Andersson' },
      },
      {
        what: 'a personnummer in a ledger posting text',
        url: `${s.url.payments}/v1/events`,
        token: INGEST.payments,
        event: { ...e.ledgerPosted, data: { ...e.ledgerPosted.data, text: `Återkrav ${OTHER_PNR}` } },
      },
      {
        what: 'a personnummer as a household id',
        url: `${s.url.payments}/v1/events`,
        token: INGEST.payments,
        event: {
          ...e.paymentDisbursed,
          subject: VALID_PNR,
          data: { ...e.paymentDisbursed.data, householdId: VALID_PNR },
        },
      },
    ];
  };

  it('refuses each with a 4xx naming the field, or stores and publishes it without the personal data', async () => {
    const outcomes: string[] = [];
    for (const c of cases()) {
      const reply = await call('POST', c.url, {
        token: c.token,
        body: JSON.stringify([c.event]),
        contentType: 'application/json',
      });
      if (reply.status >= 400 && reply.status < 500) {
        outcomes.push(`${c.what}: refused`);
        continue;
      }
      await outboxesDrained(s);
      const [stored] = await s.query<{ payload: string }>(
        `select payload::text as payload from ${c.url.includes(s.url.intake) ? 'intake' : 'payments'}.event_store where id = $1`,
        [c.event.id],
      );
      const topics = (await listUserTopics(s.kafka)).filter((t) => t !== INBOUND_TOPIC);
      const published = (await readTopics(s.kafka, topics))
        .filter((m) => m.value?.toString('utf8').includes(JSON.stringify(c.event.id)))
        .flatMap((m) => scanText(m.value?.toString('utf8') ?? '', `${m.topic}:${m.partition}:${m.offset}`));
      const leaks = [...scanText(stored?.payload ?? '', 'event_store'), ...published];
      outcomes.push(
        leaks.length === 0
          ? `${c.what}: refused`
          : `${c.what}: accepted (${reply.status}) and kept — ${describeFindings(leaks).slice(0, 2).join('; ')}`,
      );
    }
    expect(outcomes).toEqual(cases().map((c) => `${c.what}: refused`));
  });
});

// ---------------------------------------------------------------- small counts (SPEC §8)

interface VolumeView {
  unit: string;
  budget: number | null;
  actualYtd: number | null;
  forecastFullYear: number | null;
}
interface RowView {
  code: string;
  frame?: string;
  area?: string;
  volume: VolumeView | null;
  volumeEffect: number | null;
  priceEffect: number | null;
}
interface ReportView {
  rows: RowView[];
  total: RowView;
  subtotals?: { accountable: RowView; notAccountable: RowView };
}

interface Query {
  readonly asOf: string;
  readonly groupBy: 'line' | 'frame' | 'area';
  readonly knownAt: string | null;
}

const KNOWN_AT = [null, '2023-06-15T00:00:00Z', '2023-10-01T12:00:00Z'] as const;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const day = (month: number, d: number) =>
  `2023-${String(month).padStart(2, '0')}-${String(Math.min(d, DAYS[month - 1])).padStart(2, '0')}`;

describe('no sequence of the ekonom role’s report queries reveals a count of 1–4', () => {
  const cache = new Map<string, ReportView | null>();
  /** Reports that did not answer 200: they reveal nothing, but they are a failure of their own (below). */
  const failedReports = new Map<string, string>();
  let ekonom: string;

  beforeAll(async () => {
    ekonom = await localJwt(['ekonom']);
  });

  async function report(q: Query): Promise<ReportView | null> {
    const key = JSON.stringify(q);
    if (cache.has(key)) return cache.get(key) ?? null;
    const query = new URLSearchParams({ year: '2023', asOf: q.asOf, groupBy: q.groupBy });
    if (q.knownAt) query.set('knownAt', q.knownAt);
    const reply = await call('GET', `${s.url.reporting}/v1/reports/budget-deviation?${query}`, {
      token: ekonom,
    });
    const view = reply.status === 200 ? (reply.json as ReportView) : null;
    if (view === null) failedReports.set(key, `${reply.status} ${reply.text.slice(0, 300)}`);
    cache.set(key, view);
    return view;
  }

  const isSmall = (n: number | null | undefined) => typeof n === 'number' && n !== 0 && Math.abs(n) < 5;

  /** Every way the queries' answers could give away a count of 1–4; empty when none does. */
  async function leaks(queries: readonly Query[]): Promise<string[]> {
    const found: string[] = [];
    const answers = (await Promise.all(queries.map(async (q) => ({ q, r: await report(q) })))).filter(
      (a): a is { q: Query; r: ReportView } => a.r !== null,
    );
    // 1. A count shown as it is.
    for (const { q, r } of answers) {
      for (const row of r.rows) {
        for (const field of ['actualYtd', 'forecastFullYear'] as const) {
          if (isSmall(row.volume?.[field]))
            found.push(`${row.code}.volume.${field} = ${row.volume?.[field]} at ${JSON.stringify(q)}`);
        }
      }
    }
    // 2. The difference of one line's count between two asOf dates (same knownAt).
    const lineAnswers = answers.filter((a) => a.q.groupBy === 'line');
    for (const a of lineAnswers) {
      for (const b of lineAnswers) {
        if (a.q.knownAt !== b.q.knownAt || a.q.asOf >= b.q.asOf) continue;
        for (const row of a.r.rows) {
          const other = b.r.rows.find((x) => x.code === row.code);
          const va = row.volume?.actualYtd;
          const vb = other?.volume?.actualYtd;
          if (typeof va === 'number' && typeof vb === 'number' && isSmall(vb - va)) {
            found.push(
              `${row.code}: volume.actualYtd ${va} at asOf ${a.q.asOf} and ${vb} at ${b.q.asOf} (knownAt ${a.q.knownAt ?? 'now'}): ${vb - va} in between`,
            );
          }
        }
      }
    }
    // 3. An aggregate (frame, area, subtotal, total) that still sums the volume effect of a line whose effects are hidden.
    for (const { q, r } of answers) {
      if (q.groupBy === 'line') continue;
      const lines = await report({ ...q, groupBy: 'line' });
      if (lines === null) continue;
      const hidden = lines.rows.filter(
        (l) => l.volume !== null && l.volumeEffect === null && l.volume.budget !== null,
      );
      const check = (label: string, agg: RowView | undefined, member: (l: RowView) => boolean) => {
        if (!agg || agg.volumeEffect === null) return;
        const culprits = hidden.filter(member).map((l) => l.code);
        if (culprits.length > 0)
          found.push(
            `${label} shows volumeEffect ${agg.volumeEffect} that includes hidden line(s) ${culprits.join(', ')} at ${JSON.stringify(q)}`,
          );
      };
      for (const row of r.rows)
        check(`${q.groupBy} ${row.code}`, row, (l) => l[q.groupBy as 'frame' | 'area'] === row.code);
      check('total', r.total, () => true);
    }
    return found;
  }

  const query = fc
    .record({
      month: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
      groupBy: fc.constantFrom<'line' | 'frame' | 'area'>('line', 'frame', 'area'),
      knownAt: fc.constantFrom(...KNOWN_AT),
    })
    .map((r): Query => ({ asOf: day(r.month, r.d), groupBy: r.groupBy, knownAt: r.knownAt }));
  // Two days of one month: a difference there is the count of that stretch of days.
  const sameMonthPair = fc
    .record({
      month: fc.integer({ min: 1, max: 12 }),
      d1: fc.integer({ min: 1, max: 30 }),
      step: fc.integer({ min: 1, max: 5 }),
      knownAt: fc.constantFrom(...KNOWN_AT),
    })
    .map((r): Query[] => [
      { asOf: day(r.month, r.d1), groupBy: 'line', knownAt: r.knownAt },
      { asOf: day(r.month, r.d1 + r.step), groupBy: 'line', knownAt: r.knownAt },
    ]);

  it('holds small counts back in reports, differences between asOf dates and aggregates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(
            fc.oneof(
              query.map((q) => [q]),
              sameMonthPair,
            ),
            { minLength: 1, maxLength: 4 },
          )
          .map((xs) => xs.flat()),
        async (queries) => {
          expect(await leaks(queries)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.PRIVACY_RUNS ?? 40) },
    );
  });

  it('answered every one of those report queries', () => {
    expect([...failedReports].slice(0, 5).map(([q, why]) => `${q}: ${why}`)).toEqual([]);
  });

  it('the data has small counts to hide (so the property is not vacuous)', async () => {
    // What a controller sees: some line has a count of 1–4 so far, or one between two days.
    const controller = await localJwt(['controller']);
    const rowsAt = async (asOf: string) => {
      const reply = await call(
        'GET',
        `${s.url.reporting}/v1/reports/budget-deviation?year=2023&asOf=${asOf}&groupBy=line`,
        { token: controller },
      );
      return reply.status === 200 ? (reply.json as ReportView).rows : [];
    };
    const small: string[] = [];
    for (const month of [1, 4, 7, 10]) {
      const [a, b] = await Promise.all([rowsAt(day(month, 9)), rowsAt(day(month, 10))]);
      for (const row of b) {
        const before = a.find((x) => x.code === row.code)?.volume?.actualYtd ?? 0;
        if (isSmall(row.volume?.actualYtd) || isSmall((row.volume?.actualYtd ?? 0) - before))
          small.push(`${row.code} ${day(month, 10)}`);
      }
    }
    expect(small.length).toBeGreaterThan(0);
  });

  it('does not let the ekonom role read the forecast service’s unsuppressed counts directly', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/actuals?year=2023&asOf=2023-08-31', undefined],
      [
        'POST',
        '/v1/queries/households',
        JSON.stringify({
          year: 2023,
          asOf: '2023-08-31',
          groups: { all: ['payments|category=FORSORJNINGSSTOD'] },
        }),
      ],
    ] as const) {
      const reply = await call(method, `${s.url.forecast}${path}`, {
        token: ekonom,
        body,
        contentType: body ? 'application/json' : undefined,
      });
      expect({ path, status: reply.status }).toEqual({ path, status: 403 });
    }
  });
});
