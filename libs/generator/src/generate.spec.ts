import { performance } from 'node:perf_hooks';
import { validateEvents } from '@ramprognos/contracts';
import { problemsOf } from './event-shape.spec-support';
import { EVENT_TYPE, PLACEMENT_TYPES, type GeneratedEvent } from './events';
import { generateEvents, generateMunicipality } from './generate';

const small = generateMunicipality({ seed: 1, scale: 'small' });

const ofType = <T extends GeneratedEvent['type']>(events: readonly GeneratedEvent[], type: T) =>
  events.filter((e): e is Extract<GeneratedEvent, { type: T }> => e.type === type);

const dayMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

describe('generateMunicipality', () => {
  it('is deterministic: the same seed gives the same events, another seed other events', () => {
    const again = generateMunicipality({ seed: 1, scale: 'small' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    const other = generateMunicipality({ seed: 2, scale: 'small' });
    expect(other.events.length).not.toBe(0);
    expect(JSON.stringify(other.events.slice(0, 500))).not.toBe(JSON.stringify(small.events.slice(0, 500)));
    expect(generateMunicipality({ seed: 'one', scale: 'small' }).summary).not.toEqual(small.summary);
  });

  it('generates the small scale in well under two seconds', () => {
    const started = performance.now();
    const run = generateMunicipality({ seed: 99, scale: 'small' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(run.summary.total).toBeGreaterThan(5_000);
  });

  it('produces only events that satisfy SPEC §4 (local check)', () => {
    const problems = small.events.flatMap((e) => problemsOf(e).map((p) => `${e.id} ${p}`));
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('produces only events that the contracts validator accepts', () => {
    const result = validateEvents(small.events);
    expect(result.ok ? [] : result.errors.slice(0, 5)).toEqual([]);
  });

  it('the local check rejects what SPEC §4 rejects', () => {
    const payment = ofType(small.events, EVENT_TYPE.paymentDisbursed)[0];
    const broken = [
      { ...payment, data: { ...payment.data, amount: '10.005' } },
      { ...payment, data: { ...payment.data, amount: '1.00' } },
      { ...payment, data: { ...payment.data, paidOn: '2023-02-30' } },
      { ...payment, subject: 'someone-else' },
    ] as GeneratedEvent[];
    for (const event of broken) expect(problemsOf(event)).not.toEqual([]);
    const opened = ofType(small.events, EVENT_TYPE.caseOpened).find((e) => e.data.personnummer !== undefined);
    const pnr = opened?.data.personnummer as string;
    const wrongCheck = `${pnr.slice(0, -1)}${(Number(pnr.slice(-1)) + 1) % 10}`;
    expect(
      problemsOf({ ...opened, data: { ...opened?.data, personnummer: wrongCheck } } as GeneratedEvent),
    ).toEqual(['data.personnummer: not a valid personnummer']);
  });

  it('numbers events uniquely within their source, with amounts in exactly two decimals', () => {
    const keys = new Set(small.events.map((e) => `${e.source} ${e.id}`));
    expect(keys.size).toBe(small.events.length);
    const amounts = small.events.flatMap((e) => {
      const data = e.data as unknown as Record<string, unknown>;
      return ['amount', 'dailyRate', 'housingAboveNorm']
        .filter((f) => f in data)
        .map((f) => data[f] as string);
    });
    expect(amounts.every((a) => /^-?\d+\.\d{2}$/.test(a))).toBe(true);
  });

  it('has every placement type, every event type and both regi at small scale', () => {
    const started = ofType(small.events, EVENT_TYPE.placementStarted);
    expect(new Set(started.map((e) => e.data.placementType))).toEqual(new Set(PLACEMENT_TYPES));
    expect(new Set(started.map((e) => e.data.targetGroup))).toEqual(
      new Set(['BARN_UNGA', 'VUXEN', 'ENSAMKOMMANDE']),
    );
    expect(new Set(started.map((e) => e.data.regi))).toEqual(new Set(['EGEN', 'EXTERN']));
    for (const [type, n] of Object.entries(small.summary.byType)) expect([type, n > 0]).toEqual([type, true]);
  });

  it('keeps the stream in time order except for a few events placed before their aggregate starts', () => {
    expect(small.summary.outOfOrder).toBeGreaterThan(0);
    const index = new Map<string, number>();
    small.events.forEach((e, i) => {
      if (e.type === EVENT_TYPE.placementStarted) index.set(`placement ${e.data.placementId}`, i);
      if (e.type === EVENT_TYPE.paymentDisbursed) index.set(`payment ${e.data.paymentId}`, i);
    });
    const early = new Set<number>();
    small.events.forEach((e, i) => {
      const first =
        e.type === EVENT_TYPE.placementRateChanged || e.type === EVENT_TYPE.placementEnded
          ? index.get(`placement ${e.data.placementId}`)
          : e.type === EVENT_TYPE.paymentReversed
            ? index.get(`payment ${e.data.paymentId}`)
            : undefined;
      if (first !== undefined && first > i) early.add(i);
    });
    expect(early.size).toBe(small.summary.outOfOrder);
    const rest = small.events.filter((_, i) => !early.has(i)).map((e) => e.time);
    expect(rest.every((t, i) => i === 0 || rest[i - 1] <= t)).toBe(true);
  });

  it('never lets a later event of an aggregate be known before the event that opens it', () => {
    const started = new Map(
      ofType(small.events, EVENT_TYPE.placementStarted).map((e) => [e.data.placementId, e]),
    );
    const payments = new Map(
      ofType(small.events, EVENT_TYPE.paymentDisbursed).map((e) => [e.data.paymentId, e]),
    );
    const endedOnce = new Set<string>();
    for (const e of small.events) {
      if (e.type === EVENT_TYPE.placementRateChanged || e.type === EVENT_TYPE.placementEnded) {
        const start = started.get(e.data.placementId);
        expect(start).toBeDefined();
        expect(e.time >= (start?.time ?? '')).toBe(true);
        const date = e.type === EVENT_TYPE.placementEnded ? e.data.endDate : e.data.effectiveFrom;
        expect(date >= (start?.data.startDate ?? '')).toBe(true);
        if (e.type === EVENT_TYPE.placementEnded) {
          expect(endedOnce.has(e.data.placementId)).toBe(false);
          endedOnce.add(e.data.placementId);
        }
      }
      if (e.type === EVENT_TYPE.paymentReversed) {
        const payment = payments.get(e.data.paymentId);
        expect(payment).toBeDefined();
        expect(e.subject).toBe(payment?.data.householdId);
        expect(e.time > (payment?.time ?? '')).toBe(true);
        expect(e.data.reversedOn >= (payment?.data.paidOn ?? '')).toBe(true);
      }
    }
  });

  it('registers some events late: weeks after the business date they are about', () => {
    const lag = (time: string, date: string) => (Date.parse(time) - dayMs(date)) / 86_400_000;
    const lateStarts = ofType(small.events, EVENT_TYPE.placementStarted).filter(
      (e) => e.data.startDate >= '2021-01-01' && lag(e.time, e.data.startDate) > 3,
    );
    const lateLedger = ofType(small.events, EVENT_TYPE.ledgerPosted).filter(
      (e) => lag(e.time, e.data.bookedOn) > 3,
    );
    const lateEnds = ofType(small.events, EVENT_TYPE.placementEnded).filter(
      (e) => lag(e.time, e.data.endDate) > 3,
    );
    expect(lateStarts.length).toBeGreaterThan(5);
    expect(lateLedger.length).toBeGreaterThan(50);
    expect(lateEnds.length).toBeGreaterThan(5);
    const initial = ofType(small.events, EVENT_TYPE.placementStarted).filter(
      (e) => e.data.startDate < '2021-01-01',
    );
    expect(initial.length).toBeGreaterThan(10);
    expect(initial.every((e) => e.time < '2021-01-02' && e.data.startDate >= '2019-01-01')).toBe(true);
  });

  it('keeps business dates inside the years, apart from the initial load of running cases and placements', () => {
    for (const e of small.events) {
      const date =
        e.type === EVENT_TYPE.paymentDisbursed
          ? e.data.paidOn
          : e.type === EVENT_TYPE.ledgerPosted
            ? e.data.bookedOn
            : e.type === EVENT_TYPE.paymentRepaid || e.type === EVENT_TYPE.reimbursementReceived
              ? e.data.receivedOn
              : e.type === EVENT_TYPE.placementEnded
                ? e.data.endDate
                : null;
      if (date !== null) expect([e.id, date >= '2021-01-01' && date <= '2023-12-31']).toEqual([e.id, true]);
    }
  });

  it('with `until`, keeps exactly the events of the full run known by then, with the same ids', () => {
    const until = generateMunicipality({ seed: 1, scale: 'small', until: '2022-06-15' });
    const known = small.events.filter((e) => e.time <= '2022-06-15T23:59:59Z');
    expect(until.events).toEqual(known);
    expect((until.summary.lastTime ?? '') <= '2022-06-15T23:59:59Z').toBe(true);
  });

  it('with fewer years, keeps a subset of the longer run, unchanged', () => {
    const short = generateMunicipality({ seed: 1, scale: 'small', years: [2021, 2022] });
    const full = new Map(small.events.map((e) => [`${e.source} ${e.id}`, JSON.stringify(e)]));
    const missing = short.events.filter((e) => full.get(`${e.source} ${e.id}`) !== JSON.stringify(e));
    expect(missing).toEqual([]);
    expect(short.events.length).toBeGreaterThan(small.events.length / 2);
  });

  it('prefixes every event id and aggregate id with idPrefix', () => {
    const run = generateMunicipality({ seed: 1, scale: 'small', idPrefix: 't7-', until: '2021-03-31' });
    expect(run.events.every((e) => e.id.startsWith('t7-') && e.subject.startsWith('t7-'))).toBe(true);
  });

  it('streams the same events as the array form', () => {
    const streamed = [...generateEvents({ seed: 1, scale: 'small', until: '2021-12-31' })];
    expect(streamed).toEqual(small.events.filter((e) => e.time <= '2021-12-31T23:59:59Z'));
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateMunicipality({ seed: 1, scale: 0 })).toThrow(RangeError);
    expect(() => generateMunicipality({ seed: 1, scale: 'small', years: [2021, 2023] })).toThrow(
      /consecutive/,
    );
    expect(() => generateMunicipality({ seed: 1, scale: 'small', until: '2021-02-30' })).toThrow(RangeError);
  });
});
