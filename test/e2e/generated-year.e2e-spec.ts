import { DEMO_SEED, demoAdjustments2023, demoBudget2023, generateMunicipality } from '@ramprognos/generator';
import {
  computeReport,
  type ReferenceEvent,
  type ReferenceFigures,
  type ReferenceGroupBy,
  type ReferenceReport,
} from '@ramprognos/testing';
import { postEvents, waitUntilApplied } from './demo-data';
import { json, startSystem, type System } from './system';

// Issue 6's acceptance test: a generated municipality — 2023 with 2021–2022 as history (HISTORICAL
// profiles, forecast trends), late and out-of-order events included — goes through the public
// APIs of the whole system, and every row of the budget-deviation report, by frame, area and line,
// equals the reference calculator's (SPEC §6) to the öre, for two asOf dates, each with the default
// knownAt and with a knownAt a few days after asOf that leaves out the events registered late.
// The forecast figures come from the engine, which has no reference: for them the test checks the
// identities the report must keep (forecastDeviation = annualBudget − forecastFullYear, the
// volume/price split, totals = sums of rows).

const SCALE = 'small';
/** As the demo: 2023 and two years of history (HISTORICAL profiles sum over both; forecast trends). */
const YEARS = [2021, 2022, 2023];
const YEAR = 2023;
const GROUPS: readonly ReferenceGroupBy[] = ['line', 'frame', 'area'];
/** knownAt: a few days after asOf, so on-time registrations are in and late ones (3–30 days) are not. */
const PERIODS = [
  { asOf: '2023-04-30', knownAt: '2023-05-03T00:00:00+02:00' },
  { asOf: '2023-08-31', knownAt: '2023-09-03T09:30:00Z' },
] as const;

const say = (line: string) => process.stdout.write(`[generated-year] ${line}\n`);

const budget = demoBudget2023(SCALE);
const adjustments = demoAdjustments2023(SCALE);
const { events, summary } = generateMunicipality({ seed: DEMO_SEED, scale: SCALE, years: YEARS });

// ---------------------------------------------------------------- the report as the API sends it

const FORECAST_FIGURES = [
  'forecastStatistical',
  'forecastAdjustment',
  'forecastFullYear',
  'forecastDeviation',
  'forecastLow',
  'forecastHigh',
] as const;

interface Figures {
  readonly annualBudget: number;
  readonly budgetYtd: number;
  readonly actualYtd: number;
  readonly deviationYtd: number;
  readonly forecastStatistical: number | null;
  readonly forecastAdjustment: number | null;
  readonly forecastFullYear: number | null;
  readonly forecastDeviation: number | null;
  readonly forecastLow: number | null;
  readonly forecastHigh: number | null;
  readonly previousForecastDeviation: number | null;
  readonly volumeEffect: number | null;
  readonly priceEffect: number | null;
}

interface Row extends Figures {
  readonly code: string;
  readonly name: string;
  readonly frame?: string;
  readonly area?: string;
  readonly volume: {
    unit: string;
    budget: number;
    actualYtd: number | null;
    forecastFullYear: number | null;
  } | null;
  readonly method: string | null;
}

interface Report {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly groupBy: string;
  readonly rows: readonly Row[];
  readonly total: Figures;
  readonly subtotals: { readonly accountable: Figures; readonly notAccountable: Figures };
  readonly unclassified: {
    readonly actualYtd: number;
    readonly forecastFullYear: number | null;
    readonly forecastLow: number | null;
    readonly forecastHigh: number | null;
    readonly items: readonly { stream: string; fields: Record<string, string>; actualYtd: number }[];
  };
}

type KnownAt = string | null;
const label = (asOf: string, knownAt: KnownAt, groupBy: ReferenceGroupBy) =>
  `${groupBy} asOf ${asOf} knownAt ${knownAt ?? 'default'}`;

// ---------------------------------------------------------------- exact helpers

const n = (value: bigint) => Number(value);
const big = (value: number | null, what: string): bigint => {
  if (value === null || !Number.isSafeInteger(value))
    throw new Error(`${what} is not an integer of öre: ${value}`);
  return BigInt(value);
};

/** Half away from zero, as SPEC §6 rounds. */
function roundDiv(numerator: bigint, denominator: bigint): bigint {
  const sign = numerator < 0n !== denominator < 0n ? -1n : 1n;
  const a = numerator < 0n ? -numerator : numerator;
  const b = denominator < 0n ? -denominator : denominator;
  return sign * ((2n * a + b) / (2n * b));
}

function referenceFigures(f: ReferenceFigures) {
  return {
    annualBudget: n(f.annualBudget),
    budgetYtd: n(f.budgetYtd),
    actualYtd: n(f.actualYtd),
    deviationYtd: n(f.deviationYtd),
  };
}

const reportedFigures = ({ annualBudget, budgetYtd, actualYtd, deviationYtd }: Figures) => ({
  annualBudget,
  budgetYtd,
  actualYtd,
  deviationYtd,
});

const itemKey = (item: { stream: string; fields: Record<string, string> }) =>
  `${item.stream}|${Object.keys(item.fields)
    .sort()
    .map((k) => `${k}=${item.fields[k]}`)
    .join('|')}`;

/** Σ of forecast figures as the report defines them: strict for the forecast, partial ("of which") for the effects. */
function forecastSums(rows: readonly Figures[]) {
  const strict = (field: (typeof FORECAST_FIGURES)[number] | 'previousForecastDeviation') =>
    rows.some((r) => r[field] === null) ? null : rows.reduce((s, r) => s + (r[field] as number), 0);
  const partial = (field: 'volumeEffect' | 'priceEffect') =>
    rows.some((r) => r[field] !== null) ? rows.reduce((s, r) => s + (r[field] ?? 0), 0) : null;
  return {
    ...Object.fromEntries(FORECAST_FIGURES.map((field) => [field, strict(field)])),
    previousForecastDeviation: strict('previousForecastDeviation'),
    volumeEffect: partial('volumeEffect'),
    priceEffect: partial('priceEffect'),
  };
}

const forecastOf = (f: Figures) => ({
  ...Object.fromEntries(FORECAST_FIGURES.map((field) => [field, f[field]])),
  previousForecastDeviation: f.previousForecastDeviation,
  volumeEffect: f.volumeEffect,
  priceEffect: f.priceEffect,
});

// ---------------------------------------------------------------- the test

describe('a generated year through the whole system equals the reference calculation (SPEC §5–6, issue 6)', () => {
  let system: System;
  const reports = new Map<string, Promise<Report>>();
  const references = new Map<string, ReferenceReport>();
  let rowsChecked = 0;

  function report(asOf: string, knownAt: KnownAt, groupBy: ReferenceGroupBy): Promise<Report> {
    const key = label(asOf, knownAt, groupBy);
    let pending = reports.get(key);
    if (!pending) {
      pending = (async () => {
        const token = await system.token(['controller']);
        const query = new URLSearchParams({ year: String(YEAR), asOf, groupBy });
        if (knownAt) query.set('knownAt', knownAt);
        const response = await fetch(
          `${system.services.reporting.url}/v1/reports/budget-deviation?${query}`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        const body = await json<Report>(response);
        if (response.status !== 200)
          throw new Error(`${key}: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
        return body;
      })();
      reports.set(key, pending);
    }
    return pending;
  }

  function reference(asOf: string, knownAt: KnownAt, groupBy: ReferenceGroupBy): ReferenceReport {
    const key = label(asOf, knownAt, groupBy);
    let result = references.get(key);
    if (!result) {
      result = computeReport({
        budget,
        adjustments,
        events: events as unknown as readonly ReferenceEvent[],
        year: YEAR,
        asOf,
        knownAt,
        groupBy,
      });
      references.set(key, result);
    }
    return result;
  }

  beforeAll(async () => {
    const started = Date.now();
    say(
      `generated ${summary.total} events (seed ${DEMO_SEED}, scale ${SCALE}, ${YEARS.join('–')}; ` +
        `${summary.outOfOrder} out of order); starting Kafka and the four services …`,
    );
    system = await startSystem(3500);
    say(`system up in ${Math.round((Date.now() - started) / 1000)} s`);
  });

  afterAll(async () => {
    await system?.stop();
    say(`${rowsChecked} rows, subtotals, totals and unclassified rows matched the reference to the öre`);
  });

  it('takes the budget, its adjustments and the generated events through the public APIs', async () => {
    const controller = await system.token(['controller']);
    const post = (path: string, body: unknown) =>
      fetch(`${system.services.reporting.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${controller}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const adopted = await post('/v1/budgets', budget);
    expect(adopted.status).toBe(201);
    for (const adjustment of adjustments) {
      const response = await post(`/v1/budgets/${YEAR}/adjustments`, adjustment);
      expect({ adjustment: adjustment.adjustmentId, accepted: response.status < 300 }).toEqual({
        adjustment: adjustment.adjustmentId,
        accepted: true,
      });
    }
    say(`budget ${YEAR} adopted with ${adjustments.length} adjustments; posting ${events.length} events …`);

    const started = Date.now();
    await postEvents(system, events);
    say(
      `events accepted in ${Math.round((Date.now() - started) / 1000)} s; waiting for forecast to apply them …`,
    );
    await waitUntilApplied(system, events.length);
    const status = await json<{ caughtUp: boolean; eventsApplied: number }>(
      await fetch(`${system.services.forecast.url}/v1/status`),
    );
    expect(status).toMatchObject({ caughtUp: true, eventsApplied: events.length });
    say(`forecast caught up after ${Math.round((Date.now() - started) / 1000)} s`);
  });

  describe.each(
    PERIODS.flatMap(
      ({ asOf, knownAt }) =>
        [
          [asOf, null],
          [asOf, knownAt],
        ] as [string, KnownAt][],
    ),
  )('asOf %s, knownAt %s', (asOf, knownAt) => {
    it.each(GROUPS)(
      'every %s row, the unclassified row, the subtotals and the total equal the reference to the öre',
      async (groupBy) => {
        const got = await report(asOf, knownAt, groupBy);
        const want = reference(asOf, knownAt, groupBy);
        expect({ year: got.year, asOf: got.asOf, groupBy: got.groupBy }).toEqual({
          year: YEAR,
          asOf,
          groupBy,
        });
        if (knownAt) expect(Date.parse(got.knownAt)).toBe(Date.parse(knownAt));

        const lines = new Map(budget.lines.map((l) => [l.code, l]));
        expect(got.rows.map((r) => ({ code: r.code, name: r.name, ...reportedFigures(r) }))).toEqual(
          want.rows.map((r) => ({ code: r.code, name: r.name, ...referenceFigures(r) })),
        );
        if (groupBy === 'line') {
          expect(
            got.rows.map((r) => ({
              code: r.code,
              volume: r.volume && {
                unit: r.volume.unit,
                budget: r.volume.budget,
                actualYtd: r.volume.actualYtd,
              },
            })),
          ).toEqual(
            want.rows.map((r) => {
              const volume = lines.get(r.code)?.volume;
              return {
                code: r.code,
                volume: volume
                  ? { unit: volume.unit, budget: volume.annual, actualYtd: r.volumeActualYtd }
                  : null,
              };
            }),
          );
        } else {
          expect(got.rows.filter((r) => r.volume !== null).map((r) => r.code)).toEqual([]);
        }
        expect(reportedFigures(got.total)).toEqual(referenceFigures(want.total));
        expect(reportedFigures(got.subtotals.accountable)).toEqual(
          referenceFigures(want.subtotals.accountable),
        );
        expect(reportedFigures(got.subtotals.notAccountable)).toEqual(
          referenceFigures(want.subtotals.notAccountable),
        );
        expect(got.unclassified.actualYtd).toBe(n(want.unclassified.actualYtd));
        const sortItems = <T extends { stream: string; fields: Record<string, string> }>(
          items: readonly T[],
        ) => [...items].sort((a, b) => itemKey(a).localeCompare(itemKey(b)));
        expect(
          sortItems(got.unclassified.items.filter((i) => i.actualYtd !== 0)).map((i) => ({
            key: itemKey(i),
            actualYtd: i.actualYtd,
          })),
        ).toEqual(
          sortItems(want.unclassified.items.filter((i) => i.actualYtd !== 0n)).map((i) => ({
            key: itemKey(i),
            actualYtd: n(i.actualYtd),
          })),
        );
        rowsChecked += got.rows.length + 4;
      },
    );

    it('keeps the forecast identities on every row, subtotal and total', async () => {
      const byLine = await report(asOf, knownAt, 'line');
      for (const row of [
        ...byLine.rows,
        byLine.total,
        byLine.subtotals.accountable,
        byLine.subtotals.notAccountable,
      ]) {
        const what = 'code' in row ? `row ${String(row.code)}` : 'total or subtotal';
        for (const field of FORECAST_FIGURES)
          expect({ what, field, value: typeof row[field] }).toEqual({ what, field, value: 'number' });
        const forecast = big(row.forecastFullYear, `${what} forecastFullYear`);
        expect({ what, forecastFullYear: forecast }).toEqual({
          what,
          forecastFullYear: big(row.forecastStatistical, what) + big(row.forecastAdjustment, what),
        });
        expect({ what, forecastDeviation: big(row.forecastDeviation, what) }).toEqual({
          what,
          forecastDeviation: BigInt(row.annualBudget) - forecast,
        });
        expect({ what, bandInOrder: big(row.forecastLow, what) <= big(row.forecastHigh, what) }).toEqual({
          what,
          bandInOrder: true,
        });
        // On a line the split explains the whole deviation; an aggregate sums the effects of only
        // the lines that have them ("of which volume"), checked with the sums below.
        if ('code' in row && (row.volumeEffect !== null || row.priceEffect !== null)) {
          expect({ what, effects: big(row.volumeEffect, what) + big(row.priceEffect, what) }).toEqual({
            what,
            effects: big(row.forecastDeviation, what),
          });
        }
      }
      const split: string[] = [];
      for (const row of byLine.rows) {
        // No adjustment was posted: the final forecast is the engine's.
        expect({ line: row.code, forecastAdjustment: row.forecastAdjustment }).toEqual({
          line: row.code,
          forecastAdjustment: 0,
        });
        if (row.actualYtd !== 0)
          expect({ line: row.code, method: typeof row.method }).toEqual({ line: row.code, method: 'string' });
        const volume = row.volume;
        if (volume?.forecastFullYear === null || volume?.forecastFullYear === undefined) {
          expect({ line: row.code, volumeEffect: row.volumeEffect }).toEqual({
            line: row.code,
            volumeEffect: null,
          });
          continue;
        }
        if (Number.isInteger(volume.forecastFullYear)) {
          // SPEC §6: (budgetVolume − forecastVolume) × annualBudget / budgetVolume, rounded per line.
          const volumeEffect = roundDiv(
            BigInt(volume.budget - volume.forecastFullYear) * BigInt(row.annualBudget),
            BigInt(volume.budget),
          );
          expect({ line: row.code, volumeEffect: row.volumeEffect }).toEqual({
            line: row.code,
            volumeEffect: n(volumeEffect),
          });
          split.push(row.code);
        }
      }

      const unclassified = byLine.unclassified;
      const withUnclassified = [
        ...byLine.rows,
        {
          ...byLine.total,
          forecastStatistical: unclassified.forecastFullYear,
          forecastAdjustment: 0,
          forecastFullYear: unclassified.forecastFullYear,
          forecastDeviation: unclassified.forecastFullYear === null ? null : -unclassified.forecastFullYear,
          forecastLow: unclassified.forecastLow,
          forecastHigh: unclassified.forecastHigh,
          previousForecastDeviation: byLine.total.previousForecastDeviation === null ? null : 0,
          volumeEffect: null,
          priceEffect: null,
        },
      ];
      const total = forecastSums(withUnclassified);
      // The unclassified row's previous deviation is not in the JSON; the total's is checked
      // through the other figures only.
      expect({ ...forecastOf(byLine.total), previousForecastDeviation: null }).toEqual({
        ...total,
        previousForecastDeviation: null,
      });
      const accountableFrames = new Set(budget.frames.filter((f) => f.accountable).map((f) => f.code));
      const frameOf = new Map(budget.lines.map((l) => [l.code, l.frame]));
      expect(forecastOf(byLine.subtotals.accountable)).toEqual(
        forecastSums(byLine.rows.filter((r) => accountableFrames.has(frameOf.get(r.code) ?? ''))),
      );
      expect(forecastOf(byLine.subtotals.notAccountable)).toEqual(
        forecastSums(byLine.rows.filter((r) => !accountableFrames.has(frameOf.get(r.code) ?? ''))),
      );

      for (const groupBy of ['frame', 'area'] as const) {
        const grouped = await report(asOf, knownAt, groupBy);
        const members = (code: string) =>
          byLine.rows.filter((r) => budget.lines.find((l) => l.code === r.code)?.[groupBy] === code);
        expect(grouped.rows.map((r) => ({ code: r.code, ...forecastOf(r) }))).toEqual(
          grouped.rows.map((r) => ({ code: r.code, ...forecastSums(members(r.code)) })),
        );
        expect(forecastOf(grouped.total)).toEqual(forecastOf(byLine.total));
      }
      say(
        `asOf ${asOf} knownAt ${knownAt ?? 'default'}: forecast identities hold; volume/price split ` +
          `exact on ${split.length} lines (${split.join(', ')})`,
      );
    });
  });

  it.each(PERIODS.map((p) => [p.asOf, p.knownAt] as const))(
    'asOf %s: the knownAt %s report leaves out late events that the default report counts',
    async (asOf, knownAt) => {
      const [now, then] = await Promise.all([report(asOf, null, 'line'), report(asOf, knownAt, 'line')]);
      const changed = now.rows
        .filter(
          (r, i) =>
            r.actualYtd !== then.rows[i]?.actualYtd ||
            r.volume?.actualYtd !== then.rows[i]?.volume?.actualYtd,
        )
        .map((r) => r.code);
      say(
        `asOf ${asOf}: known by ${knownAt}, ${now.total.actualYtd - then.total.actualYtd} öre of the actual ` +
          `was not yet; lines that differ: ${changed.join(', ')}`,
      );
      expect(changed.length).toBeGreaterThan(0);
      expect(now.total.actualYtd).not.toBe(then.total.actualYtd);
    },
  );
});
