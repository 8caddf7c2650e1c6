import { parseSek } from '@ramprognos/money';
import { type BudgetAdjustment, type BudgetEvent, type BudgetState, evolve, initialState } from './budget';
import { budgetAsOf, budgetView } from './budget-as-of';
import { aBudget, aLine, adjust, anAdjustment, clockAt, given } from './budget.builders';
import { BudgetError, isBudgetError } from './budget-error';
import { decide } from './decide';

const budget = aBudget({
  lines: [
    aLine({ code: 'L1' }),
    aLine({ code: 'L2', annualBudget: '500.00' }),
    aLine({ code: 'RESERV', annualBudget: '300.00' }),
  ],
});

const adopted: BudgetEvent = {
  type: 'BudgetAdopted',
  data: { year: 2023, budget, recordedAt: '2023-01-01T08:00:00.000Z', recordedBy: 'controller-1' },
};

const adjusted = (adjustment: BudgetAdjustment, recordedBy = 'controller-2'): BudgetEvent => ({
  type: 'BudgetAdjusted',
  data: { year: 2023, adjustment, recordedAt: '2023-06-02T08:00:00.000Z', recordedBy },
});

function refusal(state: BudgetState, adjustment: unknown, year = 2023): BudgetError {
  const result = decide(adjust(year, adjustment), state, clockAt());
  if (!isBudgetError(result)) throw new Error('expected the adjustment to be refused');
  return result;
}

const move = (amounts: Record<string, string>, overrides: Partial<BudgetAdjustment> = {}): BudgetAdjustment =>
  anAdjustment({
    kind: 'OMFORDELNING',
    changes: Object.entries(amounts).map(([line, amount]) => ({ line, amount })),
    ...overrides,
  });

describe('adjusting a budget', () => {
  it('Given an adopted budget, When an OMFORDELNING summing to zero is decided, Then BudgetAdjusted with who and when', () => {
    const adjustment = move({ RESERV: '-200.00', L1: '150.00', L2: '50.00' });
    const result = decide(
      adjust(2023, adjustment, 'controller-2'),
      given(adopted),
      clockAt('2023-06-02T08:00:00.000Z'),
    );
    expect(result).toEqual([adjusted(adjustment)]);
  });

  it('Given no budget for the year, When adjusting, Then not-found on year', () => {
    const error = refusal(initialState(), anAdjustment());
    expect(error.reason).toBe('not-found');
    expect(error.errors).toEqual([{ field: 'year', message: 'no budget is adopted for 2023' }]);
  });

  it("Given the 2023 budget, When adjusting 2024's, Then not-found", () => {
    expect(refusal(given(adopted), anAdjustment(), 2024).reason).toBe('not-found');
  });

  describe('Given an adopted budget, refuses, naming the field', () => {
    const cases: [string, unknown, string, RegExp][] = [
      [
        'an OMFORDELNING not summing to zero',
        move({ RESERV: '-200.00', L1: '150.00' }),
        'changes',
        /sum to zero/,
      ],
      [
        'a TILLAGG with a negative total',
        anAdjustment({ changes: [{ line: 'L1', amount: '-1.00' }] }),
        'changes',
        /more than zero/,
      ],
      [
        'a TILLAGG with a zero total',
        anAdjustment({ changes: [{ line: 'L1', amount: '0.00' }] }),
        'changes',
        /more than zero/,
      ],
      ['a MINSKNING with a positive total', anAdjustment({ kind: 'MINSKNING' }), 'changes', /less than zero/],
      [
        'a change of an unknown line',
        move({ L1: '-1.00', XX: '1.00' }),
        'changes[1].line',
        /not a line of this budget/,
      ],
      [
        'a change of OKLASSIFICERAT',
        move({ L1: '-1.00', OKLASSIFICERAT: '1.00' }),
        'changes[1].line',
        /not a line/,
      ],
      [
        'the same line twice',
        anAdjustment({
          changes: [
            { line: 'L1', amount: '1.00' },
            { line: 'L1', amount: '2.00' },
          ],
        }),
        'changes[1].line',
        /repeats the line of changes\[0\]/,
      ],
      [
        'a decidedOn in another year',
        anAdjustment({ decidedOn: '2024-01-01' }),
        'decidedOn',
        /a date in 2023/,
      ],
      ['a decidedOn that is no date', anAdjustment({ decidedOn: '2023-13-01' }), 'decidedOn', /YYYY-MM-DD/],
      [
        'an unknown kind',
        anAdjustment({ kind: 'FLYTT' as never }),
        'kind',
        /OMFORDELNING, TILLAGG, MINSKNING/,
      ],
      [
        'an amount with three decimals',
        anAdjustment({ changes: [{ line: 'L1', amount: '1.005' }] }),
        'changes[0].amount',
        /two decimals/,
      ],
      ['no changes', anAdjustment({ changes: [] }), 'changes', /at least 1 item/],
      ['no adjustmentId', { ...anAdjustment(), adjustmentId: undefined }, 'adjustmentId', /is required/],
    ];
    it.each(cases)('%s', (_name, adjustment, field, message) => {
      const error = refusal(given(adopted), adjustment);
      expect(error.reason).toBe('invalid');
      expect(error.errors).toContainEqual({ field, message: expect.stringMatching(message) });
    });
  });

  it('accepts a MINSKNING with a negative total and a TILLAGG whose changes also move money', () => {
    const state = given(adopted);
    const cut = anAdjustment({ kind: 'MINSKNING', changes: [{ line: 'L2', amount: '-50.00' }] });
    expect(decide(adjust(2023, cut), state, clockAt())).toHaveLength(1);
    const mixed = anAdjustment({
      changes: [
        { line: 'RESERV', amount: '-100.00' },
        { line: 'L1', amount: '300.00' },
      ],
    });
    expect(decide(adjust(2023, mixed), state, clockAt())).toHaveLength(1);
  });

  describe('the same adjustmentId again', () => {
    const first = move({ RESERV: '-200.00', L1: '200.00' });
    const state = given(adopted, adjusted(first));

    it('When it is the same decision (a retry), Then nothing new happens', () => {
      expect(decide(adjust(2023, first), state, clockAt())).toEqual([]);
    });

    it('When only the spelling of an amount differs, Then it is still the same decision', () => {
      expect(decide(adjust(2023, move({ RESERV: '-200', L1: '200.0' })), state, clockAt())).toEqual([]);
    });

    it('When its content differs, Then a conflict on adjustmentId', () => {
      const error = refusal(state, move({ RESERV: '-100.00', L1: '100.00' }));
      expect(error.reason).toBe('conflict');
      expect(error.errors).toEqual([
        { field: 'adjustmentId', message: expect.stringMatching(/other content/) },
      ]);
    });
  });

  describe('the budget as of a date', () => {
    const state = given(
      adopted,
      adjusted(move({ RESERV: '-200.00', L1: '200.00' }, { adjustmentId: 'A', decidedOn: '2023-05-15' })),
      adjusted(
        anAdjustment({
          adjustmentId: 'B',
          decidedOn: '2023-06-20',
          changes: [{ line: 'L2', amount: '460.00' }],
        }),
        'controller-3',
      ),
    );
    const annual = (asOf: string) =>
      Object.fromEntries(budgetAsOf(state, asOf).lines.map((l) => [l.code, l.annualBudget]));

    it('counts an adjustment from its decidedOn on, whenever it was recorded', () => {
      expect(annual('2023-05-14')).toEqual({ L1: 120000n, L2: 50000n, RESERV: 30000n });
      expect(annual('2023-05-15')).toEqual({ L1: 140000n, L2: 50000n, RESERV: 10000n });
      expect(annual('2023-12-31')).toEqual({ L1: 140000n, L2: 96000n, RESERV: 10000n });
    });

    it('keeps the adopted figure and the adjustments apart, lines in document order', () => {
      const lines = budgetAsOf(state, '2023-08-31').lines;
      expect(lines.map((l) => [l.code, l.adoptedAnnualBudget, l.adjustments])).toEqual([
        ['L1', 120000n, 20000n],
        ['L2', 50000n, 46000n],
        ['RESERV', 30000n, -20000n],
      ]);
    });

    it('GET /v1/budgets/{year}: the budget as it stands, with its history of who and when', () => {
      const view = budgetView(state);
      expect(view.lines.map((l) => [l.code, l.adoptedAnnualBudget, l.annualBudget])).toEqual([
        ['L1', '1200.00', '1400.00'],
        ['L2', '500.00', '960.00'],
        ['RESERV', '300.00', '100.00'],
      ]);
      expect(view.history).toEqual([
        { seq: 1, type: 'BudgetAdopted', recordedAt: '2023-01-01T08:00:00.000Z', recordedBy: 'controller-1' },
        expect.objectContaining({
          seq: 2,
          type: 'BudgetAdjusted',
          adjustmentId: 'A',
          kind: 'OMFORDELNING',
          decidedOn: '2023-05-15',
          recordedBy: 'controller-2',
        }),
        expect.objectContaining({
          seq: 3,
          type: 'BudgetAdjusted',
          adjustmentId: 'B',
          kind: 'TILLAGG',
          recordedBy: 'controller-3',
        }),
      ]);
      expect(view.adjustments.map((a) => a.adjustmentId)).toEqual(['A', 'B']);
    });
  });

  it('an adjustment replayed onto an empty stream changes nothing', () => {
    const state = initialState();
    expect(evolve(state, adjusted(anAdjustment()))).toBe(state);
  });

  it('keeps the decided amounts exactly as decided', () => {
    const state = given(adopted, adjusted(move({ RESERV: '-0.01', L1: '0.01' })));
    expect(budgetAsOf(state, '2023-12-31').lines.map((l) => l.annualBudget)).toEqual([
      parseSek('1200.01'),
      parseSek('500.00'),
      parseSek('299.99'),
    ]);
  });
});
