import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BudgetDocument, type BudgetLine, evolve, initialState } from './budget';
import { aBudget, aFrame, aLine, adopt, anArea, clockAt, given } from './budget.builders';
import { BudgetError, isBudgetError } from './budget-error';
import { decide } from './decide';

const EXAMPLE_BUDGET = join(__dirname, '..', '..', '..', '..', 'test-fixtures', 'examples', 'budget.json');

/** When adopting `budget` on an empty stream, then these field errors. */
function errorsOf(budget: unknown): { field: string; message: string }[] {
  const result = decide(adopt(budget), initialState(), clockAt());
  if (!isBudgetError(result)) throw new Error('expected the budget to be refused');
  expect(result.reason).toBe('invalid');
  return [...result.errors];
}

const withLine = (line: Partial<BudgetLine>): BudgetDocument => aBudget({ lines: [aLine(line)] });

describe('adopting a budget', () => {
  it('Given no budget, When a valid budget is adopted, Then BudgetAdopted records it with who and when', () => {
    const budget = aBudget();
    const result = decide(adopt(budget, 'ekonom-7'), initialState(), clockAt('2023-01-02T09:00:00.000Z'));
    expect(result).toEqual([
      {
        type: 'BudgetAdopted',
        data: { year: 2023, budget, recordedAt: '2023-01-02T09:00:00.000Z', recordedBy: 'ekonom-7' },
      },
    ]);
  });

  it('accepts the example budget of test-fixtures (weights as JSON numbers, prefix rules, a line without rules)', () => {
    const example: unknown = JSON.parse(readFileSync(EXAMPLE_BUDGET, 'utf8'));
    const result = decide(adopt(example), initialState(), clockAt());
    expect(isBudgetError(result) ? result.errors : []).toEqual([]);
  });

  it('Given an adopted budget, When the year is adopted again, Then it is a conflict on year', () => {
    const state = given({
      type: 'BudgetAdopted',
      data: { year: 2023, budget: aBudget(), recordedAt: '2023-01-01T00:00:00Z', recordedBy: 'a' },
    });
    const result = decide(adopt(aBudget()), state, clockAt());
    expect(result).toBeInstanceOf(BudgetError);
    expect((result as BudgetError).reason).toBe('conflict');
    expect((result as BudgetError).errors).toEqual([
      { field: 'year', message: expect.stringMatching(/already adopted/) },
    ]);
  });

  it('a replayed second adoption does not reset the state', () => {
    const adopted = {
      type: 'BudgetAdopted',
      data: { year: 2023, budget: aBudget(), recordedAt: '2023-01-01T00:00:00Z', recordedBy: 'a' },
    } as const;
    const state = given(adopted);
    expect(evolve(state, adopted)).toBe(state);
  });

  describe('refuses, naming the field', () => {
    const cases: [string, unknown, string, RegExp][] = [
      [
        'a line in an unknown frame',
        aBudget({ lines: [aLine(), aLine({ code: 'L2', frame: 'XX' })] }),
        'lines[1].frame',
        /not the code of a frame/,
      ],
      ['a line in an unknown area', withLine({ area: 'XX' }), 'lines[0].area', /not the code of an area/],
      [
        'a line code used twice',
        aBudget({ lines: [aLine(), aLine()] }),
        'lines[1].code',
        /repeats the code of lines\[0\]/,
      ],
      [
        'a frame code used twice',
        aBudget({ frames: [aFrame(), aFrame({ name: 'Other' })] }),
        'frames[1].code',
        /repeats/,
      ],
      ['an area code used twice', aBudget({ areas: [anArea(), anArea()] }), 'areas[1].code', /repeats/],
      ['the reserved line OKLASSIFICERAT', withLine({ code: 'OKLASSIFICERAT' }), 'lines[0].code', /reserved/],
      [
        'an annualBudget with three decimals',
        withLine({ annualBudget: '12.345' }),
        'lines[0].annualBudget',
        /more than two decimals/,
      ],
      [
        'an annualBudget in exponent form',
        withLine({ annualBudget: '1e6' }),
        'lines[0].annualBudget',
        /exponent/,
      ],
      [
        'an annualBudget as a number',
        { ...withLine({}), lines: [{ ...aLine(), annualBudget: 1200 }] },
        'lines[0].annualBudget',
        /must be a string/,
      ],
      [
        'an unknown profile name',
        withLine({ profile: 'MONTHLY' as never }),
        'lines[0].profile',
        /EVEN, DAYS, HISTORICAL/,
      ],
      ['eleven weights', withLine({ profile: Array(11).fill(1 / 11) }), 'lines[0].profile', /twelve weights/],
      [
        'weights summing to 1 + 2e-9',
        withLine({ profile: [...Array(11).fill('0.08'), '0.120000002'] }),
        'lines[0].profile',
        /sum to 1/,
      ],
      [
        'a negative weight',
        withLine({ profile: [0.2, 0.1, 0.1, -0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0] }),
        'lines[0].profile[3]',
        /not be negative/,
      ],
      [
        'a weight that is not a number',
        withLine({ profile: [...Array(11).fill('0.1'), 'abc'] }),
        'lines[0].profile[11]',
        /decimal number/,
      ],
      [
        'a missing profile',
        { ...aBudget(), lines: [{ ...aLine(), profile: undefined }] },
        'lines[0].profile',
        /is required/,
      ],
      [
        'an unknown volume unit',
        withLine({ volume: { unit: 'TIMMAR' as never, annual: 10 } }),
        'lines[0].volume.unit',
        /VARDDYGN, HUSHALLSMANADER/,
      ],
      [
        'an annual volume of 0',
        withLine({ volume: { unit: 'VARDDYGN', annual: 0 } }),
        'lines[0].volume.annual',
        /greater than 0/,
      ],
      [
        'a negative annual volume',
        withLine({ volume: { unit: 'VARDDYGN', annual: -5 } }),
        'lines[0].volume.annual',
        /greater than 0/,
      ],
      [
        'a rule with an unknown stream',
        withLine({ match: [{ stream: 'cases' as never }] }),
        'lines[0].match[0].stream',
        /payments, placements, ledger/,
      ],
      [
        'a rule without a stream',
        { ...aBudget(), lines: [{ ...aLine(), match: [{ account: '76*' }] }] },
        'lines[0].match[0].stream',
        /is required/,
      ],
      [
        'a field of another stream',
        withLine({ match: [{ stream: 'payments', regi: ['EGEN'] }] }),
        'lines[0].match[0].regi',
        /not a field of the payments stream/,
      ],
      [
        'a ledger rule on category',
        withLine({ match: [{ stream: 'ledger', category: 'BOENDE' }] }),
        'lines[0].match[0].category',
        /not a field of the ledger stream/,
      ],
      [
        'a placementType outside SPEC §4',
        withLine({ match: [{ stream: 'placements', placementType: ['HVB', 'VILLA'] }] }),
        'lines[0].match[0].placementType[1]',
        /must be one of FAMILJEHEM/,
      ],
      [
        'a prefix on an enum field',
        withLine({ match: [{ stream: 'payments', category: ['FORS*'] }] }),
        'lines[0].match[0].category[0]',
        /must be one of/,
      ],
      [
        'a repaymentCategory outside SPEC §4',
        withLine({ match: [{ stream: 'payments', repaymentCategory: 'AVSKRIVNING' }] }),
        'lines[0].match[0].repaymentCategory',
        /ATERBETALNING, ATERKRAV/,
      ],
      [
        'a payer outside SPEC §4',
        withLine({ match: [{ stream: 'payments', payer: ['KOMMUNEN'] }] }),
        'lines[0].match[0].payer[0]',
        /MIGRATIONSVERKET/,
      ],
      [
        'a regi outside SPEC §4',
        withLine({ match: [{ stream: 'placements', regi: ['PRIVAT'] }] }),
        'lines[0].match[0].regi[0]',
        /EGEN, EXTERN/,
      ],
      [
        'a targetGroup outside SPEC §4',
        withLine({ match: [{ stream: 'placements', targetGroup: ['ALLA'] }] }),
        'lines[0].match[0].targetGroup[0]',
        /BARN_UNGA/,
      ],
      [
        'an empty value list',
        withLine({ match: [{ stream: 'ledger', account: [] }] }),
        'lines[0].match[0].account',
        /at least one value/,
      ],
      [
        'an empty value',
        withLine({ match: [{ stream: 'ledger', account: [''] }] }),
        'lines[0].match[0].account[0]',
        /non-empty/,
      ],
      [
        "a '*' inside a value",
        withLine({ match: [{ stream: 'ledger', account: ['7*1'] }] }),
        'lines[0].match[0].account[0]',
        /only at the end/,
      ],
      [
        'a value that is not a string',
        withLine({ match: [{ stream: 'ledger', account: [7611 as never] }] }),
        'lines[0].match[0].account[0]',
        /non-empty code/,
      ],
      [
        'an unknown field of a line',
        { ...aBudget(), lines: [{ ...aLine(), colour: 'red' }] },
        'lines[0].colour',
        /not a known field/,
      ],
      ['a missing year', { ...aBudget(), year: undefined }, 'year', /is required/],
      ['a year that is not whole', aBudget({ year: 2023.5 }), 'year', /whole number/],
      [
        'a frame without accountable',
        { ...aBudget(), frames: [{ code: 'KB', name: 'Kb' }] },
        'frames[0].accountable',
        /is required/,
      ],
      ['no lines', aBudget({ lines: [] }), 'lines', /at least 1 item/],
      ['an adoptedOn that is no date', aBudget({ adoptedOn: '2023-02-30' }), 'adoptedOn', /YYYY-MM-DD/],
      [
        'an adoptedOn after the year',
        aBudget({ adoptedOn: '2024-01-01' }),
        'adoptedOn',
        /not be after the budget year/,
      ],
      ['a body that is not an object', [aBudget()], '(body)', /must be an object/],
    ];
    it.each(cases)('%s', (_name, budget, field, message) => {
      expect(errorsOf(budget)).toContainEqual({ field, message: expect.stringMatching(message) });
    });
  });

  it('lists every problem at once, shape and references together', () => {
    const budget = aBudget({
      lines: [aLine({ frame: 'XX' }), aLine({ code: 'L2', annualBudget: '1,5' }), aLine({ code: 'L2' })],
    });
    expect(errorsOf(budget).map((e) => e.field)).toEqual(
      expect.arrayContaining(['lines[1].annualBudget', 'lines[0].frame', 'lines[2].code']),
    );
  });

  it('accepts what the SPEC allows: weights as strings within 1e-9, prefix on ledger fields and reimbursementCategory', () => {
    const budget = withLine({
      profile: [...Array(11).fill('0.0833333333'), '0.083333334'],
      volume: { unit: 'HUSHALLSMANADER', annual: 1736 },
      match: [
        { stream: 'ledger', account: ['76*', '*'], responsibility: 'IFO*', activity: ['701'] },
        { stream: 'payments', payer: 'MIGRATIONSVERKET', reimbursementCategory: ['ENSAMK*'] },
        { stream: 'placements' },
      ],
    });
    const result = decide(adopt(budget), initialState(), clockAt());
    expect(isBudgetError(result) ? result.errors : []).toEqual([]);
  });

  it('holds weights to |Σw − 1| ≤ 1e-9 exactly, at the boundary', () => {
    const sumsTo = (last: string) => withLine({ profile: [...Array(11).fill('0.08'), last] });
    expect(isBudgetError(decide(adopt(sumsTo('0.120000001')), initialState(), clockAt()))).toBe(false);
    expect(isBudgetError(decide(adopt(sumsTo('0.119999999')), initialState(), clockAt()))).toBe(false);
    expect(errorsOf(sumsTo('0.1200000011'))).toEqual([
      { field: 'lines[0].profile', message: expect.stringMatching(/sum to 1/) },
    ]);
  });

  it('accepts a revenue line (negative annualBudget) and a line without rules', () => {
    const budget = aBudget({
      lines: [
        aLine({
          code: 'STATSBIDRAG',
          annualBudget: '-6200000.00',
          match: [{ stream: 'ledger', account: '30*' }],
        }),
        aLine({ code: 'RESERV', match: undefined }),
      ],
    });
    expect(isBudgetError(decide(adopt(budget), initialState(), clockAt()))).toBe(false);
  });
});
