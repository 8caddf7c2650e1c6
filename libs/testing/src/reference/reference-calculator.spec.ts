import { computeReport } from './reference-calculator';
import { loadExampleFixtures } from './example-fixtures';
import { ReferenceInputError } from './exact';
import type {
  ReferenceMatchRule,
  ReferenceProfile,
  ReferenceBudget,
  ReferenceBudgetLine,
  ReferenceEvent,
  ReferenceReportInput,
  ReferenceReportRow,
} from './types';

const fixtures = loadExampleFixtures();

describe('reference calculator against test-fixtures/examples/expected.json', () => {
  const cases = fixtures.expected.map(
    (c) => [`${c.groupBy} asOf=${c.asOf} knownAt=${c.knownAt ?? 'all'}`, c] as const,
  );

  it('has cases for every groupBy and a knownAt', () => {
    expect(new Set(fixtures.expected.map((c) => c.groupBy))).toEqual(new Set(['line', 'frame', 'area']));
    expect(fixtures.expected.some((c) => c.knownAt !== null)).toBe(true);
  });

  it.each(cases)('%s: every row, unclassified and volume', (_name, c) => {
    const report = computeReport({
      ...fixtures,
      year: c.year,
      asOf: c.asOf,
      knownAt: c.knownAt,
      groupBy: c.groupBy,
    });
    const got = (rows: readonly ReferenceReportRow[]) =>
      rows.map((r) => ({
        code: r.code,
        annualBudget: Number(r.annualBudget),
        budgetYtd: Number(r.budgetYtd),
        actualYtd: Number(r.actualYtd),
        deviationYtd: Number(r.deviationYtd),
      }));
    expect(got(report.rows)).toEqual([...c.rows].sort((a, b) => (a.code < b.code ? -1 : 1)));
    expect(report.unclassified.actualYtd).toBe(BigInt(c.unclassified.actualYtd));
    if (c.volumeActualYtd) {
      const volumes = Object.fromEntries(
        report.rows.filter((r) => r.volumeActualYtd !== undefined).map((r) => [r.code, r.volumeActualYtd]),
      );
      expect(volumes).toEqual(c.volumeActualYtd);
    }
  });

  it.each(cases)('%s: total = rows + unclassified, subtotals split the rows, months add up', (_name, c) => {
    const report = computeReport({
      ...fixtures,
      year: c.year,
      asOf: c.asOf,
      knownAt: c.knownAt,
      groupBy: c.groupBy,
    });
    const sum = (key: 'annualBudget' | 'budgetYtd' | 'actualYtd' | 'deviationYtd') =>
      report.rows.reduce((s, r) => s + r[key], 0n);
    expect(report.total).toEqual({
      annualBudget: sum('annualBudget'),
      budgetYtd: sum('budgetYtd'),
      actualYtd: sum('actualYtd') + report.unclassified.actualYtd,
      deviationYtd: sum('deviationYtd') - report.unclassified.actualYtd,
    });
    const { accountable, notAccountable } = report.subtotals;
    expect(accountable.actualYtd + notAccountable.actualYtd + report.unclassified.actualYtd).toBe(
      report.total.actualYtd,
    );
    const monthly = Object.values(report.actualByLineAndMonth)
      .flat()
      .reduce((a, b) => a + b, 0n);
    expect(monthly).toBe(report.total.actualYtd);
    expect(report.unclassified.items.reduce((s, i) => s + i.actualYtd, 0n)).toBe(
      report.unclassified.actualYtd,
    );
  });

  it('lists the unclassified items the example data holds (ledger account 7999)', () => {
    const report = computeReport({ ...fixtures, year: 2023, asOf: '2023-08-31', groupBy: 'line' });
    expect(report.unclassified.items.map((i) => [i.stream, i.fields['account']])).toEqual([
      ['ledger', '7999'],
    ]);
  });

  it('HISTORICAL weights are the net cost per month of the earlier years, as known at knownAt', () => {
    const all = computeReport({ ...fixtures, year: 2023, asOf: '2023-08-31', groupBy: 'line' });
    const early = computeReport({
      ...fixtures,
      year: 2023,
      asOf: '2023-08-31',
      knownAt: '2021-12-31T23:59:59Z',
      groupBy: 'line',
    });
    const ekb = (r: typeof all) => r.rows.find((row) => row.code === 'EKB_UTBETALT');
    expect(all.historicalByLineAndMonth['EKB_UTBETALT'].every((m) => m > 0n)).toBe(true);
    expect(ekb(early)?.budgetYtd).not.toBe(ekb(all)?.budgetYtd);
  });
});

// ---------------------------------------------------------------------------------------------
// Small hand-made cases.

let seq = 0;
function ev(
  type: string,
  time: string,
  data: Record<string, unknown>,
  source = 'urn:system:test',
): ReferenceEvent {
  seq += 1;
  return { source, id: `e${seq}`, type: `se.socialtjanst.${type}.v1`, time, data };
}
const T0 = '2023-01-01T00:00:00Z';

function line(
  code: string,
  match: ReferenceMatchRule[],
  extra: Partial<ReferenceBudgetLine> = {},
): ReferenceBudgetLine {
  return { code, name: code, frame: 'F', area: 'A', annualBudget: '0.00', profile: 'EVEN', match, ...extra };
}
function budgetOf(...lines: ReferenceBudgetLine[]): ReferenceBudget {
  return {
    year: 2023,
    frames: [
      { code: 'F', name: 'F', accountable: true },
      { code: 'G', name: 'G', accountable: false },
    ],
    areas: [{ code: 'A', name: 'A' }],
    lines,
  };
}
function run(budget: ReferenceBudget, events: ReferenceEvent[], over: Partial<ReferenceReportInput> = {}) {
  const report = computeReport({
    budget,
    events,
    year: budget.year,
    asOf: '2023-12-31',
    groupBy: 'line',
    ...over,
  });
  const row = (code: string): ReferenceReportRow => {
    const r = report.rows.find((x) => x.code === code);
    if (!r) throw new Error(`no row ${code}`);
    return r;
  };
  return { report, row };
}

const placementLine = (extra: Partial<ReferenceBudgetLine> = {}) =>
  line('PL', [{ stream: 'placements', placementType: ['HVB'] }], {
    volume: { unit: 'VARDDYGN', annual: 365 },
    ...extra,
  });
const started = (time: string, data: Record<string, unknown> = {}) =>
  ev('placement.started', time, {
    placementId: 'P1',
    caseId: 'C1',
    placementType: 'HVB',
    regi: 'EXTERN',
    targetGroup: 'BARN_UNGA',
    startDate: '2023-01-10',
    dailyRate: '1000.00',
    ...data,
  });

describe('placements', () => {
  const events = [
    started('2023-01-10T08:00:00Z'),
    ev('placement.rate-changed', '2023-01-25T08:00:00Z', {
      placementId: 'P1',
      effectiveFrom: '2023-01-20',
      dailyRate: '1200.50',
    }),
    ev('placement.ended', '2023-02-02T08:00:00Z', { placementId: 'P1', endDate: '2023-01-31' }),
  ];

  it('costs each day start..end inclusive at the rate in force that day; each day is one vårddygn', () => {
    const { row, report } = run(budgetOf(placementLine()), events, { asOf: '2023-03-31' });
    // 10 days (10–19 Jan) at 1000.00 + 12 days (20–31 Jan) at 1200.50
    expect(row('PL').actualYtd).toBe(10n * 100000n + 12n * 120050n);
    expect(row('PL').volumeActualYtd).toBe(22);
    expect(report.volumeByLineAndMonth['PL']).toEqual([22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('runs to asOf while the end is not known at knownAt, and ignores a rate change not yet known', () => {
    const noEnd = run(budgetOf(placementLine()), events, {
      asOf: '2023-02-05',
      knownAt: '2023-02-01T00:00:00Z',
    });
    expect(noEnd.row('PL').actualYtd).toBe(10n * 100000n + (12n + 5n) * 120050n);
    expect(noEnd.row('PL').volumeActualYtd).toBe(27);
    const noRate = run(budgetOf(placementLine()), events, {
      asOf: '2023-02-05',
      knownAt: '2023-01-24T23:59:59Z',
    });
    expect(noRate.row('PL').actualYtd).toBe(27n * 100000n);
  });

  it('counts only the days from 1 January to asOf; earlier days are history', () => {
    const early = [started(T0, { startDate: '2022-12-30' })];
    const { row, report } = run(budgetOf(placementLine()), early, { asOf: '2023-01-03' });
    expect(row('PL').actualYtd).toBe(3n * 100000n);
    expect(report.historicalByLineAndMonth['PL'][11]).toBe(2n * 100000n);
  });

  it('breaks an effectiveFrom tie by the later time, not by input order; a change before the start applies', () => {
    const tie = [
      started(T0, { startDate: '2023-01-01' }),
      ev('placement.rate-changed', '2023-01-03T00:00:00Z', {
        placementId: 'P1',
        effectiveFrom: '2023-01-02',
        dailyRate: '3.00',
      }),
      ev('placement.rate-changed', '2023-01-02T00:00:00Z', {
        placementId: 'P1',
        effectiveFrom: '2023-01-02',
        dailyRate: '2.00',
      }),
      ev('placement.rate-changed', '2023-01-02T00:00:00Z', {
        placementId: 'P1',
        effectiveFrom: '2022-06-01',
        dailyRate: '1.00',
      }),
    ];
    // 1 Jan at 1.00 (the change from 2022), 2–3 Jan at 3.00 (the later-recorded of the two ties)
    expect(run(budgetOf(placementLine()), tie, { asOf: '2023-01-03' }).row('PL').actualYtd).toBe(100n + 600n);
  });

  it('the latest known end event wins (a correction); a second start of the same placement is ignored', () => {
    const corrected = [
      started('2023-01-10T08:00:00Z', { startDate: '2023-01-01' }),
      started('2023-01-11T08:00:00Z', { startDate: '2022-01-01', dailyRate: '5000.00' }),
      ev('placement.ended', '2023-01-12T08:00:00Z', { placementId: 'P1', endDate: '2023-01-03' }),
      ev('placement.ended', '2023-01-13T08:00:00Z', { placementId: 'P1', endDate: '2023-01-05' }),
    ];
    const { row } = run(budgetOf(placementLine()), corrected, { asOf: '2023-01-31' });
    expect([row('PL').actualYtd, row('PL').volumeActualYtd]).toEqual([5n * 100000n, 5]);
  });

  it('holds a rate change that arrives before its placement', () => {
    const early = [
      ev('placement.rate-changed', '2023-01-01T00:00:00Z', {
        placementId: 'P1',
        effectiveFrom: '2023-01-12',
        dailyRate: '10.00',
      }),
      started('2023-01-05T00:00:00Z', { startDate: '2023-01-10', dailyRate: '1.00' }),
    ];
    expect(run(budgetOf(placementLine()), early, { asOf: '2023-01-13' }).row('PL').actualYtd).toBe(
      2n * 100n + 2n * 1000n,
    );
  });
});

const paymentLines = () => [
  line('FS', [{ stream: 'payments', category: ['FORSORJNINGSSTOD'] }], {
    volume: { unit: 'HUSHALLSMANADER', annual: 12 },
  }),
  line(
    'BO',
    [
      { stream: 'payments', category: ['BOENDE'] },
      { stream: 'payments', repaymentCategory: ['ATERKRAV'] },
    ],
    {
      volume: { unit: 'HUSHALLSMANADER', annual: 12 },
    },
  ),
];
const disbursed = (
  time: string,
  paymentId: string,
  paidOn: string,
  householdId = 'H1',
  components = [
    ['FORSORJNINGSSTOD', '100.00'],
    ['BOENDE', '50.25'],
  ],
) =>
  ev('payment.disbursed', time, {
    paymentId,
    caseId: 'C1',
    householdId,
    paidOn,
    benefitMonth: paidOn.slice(0, 7),
    amount: (components.reduce((s, [, a]) => s + Math.round(Number(a) * 100), 0) / 100).toFixed(2),
    components: components.map(([category, amount]) => ({ category, amount })),
  });

describe('payments', () => {
  const events = [
    ev('payment.reversed', '2023-03-01T10:00:00Z', { paymentId: 'P1', reversedOn: '2023-03-01' }),
    disbursed('2023-03-05T10:00:00Z', 'P1', '2023-02-28'),
  ];

  it('a reversal whose payment is not known at knownAt has no effect', () => {
    const { row } = run(budgetOf(...paymentLines()), events, { knownAt: '2023-03-02T00:00:00Z' });
    expect(row('FS').actualYtd).toBe(0n);
    expect(row('BO').actualYtd).toBe(0n);
  });

  it('once both are known, the payment counts on paidOn and the reversal takes its components back on reversedOn', () => {
    const { row, report } = run(budgetOf(...paymentLines()), events);
    expect(report.actualByLineAndMonth['FS'].slice(0, 3)).toEqual([0n, 10000n, -10000n]);
    expect(report.actualByLineAndMonth['BO'].slice(0, 3)).toEqual([0n, 5025n, -5025n]);
    // the household still counts for February: a reversal does not remove it
    expect(row('FS').volumeActualYtd).toBe(1);
  });

  it('a payment is reversed at most once: a second reversal event has no effect', () => {
    const twice = [
      ...events,
      ev('payment.reversed', '2023-03-06T10:00:00Z', { paymentId: 'P1', reversedOn: '2023-03-06' }),
    ];
    expect(run(budgetOf(...paymentLines()), twice).row('FS').actualYtd).toBe(0n);
  });

  it('a reversal in the report year of a payment from the year before only subtracts', () => {
    const old = [
      disbursed(T0.replace('2023', '2022'), 'P9', '2022-12-30'),
      ev('payment.reversed', T0, { paymentId: 'P9', reversedOn: '2023-01-02' }),
    ];
    const { row, report } = run(budgetOf(...paymentLines()), old);
    expect(row('FS').actualYtd).toBe(-10000n);
    expect(row('FS').volumeActualYtd).toBe(0);
    expect(report.historicalByLineAndMonth['FS'][11]).toBe(10000n);
  });

  it('a household counts once per line and month it received a component in; on each line its components went to', () => {
    const payments = [
      disbursed(T0, 'P1', '2023-01-05', 'H1'),
      disbursed(T0, 'P2', '2023-01-20', 'H1', [['FORSORJNINGSSTOD', '10.00']]),
      disbursed(T0, 'P3', '2023-01-20', 'H2', [['FORSORJNINGSSTOD', '10.00']]),
      disbursed(T0, 'P4', '2023-02-01', 'H1', [['BOENDE', '10.00']]),
      disbursed(T0, 'P5', '2023-02-01', 'H3', [['TANDVARD', '10.00']]),
    ];
    const { report } = run(budgetOf(...paymentLines()), payments);
    expect(report.volumeByLineAndMonth['FS'].slice(0, 2)).toEqual([2, 0]);
    expect(report.volumeByLineAndMonth['BO'].slice(0, 2)).toEqual([1, 1]);
    expect(report.unclassified.items).toEqual([
      { stream: 'payments', fields: { category: 'TANDVARD' }, actualYtd: 1000n, count: 1 },
    ]);
  });

  it('repayments and reimbursements reduce cost on receivedOn, matched by repaymentCategory / payer + reimbursementCategory', () => {
    const lines = [
      ...paymentLines(),
      line('EKM', [
        { stream: 'payments', payer: ['MIGRATIONSVERKET'], reimbursementCategory: ['ENSAMKOMMANDE'] },
      ]),
    ];
    const events2 = [
      ev('payment.repaid', T0, {
        repaymentId: 'R1',
        caseId: 'C1',
        householdId: 'H1',
        receivedOn: '2023-04-01',
        amount: '7.50',
        category: 'ATERKRAV',
      }),
      ev('payment.repaid', T0, {
        repaymentId: 'R2',
        caseId: 'C1',
        householdId: 'H1',
        receivedOn: '2023-04-01',
        amount: '1.00',
        category: 'ATERBETALNING',
      }),
      ev('reimbursement.received', T0, {
        reimbursementId: 'X1',
        receivedOn: '2023-05-01',
        amount: '1000.00',
        payer: 'MIGRATIONSVERKET',
        category: 'ENSAMKOMMANDE',
      }),
      ev('reimbursement.received', T0, {
        reimbursementId: 'X2',
        receivedOn: '2023-05-01',
        amount: '2.00',
        payer: 'FORSAKRINGSKASSAN',
        category: 'ENSAMKOMMANDE',
      }),
    ];
    const { row, report } = run(budgetOf(...lines), events2);
    expect(row('BO').actualYtd).toBe(-750n);
    expect(row('BO').volumeActualYtd).toBe(0);
    expect(row('EKM').actualYtd).toBe(-100000n);
    expect(report.unclassified.actualYtd).toBe(-300n);
  });

  it('a rule naming category does not catch a repayment (the item has no category field)', () => {
    const catchAll = line('ALL', [{ stream: 'payments', category: ['*'] }]);
    const r = ev('payment.repaid', T0, {
      repaymentId: 'R1',
      caseId: 'C1',
      householdId: 'H1',
      receivedOn: '2023-04-01',
      amount: '7.50',
      category: 'ATERKRAV',
    });
    const { row, report } = run(budgetOf(catchAll), [r, disbursed(T0, 'P1', '2023-01-05')]);
    expect(row('ALL').actualYtd).toBe(15025n);
    expect(report.unclassified.actualYtd).toBe(-750n);
  });
});

const posting = (account: string, amount: string, extra: Record<string, unknown> = {}) =>
  ev('ledger.posted', T0, { postingId: `L${seq}`, bookedOn: '2023-01-15', account, amount, ...extra });

describe('ledger and classification', () => {
  it('a value ending in * matches by prefix; without * it must be equal', () => {
    const lines = [
      line('OPPEN', [{ stream: 'ledger', account: ['76*'] }]),
      line('EXACT', [{ stream: 'ledger', account: ['5113'] }]),
    ];
    const { row, report } = run(budgetOf(...lines), [
      posting('7611', '1.00'),
      posting('76', '2.00'),
      posting('6761', '4.00'),
      posting('5113', '8.00'),
      posting('51130', '16.00'),
    ]);
    expect(row('OPPEN').actualYtd).toBe(300n);
    expect(row('EXACT').actualYtd).toBe(800n);
    expect(report.unclassified.actualYtd).toBe(2000n);
  });

  it('a rule matches only when every field it names matches; an item without the field does not', () => {
    const lines = [line('AMA', [{ stream: 'ledger', account: ['5113'], responsibility: ['AMA*'] }])];
    const { row, report } = run(budgetOf(...lines), [
      posting('5113', '1.00', { responsibility: 'AMA9' }),
      posting('5113', '2.00', { responsibility: 'IFO1' }),
      posting('5113', '4.00'),
      posting('5114', '8.00', { responsibility: 'AMA9' }),
    ]);
    expect(row('AMA').actualYtd).toBe(100n);
    expect(report.unclassified.actualYtd).toBe(1400n);
    expect(report.unclassified.items.map((i) => i.fields)).toEqual([
      { account: '5113' },
      { account: '5113', responsibility: 'IFO1' },
      { account: '5114', responsibility: 'AMA9' },
    ]);
  });

  it('each amount goes to the first matching line in document order; the stream must match', () => {
    const specific = line('SPECIFIC', [{ stream: 'ledger', account: ['3091'] }]);
    const general = line('GENERAL', [{ stream: 'ledger', account: ['30*'] }]);
    const wrongStream = line('WRONG', [{ stream: 'payments', account: ['3091'] }]);
    const events = [posting('3091', '-5.00'), posting('3011', '-7.00')];
    const a = run(budgetOf(wrongStream, specific, general), events);
    expect([a.row('SPECIFIC').actualYtd, a.row('GENERAL').actualYtd, a.row('WRONG').actualYtd]).toEqual([
      -500n,
      -700n,
      0n,
    ]);
    const b = run(budgetOf(general, specific), events);
    expect([b.row('SPECIFIC').actualYtd, b.row('GENERAL').actualYtd]).toEqual([0n, -1200n]);
  });

  it('a line without match rules collects nothing', () => {
    const { row, report } = run(budgetOf(line('RESERV', [])), [posting('1', '1.00')]);
    expect(row('RESERV').actualYtd).toBe(0n);
    expect(report.unclassified.actualYtd).toBe(100n);
  });

  it('counts business dates 1 Jan..asOf only, and events with time ≤ knownAt only (inclusive)', () => {
    const lines = [line('ALL', [{ stream: 'ledger', account: ['*'] }])];
    const events = [
      posting('1', '1.00', { bookedOn: '2022-12-31' }),
      posting('1', '2.00', { bookedOn: '2023-01-01' }),
      posting('1', '4.00', { bookedOn: '2023-06-30' }),
      posting('1', '8.00', { bookedOn: '2023-07-01' }),
      { ...posting('1', '16.00', { bookedOn: '2023-06-01' }), time: '2023-07-01T12:00:00+02:00' },
    ];
    expect(run(budgetOf(...lines), events, { asOf: '2023-06-30' }).row('ALL').actualYtd).toBe(2200n);
    // 12:00+02:00 is 10:00Z: known at exactly that instant, not a nanosecond before
    expect(
      run(budgetOf(...lines), events, { asOf: '2023-06-30', knownAt: '2023-07-01T10:00:00Z' }).row('ALL')
        .actualYtd,
    ).toBe(2200n);
    expect(
      run(budgetOf(...lines), events, { asOf: '2023-06-30', knownAt: '2023-07-01T09:59:59.999999999Z' }).row(
        'ALL',
      ).actualYtd,
    ).toBe(600n);
  });

  it('counts an event once per (source, id): a duplicate or a conflicting copy is not applied', () => {
    const lines = [line('ALL', [{ stream: 'ledger', account: ['*'] }])];
    const first = posting('1', '1.00');
    const conflict = { ...first, data: { ...first.data, amount: '99.00' } };
    const otherSource = { ...first, source: 'urn:system:other', data: { ...first.data, postingId: 'OTHER' } };
    expect(run(budgetOf(...lines), [first, first, conflict, otherSource]).row('ALL').actualYtd).toBe(200n);
  });

  it('rejects amounts the contract rejects', () => {
    const lines = [line('ALL', [{ stream: 'ledger', account: ['*'] }])];
    for (const amount of ['1.001', '1e3', '1,00', '+1.00', '.5']) {
      expect(() => run(budgetOf(...lines), [posting('1', amount)])).toThrow(ReferenceInputError);
    }
  });
});

describe('budget', () => {
  const withBudget = (annualBudget: string, profile: ReferenceProfile, code = 'L') =>
    line(code, [{ stream: 'ledger', account: ['9*'] }], { annualBudget, profile });

  it('periodises by profile through asOf, the month of asOf by days elapsed / days in month', () => {
    const lines = [
      withBudget('1200.00', 'EVEN', 'E'),
      withBudget('365.00', 'DAYS', 'D'),
      withBudget('1000.00', [0.5, 0.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'W'),
    ];
    const { row } = run(budgetOf(...lines), [], { asOf: '2023-02-14' });
    expect(row('E').budgetYtd).toBe(100_00n + 50_00n); // Jan + 14/28 of Feb
    expect(row('D').budgetYtd).toBe(31_00n + 14_00n);
    expect(row('W').budgetYtd).toBe(500_00n + 125_00n);
  });

  it('DAYS uses 366 days in a leap year', () => {
    const b = { ...budgetOf(withBudget('366.00', 'DAYS')), year: 2024 };
    expect(
      computeReport({ budget: b, events: [], year: 2024, asOf: '2024-02-29', groupBy: 'line' }).rows[0]
        .budgetYtd,
    ).toBe(60_00n);
  });

  it('rounds budgetYtd to the nearest öre per line, halves away from zero', () => {
    const lines = [
      withBudget('0.06', 'EVEN', 'POS'),
      withBudget('-0.06', 'EVEN', 'NEG'),
      withBudget('0.05', 'EVEN', 'LOW'),
    ];
    const { row, report } = run(budgetOf(...lines), [], { asOf: '2023-01-31' });
    expect([row('POS').budgetYtd, row('NEG').budgetYtd, row('LOW').budgetYtd]).toEqual([1n, -1n, 0n]); // 0.5, −0.5, 0.4166…
    expect(
      computeReport({ ...runInput(lines), groupBy: 'frame' }).rows.find((r) => r.code === 'F')?.budgetYtd,
    ).toBe(0n);
    expect(report.total.budgetYtd).toBe(0n); // sum of rounded rows, not the rounded sum (0.4166… → 0 too, but by the rows)
  });

  it('HISTORICAL: net cost per month over all earlier years; the month of asOf pro rata; EVEN without history', () => {
    const historical = withBudget('1000.00', 'HISTORICAL', 'H');
    const events = [
      posting('91', '200.00', { bookedOn: '2021-01-10' }),
      posting('91', '150.00', { bookedOn: '2022-01-10' }),
      posting('91', '-50.00', { bookedOn: '2022-01-11' }),
      posting('91', '100.00', { bookedOn: '2022-02-10' }),
      { ...posting('91', '500.00', { bookedOn: '2022-03-10' }), time: '2023-02-01T00:00:00Z' },
    ];
    // known at 31 Jan: Jan 300, Feb 100 → weights 3/4, 1/4; through 14 Feb: 3/4 + 1/4 × 14/28 = 7/8
    expect(
      run(budgetOf(historical), events, { asOf: '2023-02-14', knownAt: '2023-01-31T00:00:00Z' }).row('H')
        .budgetYtd,
    ).toBe(875_00n);
    // everything known: Jan 300, Feb 100, Mar 500 of 900 → through 14 Feb: 3/9 + 1/9 × 1/2 = 7/18 → 388.888… → 388.89
    expect(run(budgetOf(historical), events, { asOf: '2023-02-14' }).row('H').budgetYtd).toBe(388_89n);
    // no history before the year (this year's cost does not count) → EVEN
    const thisYear = [posting('91', '1.00', { bookedOn: '2023-01-02' })];
    expect(run(budgetOf(historical), thisYear, { asOf: '2023-01-31' }).row('H').budgetYtd).toBe(83_33n);
  });

  it('adds adjustments decided on or before asOf to the annual budget, periodised as if there all year', () => {
    const lines = [withBudget('1200.00', 'EVEN', 'A'), withBudget('0.00', 'EVEN', 'B')];
    const adjustments = [
      {
        adjustmentId: 'J1',
        decidedOn: '2023-06-30',
        kind: 'OMFORDELNING',
        changes: [
          { line: 'A', amount: '-120.00' },
          { line: 'B', amount: '120.00' },
        ],
      },
      {
        adjustmentId: 'J2',
        decidedOn: '2023-07-01',
        kind: 'TILLAGG',
        changes: [{ line: 'A', amount: '1200.00' }],
      },
    ];
    const { row } = run(budgetOf(...lines), [], { asOf: '2023-06-30', adjustments });
    expect([row('A').annualBudget, row('A').budgetYtd, row('B').annualBudget, row('B').budgetYtd]).toEqual([
      1080_00n,
      540_00n,
      120_00n,
      60_00n,
    ]);
    expect(run(budgetOf(...lines), [], { asOf: '2023-07-01', adjustments }).row('A').annualBudget).toBe(
      2280_00n,
    );
  });

  it('frame and area rows and subtotals are sums of the rounded line rows', () => {
    const lines = [
      withBudget('0.06', 'EVEN', 'X'),
      { ...withBudget('0.06', 'EVEN', 'Y'), frame: 'G' },
      withBudget('0.06', 'EVEN', 'Z'),
    ];
    const input = { ...runInput(lines), asOf: '2023-01-31' };
    const frames = computeReport({ ...input, groupBy: 'frame' });
    expect(frames.rows.map((r) => [r.code, r.budgetYtd, r.deviationYtd])).toEqual([
      ['F', 2n, 2n], // 0.5 + 0.5 rounded per line, not 1.0
      ['G', 1n, 1n],
    ]);
    expect(frames.subtotals.accountable.budgetYtd).toBe(2n);
    expect(frames.subtotals.notAccountable.budgetYtd).toBe(1n);
    expect(computeReport({ ...input, groupBy: 'area' }).rows).toEqual([
      { code: 'A', name: 'A', annualBudget: 18n, budgetYtd: 3n, actualYtd: 0n, deviationYtd: 3n },
    ]);
  });

  it('rejects weights that do not sum to 1 and adjustments of unknown lines', () => {
    expect(() => run(budgetOf(withBudget('1.00', [0.5, 0.5, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0])), [])).toThrow(
      /sum to 1/,
    );
    const adjustments = [
      {
        adjustmentId: 'J',
        decidedOn: '2023-01-01',
        kind: 'TILLAGG',
        changes: [{ line: 'NOPE', amount: '1.00' }],
      },
    ];
    expect(() => run(budgetOf(withBudget('1.00', 'EVEN')), [], { adjustments })).toThrow(/unknown line NOPE/);
  });
});

function runInput(lines: ReferenceBudgetLine[]): ReferenceReportInput {
  return { budget: budgetOf(...lines), events: [], year: 2023, asOf: '2023-01-31', groupBy: 'line' };
}
