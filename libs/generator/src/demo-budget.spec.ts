import {
  classifyItem,
  DEFAULT_DEMO_SCALE,
  DEMO_SEED,
  demoAdjustments2023,
  demoBudget2023,
  type BudgetDocument,
  type MatchStream,
} from './demo-budget';
import { toOre } from './event-shape.spec-support';
import { EVENT_TYPE, type GeneratedEvent, type PaymentComponent } from './events';
import { generateMunicipality } from './generate';

const UNCLASSIFIED = 'OKLASSIFICERAT';

/**
 * Net cost per line of one year after SPEC §6 (all events known): components on paidOn,
 * reversals, repayments and reimbursements as minus, placement days at the rate in force, ledger
 * on bookedOn.
 */
function netCostByLine(
  budget: BudgetDocument,
  events: readonly GeneratedEvent[],
  year: number,
): Map<string, bigint> {
  const inYear = (date: string) => date.startsWith(`${year}-`);
  const costs = new Map<string, bigint>();
  const add = (stream: MatchStream, item: Record<string, string>, ore: bigint) => {
    const line = classifyItem(budget.lines, stream, item) ?? UNCLASSIFIED;
    costs.set(line, (costs.get(line) ?? 0n) + ore);
  };
  const components = new Map<string, readonly PaymentComponent[]>();
  const rates = new Map<string, { from: string; time: string; rate: bigint }[]>();
  const ends = new Map<string, string>();
  for (const e of events) {
    if (e.type === EVENT_TYPE.paymentDisbursed) components.set(e.data.paymentId, e.data.components);
    if (e.type === EVENT_TYPE.placementRateChanged) {
      const list = rates.get(e.data.placementId) ?? [];
      list.push({ from: e.data.effectiveFrom, time: e.time, rate: toOre(e.data.dailyRate) });
      rates.set(e.data.placementId, list);
    }
    if (e.type === EVENT_TYPE.placementEnded) ends.set(e.data.placementId, e.data.endDate);
  }
  for (const e of events) {
    switch (e.type) {
      case EVENT_TYPE.paymentDisbursed:
        if (inYear(e.data.paidOn))
          for (const c of e.data.components) add('payments', { category: c.category }, toOre(c.amount));
        break;
      case EVENT_TYPE.paymentReversed:
        if (inYear(e.data.reversedOn)) {
          for (const c of components.get(e.data.paymentId) ?? [])
            add('payments', { category: c.category }, -toOre(c.amount));
        }
        break;
      case EVENT_TYPE.paymentRepaid:
        if (inYear(e.data.receivedOn))
          add('payments', { repaymentCategory: e.data.category }, -toOre(e.data.amount));
        break;
      case EVENT_TYPE.reimbursementReceived:
        if (inYear(e.data.receivedOn)) {
          add(
            'payments',
            { payer: e.data.payer, reimbursementCategory: e.data.category },
            -toOre(e.data.amount),
          );
        }
        break;
      case EVENT_TYPE.ledgerPosted: {
        const { bookedOn, account, responsibility, activity, amount } = e.data;
        const item: Record<string, string> = { account };
        if (responsibility !== undefined) item['responsibility'] = responsibility;
        if (activity !== undefined) item['activity'] = activity;
        if (inYear(bookedOn)) add('ledger', item, toOre(amount));
        break;
      }
      case EVENT_TYPE.placementStarted: {
        const { placementId, placementType, regi, targetGroup, startDate, dailyRate } = e.data;
        const changes = (rates.get(placementId) ?? []).sort((a, b) =>
          a.from === b.from ? (a.time < b.time ? -1 : 1) : a.from < b.from ? -1 : 1,
        );
        const first = Math.max(Date.parse(startDate), Date.parse(`${year}-01-01`));
        const last = Math.min(
          Date.parse(ends.get(placementId) ?? `${year}-12-31`),
          Date.parse(`${year}-12-31`),
        );
        let total = 0n;
        for (let t = first; t <= last; t += 86_400_000) {
          const day = new Date(t).toISOString().slice(0, 10);
          let rate = toOre(dailyRate);
          for (const c of changes) if (c.from <= day) rate = c.rate;
          total += rate;
        }
        if (total !== 0n) add('placements', { placementType, regi, targetGroup }, total);
        break;
      }
      default:
        break;
    }
  }
  return costs;
}

function annualBudgets(budget: BudgetDocument, scale = DEFAULT_DEMO_SCALE): Map<string, bigint> {
  const amounts = new Map(budget.lines.map((l) => [l.code, toOre(l.annualBudget)]));
  for (const adjustment of demoAdjustments2023(scale)) {
    for (const change of adjustment.changes)
      amounts.set(change.line, (amounts.get(change.line) ?? 0n) + toOre(change.amount));
  }
  return amounts;
}

describe('demoBudget2023', () => {
  const budget = demoBudget2023('small');

  it('is a SPEC §5 budget document with Malmö’s frames and areas', () => {
    expect(budget.year).toBe(2023);
    expect(budget.frames).toEqual([
      { code: 'ASN', name: 'Kommunbidrag nämnden', accountable: true },
      { code: 'EKB', name: 'Ekonomiskt bistånd', accountable: false },
      { code: 'HEM', name: 'Hemlöshet', accountable: false },
    ]);
    expect(budget.areas.map((a) => a.code)).toEqual(['AMA_EBB', 'IFO', 'BTS', 'STAB']);
    const frames = new Set(budget.frames.map((f) => f.code));
    const areas = new Set(budget.areas.map((a) => a.code));
    expect(new Set(budget.lines.map((l) => l.code)).size).toBe(budget.lines.length);
    for (const line of budget.lines) {
      expect(frames.has(line.frame) && areas.has(line.area)).toBe(true);
      expect(line.annualBudget).toMatch(/^-?\d+\.\d{2}$/);
      if (line.volume !== undefined)
        expect(Number.isInteger(line.volume.annual) && line.volume.annual > 0).toBe(true);
      for (const rule of line.match) expect(['payments', 'placements', 'ledger']).toContain(rule.stream);
    }
    expect(JSON.parse(JSON.stringify(budget))).toEqual(budget);
  });

  it('mixes the four kinds of profile; personnel weights sum to 1 and dip in July', () => {
    const kinds = new Set(budget.lines.map((l) => (Array.isArray(l.profile) ? 'WEIGHTS' : l.profile)));
    expect(kinds).toEqual(new Set(['EVEN', 'DAYS', 'HISTORICAL', 'WEIGHTS']));
    for (const line of budget.lines) {
      if (!Array.isArray(line.profile)) continue;
      const weights = line.profile as readonly number[];
      expect(weights).toHaveLength(12);
      expect(Math.abs(weights.reduce((s, w) => s + w, 0) - 1)).toBeLessThanOrEqual(1e-9);
      expect(weights[6]).toBeLessThan(weights[5]);
    }
  });

  it('has a reserve without match rules, statsbidrag as revenue and volumes on placements and households', () => {
    const byCode = new Map(budget.lines.map((l) => [l.code, l]));
    expect(byCode.get('STAB_RESERV')?.match).toEqual([]);
    expect(toOre(byCode.get('STATSBIDRAG')?.annualBudget ?? '0.00') < 0n).toBe(true);
    expect(byCode.get('EKB_UTBETALT')?.volume?.unit).toBe('HUSHALLSMANADER');
    for (const code of ['IFO_FAMILJEHEM', 'IFO_INSTITUTION_BU', 'HEM_AKUT', 'HEM_BOENDE_STOD']) {
      expect(byCode.get(code)?.volume?.unit).toBe('VARDDYGN');
    }
  });

  it('scales with the data it is meant for', () => {
    const total = (b: BudgetDocument) => b.lines.reduce((s, l) => s + toOre(l.annualBudget), 0n);
    const ratio = Number(total(demoBudget2023('medium'))) / Number(total(budget));
    expect(ratio).toBeGreaterThan(4.9);
    expect(ratio).toBeLessThan(5.1);
  });
});

describe('demoAdjustments2023', () => {
  it('moves money from the reserve in May (summing to zero) and adds a tilläggsanslag', () => {
    const budget = demoBudget2023('small');
    const [moved, added] = demoAdjustments2023('small');
    expect(moved.kind).toBe('OMFORDELNING');
    expect(moved.decidedOn.slice(0, 7)).toBe('2023-05');
    expect(moved.changes.reduce((s, c) => s + toOre(c.amount), 0n)).toBe(0n);
    expect(moved.changes.find((c) => c.line === 'STAB_RESERV')?.amount.startsWith('-')).toBe(true);
    expect(added.kind).toBe('TILLAGG');
    expect(toOre(added.changes[0].amount) > 0n).toBe(true);
    const codes = new Set(budget.lines.map((l) => l.code));
    for (const change of [...moved.changes, ...added.changes]) expect(codes.has(change.line)).toBe(true);
    expect((annualBudgets(budget, 'small').get('STAB_RESERV') ?? -1n) > 0n).toBe(true);
  });
});

describe('the demo budget against the generated data', () => {
  it('classifies every generated amount except a small deliberate remainder (account 6991)', () => {
    const { events } = generateMunicipality({ seed: 1, scale: 'small' });
    const budget = demoBudget2023('small');
    const costs = netCostByLine(budget, events, 2023);
    const unclassified = costs.get(UNCLASSIFIED) ?? 0n;
    const gross = [...costs.values()].reduce((s, c) => s + (c < 0n ? -c : c), 0n);
    expect(unclassified > 0n).toBe(true);
    expect(Number(unclassified) / Number(gross)).toBeLessThan(0.005);
    const ledger = events.filter(
      (e): e is Extract<GeneratedEvent, { type: typeof EVENT_TYPE.ledgerPosted }> =>
        e.type === EVENT_TYPE.ledgerPosted,
    );
    const unmatched = new Set(
      ledger
        .filter(
          (e) =>
            classifyItem(budget.lines, 'ledger', {
              account: e.data.account,
              responsibility: e.data.responsibility ?? '',
            }) === null,
        )
        .map((e) => e.data.account),
    );
    expect(unmatched).toEqual(new Set(['6991']));
  });

  it('shows Malmö-like deviations for 2023 with the demo seed: bistånd under budget, homelessness over', () => {
    const { events } = generateMunicipality({ seed: DEMO_SEED, scale: DEFAULT_DEMO_SCALE });
    const budget = demoBudget2023(DEFAULT_DEMO_SCALE);
    const costs = netCostByLine(budget, events, 2023);
    const budgets = annualBudgets(budget);
    const deviation = (code: string) => Number((budgets.get(code) ?? 0n) - (costs.get(code) ?? 0n));
    const relative = (code: string) => deviation(code) / Number(budgets.get(code) ?? 1n);

    expect(relative('EKB_UTBETALT')).toBeGreaterThan(0.04);
    expect(relative('EKB_UTBETALT')).toBeLessThan(0.2);
    expect(deviation('HEM_AKUT') + deviation('HEM_BOENDE_STOD')).toBeLessThan(0);
    expect(relative('AMA_ANSTALLNINGAR')).toBeLessThan(0);
    expect(deviation('STAB_RESERV')).toBeGreaterThan(0);
    for (const code of ['PERSONAL_IFO', 'PERSONAL_AMA_EBB', 'STATSBIDRAG'])
      expect(deviation(code)).toBeGreaterThan(0);
    // The nämnd as a whole ends with an överskott of a few per cent, as Malmö's 140 Mkr of 4 046.
    const total =
      [...budgets.keys()].reduce((s, code) => s + deviation(code), 0) - Number(costs.get(UNCLASSIFIED) ?? 0n);
    const budgetTotal = Number([...budgets.values()].reduce((s, b) => s + b, 0n));
    expect(total / budgetTotal).toBeGreaterThan(0);
    expect(total / budgetTotal).toBeLessThan(0.08);
  });
});
