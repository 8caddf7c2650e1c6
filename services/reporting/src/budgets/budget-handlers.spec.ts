// The budget use cases through their CQRS handlers, with the in-memory store: Given events /
// When command / Then events and replies.
import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { AdjustBudgetCommand } from './adjusting-budget/adjust-budget.command';
import { AdjustBudgetHandler } from './adjusting-budget/adjust-budget.handler';
import { AdoptBudgetCommand } from './adopting-budget/adopt-budget.command';
import { AdoptBudgetHandler } from './adopting-budget/adopt-budget.handler';
import { aBudget, aLine, anAdjustment, clockAt } from './budget.builders';
import { InMemoryBudgetEventStore } from './event-store/in-memory-budget-event-store';
import { GetBudgetHandler } from './reading-budget/get-budget.handler';
import { GetBudgetQuery } from './reading-budget/get-budget.query';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('budget handlers', () => {
  let store: InMemoryBudgetEventStore;
  const clock = clockAt('2023-01-02T08:00:00.000Z');
  const adopt = (budget: unknown, by = 'karin') =>
    new AdoptBudgetHandler(store, clock).execute(new AdoptBudgetCommand(budget, by));
  const adjust = (adjustment: unknown, by = 'karin', year = 2023) =>
    new AdjustBudgetHandler(store, clock).execute(new AdjustBudgetCommand(year, adjustment, by));
  const read = (year = 2023) => new GetBudgetHandler(store).execute(new GetBudgetQuery(year));

  beforeEach(() => {
    store = new InMemoryBudgetEventStore();
  });

  it('adopting appends BudgetAdopted with who and when; reading gives the view', async () => {
    const { events } = await adopt(aBudget(), 'karin');
    expect(events).toEqual([
      {
        type: 'BudgetAdopted',
        data: { year: 2023, budget: aBudget(), recordedAt: '2023-01-02T08:00:00.000Z', recordedBy: 'karin' },
      },
    ]);
    expect((await store.load(2023)).version).toBe(1);
    expect((await read())?.history).toEqual([
      { seq: 1, type: 'BudgetAdopted', recordedAt: '2023-01-02T08:00:00.000Z', recordedBy: 'karin' },
    ]);
    expect(await read(2024)).toBeNull();
  });

  it('an invalid body is 422 with the fields, and nothing is stored', async () => {
    const error = await rejection(adopt({ ...aBudget(), lines: [aLine({ frame: 'NOPE' })] }));
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as UnprocessableEntityException).getResponse()).toEqual({
      errors: [{ field: 'lines[0].frame', message: 'is not the code of a frame of this budget' }],
    });
    expect((await store.load(2023)).version).toBe(0);
    expect(await rejection(adopt({ lines: [] }))).toBeInstanceOf(UnprocessableEntityException);
  });

  it('a second adoption is 409; an adjustment without a budget is 404', async () => {
    await adopt(aBudget());
    expect(await rejection(adopt(aBudget()))).toBeInstanceOf(ConflictException);
    expect(await rejection(adjust(anAdjustment({ decidedOn: '2030-01-01' }), 'karin', 2030))).toBeInstanceOf(
      NotFoundException,
    );
  });

  it('adjusting appends BudgetAdjusted; the same adjustment again appends nothing', async () => {
    await adopt(aBudget());
    expect((await adjust(anAdjustment(), 'olle')).events).toHaveLength(1);
    expect((await adjust(anAdjustment(), 'olle')).events).toEqual([]);
    const view = await read();
    expect(view?.lines[0]).toMatchObject({ annualBudget: '1300.00', adoptedAnnualBudget: '1200.00' });
    expect(view?.history.map((h) => [h.seq, h.recordedBy])).toEqual([
      [1, 'karin'],
      [2, 'olle'],
    ]);
  });

  it('decides again on the winner’s state when another writer appended in between', async () => {
    await adopt(aBudget());
    let competed = false;
    store.beforeAppend = async () => {
      if (competed) return;
      competed = true;
      store.beforeAppend = undefined;
      await adjust(anAdjustment({ adjustmentId: 'OTHER' }), 'other');
    };
    const { state } = await adjust(anAdjustment({ adjustmentId: 'MINE' }), 'me');
    expect(state.status === 'adopted' && state.adjustments.map((a) => a.adjustmentId)).toEqual([
      'OTHER',
      'MINE',
    ]);
    expect((await store.load(2023)).version).toBe(3);
  });

  it('a retried adjustment that lost the race to its own twin is "already done"', async () => {
    await adopt(aBudget());
    store.beforeAppend = async () => {
      store.beforeAppend = undefined;
      await adjust(anAdjustment(), 'twin');
    };
    expect((await adjust(anAdjustment(), 'me')).events).toEqual([]);
    expect((await store.load(2023)).version).toBe(2);
  });

  it('gives up with 409 when it keeps losing', async () => {
    await adopt(aBudget());
    let n = 0;
    store.beforeAppend = async () => {
      const inner = store.beforeAppend;
      store.beforeAppend = undefined;
      await adjust(anAdjustment({ adjustmentId: `RIVAL-${n++}` }), 'rival');
      store.beforeAppend = inner;
    };
    expect(await rejection(adjust(anAdjustment({ adjustmentId: 'MINE' }), 'me'))).toBeInstanceOf(
      ConflictException,
    );
    expect(n).toBe(10);
  });
});
