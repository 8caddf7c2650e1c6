import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { aBudget, aLine, adoptedBudget, clockAt } from '../budgets/budget.builders';
import { initialState } from '../budgets';
import { InMemoryBudgetEventStore } from '../budgets/event-store/in-memory-budget-event-store';
import { RecordForecastAdjustmentCommand } from './adjusting-forecast/record-forecast-adjustment.command';
import { RecordForecastAdjustmentHandler } from './adjusting-forecast/record-forecast-adjustment.handler';
import {
  adjustmentAmounts,
  adjustmentsInForce,
  checkAgainstBudget,
  validateForecastAdjustmentShape,
  type ForecastAdjustment,
} from './forecast-adjustment';
import { InMemoryForecastAdjustmentStore } from './in-memory-forecast-adjustment-store';

const request = {
  year: 2023,
  line: 'L1',
  decidedOn: '2023-09-01',
  amount: '1000.00',
  comment: 'Två nya placeringar',
};
const recorded = (id: string, over: Partial<ForecastAdjustment>): ForecastAdjustment => ({
  ...request,
  id,
  recordedAt: '2023-09-02T08:00:00.000Z',
  recordedBy: 'karin',
  ...over,
});

describe('forecast adjustments: which one counts', () => {
  const list = [
    recorded('1', { decidedOn: '2023-06-01', amount: '100.00' }),
    recorded('2', { decidedOn: '2023-08-15', amount: '500.00' }),
    recorded('3', { decidedOn: '2023-07-01', amount: '300.00' }), // recorded later, decided earlier
    recorded('4', { decidedOn: '2023-08-15', amount: '600.00' }), // same day as 2, recorded later: wins
    recorded('5', { decidedOn: '2023-09-10', amount: '-50.00' }),
    recorded('6', { line: 'L2', decidedOn: '2023-02-01', amount: '7.00' }),
  ];

  it('per line, the latest decidedOn ≤ asOf wins (a judgement replaces, it does not add up); a tie goes to the later recorded', () => {
    expect(adjustmentAmounts(adjustmentsInForce(list, '2023-05-31'))).toEqual({ L2: 700n });
    expect(adjustmentAmounts(adjustmentsInForce(list, '2023-07-31'))).toEqual({ L1: 30000n, L2: 700n });
    expect(adjustmentAmounts(adjustmentsInForce(list, '2023-08-31'))).toEqual({ L1: 60000n, L2: 700n });
    expect(adjustmentAmounts(adjustmentsInForce(list, '2023-09-10'))).toEqual({ L1: -5000n, L2: 700n });
    expect(adjustmentsInForce(list, '2023-08-15').get('L1')?.id).toBe('4');
  });
});

describe('forecast adjustments: validation', () => {
  const budget = adoptedBudget(aBudget({ lines: [aLine({ code: 'L1' }), aLine({ code: 'L2' })] }));

  it('accepts a signed SEK amount with a comment', () => {
    expect(validateForecastAdjustmentShape({ ...request, amount: '-1250.50' })).toEqual({
      ok: true,
      value: { ...request, amount: '-1250.50' },
    });
    expect(checkAgainstBudget(request, budget)).toEqual({ ok: true, value: request });
  });

  it.each([
    [{ ...request, amount: 1000 }, 'amount'],
    [{ ...request, amount: '1.005' }, 'amount'],
    [{ ...request, amount: '1e3' }, 'amount'],
    [{ ...request, decidedOn: '2023-13-01' }, 'decidedOn'],
    [{ ...request, comment: '' }, 'comment'],
    [{ ...request, comment: 'a\u0000b' }, 'comment'],
    [{ ...request, year: 23 }, 'year'],
    [{ ...request, line: undefined }, 'line'],
    [{ ...request, who: 'me' }, 'who'],
    [[], '(body)'],
  ])('refuses %j naming %s', (body, field) => {
    const checked = validateForecastAdjustmentShape(body);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.errors.map((e) => e.field)).toEqual([field]);
  });

  it('needs the year’s budget, one of its lines and a date in its year', () => {
    expect(checkAgainstBudget(request, initialState())).toMatchObject({ ok: false, reason: 'not-found' });
    expect(checkAgainstBudget({ ...request, year: 2024, decidedOn: '2024-01-01' }, budget)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(checkAgainstBudget({ ...request, line: 'L9', decidedOn: '2022-12-31' }, budget)).toEqual({
      ok: false,
      reason: 'invalid',
      errors: [
        { field: 'line', message: 'is not a line of the 2023 budget' },
        { field: 'decidedOn', message: 'must be a date in 2023' },
      ],
    });
  });
});

describe('RecordForecastAdjustmentHandler', () => {
  it('stores the judgement with who and when; refuses without a budget (404) or with an unknown line (422)', async () => {
    const budgets = new InMemoryBudgetEventStore();
    const adjustments = new InMemoryForecastAdjustmentStore();
    const handler = new RecordForecastAdjustmentHandler(
      budgets,
      adjustments,
      clockAt('2023-09-02T08:00:00.000Z'),
    );
    const record = (body: unknown) => handler.execute(new RecordForecastAdjustmentCommand(body, 'karin'));
    await expect(record(request)).rejects.toBeInstanceOf(NotFoundException);
    const adopted = adoptedBudget(aBudget({ lines: [aLine({ code: 'L1' })] }));
    if (adopted.status !== 'adopted') throw new Error('not adopted');
    await budgets.append(2023, 0, [
      {
        type: 'BudgetAdopted',
        data: { year: 2023, budget: adopted.budget, recordedAt: 'x', recordedBy: 'y' },
      },
    ]);
    await expect(record({ ...request, line: 'L2' })).rejects.toBeInstanceOf(UnprocessableEntityException);
    expect(await record(request)).toEqual({
      id: '1',
      ...request,
      recordedAt: '2023-09-02T08:00:00.000Z',
      recordedBy: 'karin',
    });
    expect(await adjustments.list(2023)).toHaveLength(1);
  });
});
