// Test data builders for the budget aggregate: each test states only what it is about.
import {
  evolve,
  initialState,
  type BudgetAdjustment,
  type BudgetArea,
  type BudgetDocument,
  type BudgetEvent,
  type BudgetFrame,
  type BudgetLine,
  type BudgetState,
} from './budget';
import { isBudgetError } from './budget-error';
import { decide, type AdjustBudget, type AdoptBudget, type Clock } from './decide';

export const aFrame = (overrides: Partial<BudgetFrame> = {}): BudgetFrame => ({
  code: 'KB',
  name: 'Kommunbidrag',
  accountable: true,
  ...overrides,
});

export const anArea = (overrides: Partial<BudgetArea> = {}): BudgetArea => ({
  code: 'IFO',
  name: 'Individ och familj',
  ...overrides,
});

export const aLine = (overrides: Partial<BudgetLine> = {}): BudgetLine => ({
  code: 'L1',
  name: 'Line one',
  frame: 'KB',
  area: 'IFO',
  annualBudget: '1200.00',
  profile: 'EVEN',
  match: [],
  ...overrides,
});

export const aBudget = (overrides: Partial<BudgetDocument> = {}): BudgetDocument => ({
  year: 2023,
  label: 'Nämndsbudget 2023',
  adoptedOn: '2023-01-01',
  frames: [aFrame()],
  areas: [anArea()],
  lines: [aLine()],
  ...overrides,
});

export const anAdjustment = (overrides: Partial<BudgetAdjustment> = {}): BudgetAdjustment => ({
  adjustmentId: 'ADJ-1',
  decidedOn: '2023-06-01',
  kind: 'TILLAGG',
  text: 'Tilläggsanslag',
  changes: [{ line: 'L1', amount: '100.00' }],
  ...overrides,
});

export const adopt = (budget: unknown, by = 'controller-1'): AdoptBudget => ({
  type: 'AdoptBudget',
  data: { budget },
  metadata: { by },
});

export const adjust = (year: number, adjustment: unknown, by = 'controller-1'): AdjustBudget => ({
  type: 'AdjustBudget',
  data: { year, adjustment },
  metadata: { by },
});

export const clockAt = (iso = '2023-06-02T08:00:00.000Z'): Clock => ({ now: () => new Date(iso) });

/** The state after these events. */
export const given = (...events: readonly BudgetEvent[]): BudgetState =>
  events.reduce(evolve, initialState());

/** A budget adopted and adjusted through decide/evolve, as the service would; throws on a refused command. */
export function adoptedBudget(
  budget: unknown,
  adjustments: readonly unknown[] = [],
  clock = clockAt(),
): BudgetState {
  let state = initialState();
  const year = (budget as { year: number }).year;
  for (const command of [adopt(budget), ...adjustments.map((a) => adjust(year, a))]) {
    const result = decide(command, state, clock);
    if (isBudgetError(result)) throw result;
    state = result.reduce(evolve, state);
  }
  return state;
}
