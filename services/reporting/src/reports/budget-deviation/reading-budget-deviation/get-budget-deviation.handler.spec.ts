// The report's shell with in-memory fakes of its ports: what it asks the forecast service for,
// and what it makes of missing parts of it.
import { BadGatewayException, NotFoundException } from '@nestjs/common';
import { aBudget, aFrame, aLine, clockAt } from '../../../budgets/budget.builders';
import { InMemoryBudgetEventStore } from '../../../budgets/event-store/in-memory-budget-event-store';
import type { ForecastQueries, ReportPeriod } from '../../../forecast-client/forecast-queries';
import type { ForecastsAnswer, Snapshot, SnapshotSummary } from '../../../forecast-client/forecast-responses';
import { InMemoryForecastAdjustmentStore } from '../../../forecast-adjustments/in-memory-forecast-adjustment-store';
import type { ActualsResponse, HouseholdsByLine } from '../inputs';
import { InMemoryPublishedVolumeStore } from '../../suppression/published-volume-store';
import { VolumePublisher } from '../../suppression/volume-publisher';
import { GetBudgetDeviationHandler } from './get-budget-deviation.handler';
import { GetBudgetDeviationQuery, type BudgetDeviationRequest } from './get-budget-deviation.query';

const HVB = 'placements|placementType=HVB|regi=EGEN|targetGroup=VUXEN';

class FakeForecast implements ForecastQueries {
  calls: string[] = [];
  historyYears = new Set<number>();
  forecast: ForecastsAnswer | null = null;
  snapshotList: SnapshotSummary[] | null = null;
  snapshotDetail: Snapshot | null = null;

  async actuals(p: ReportPeriod, authorization: string | undefined): Promise<ActualsResponse> {
    this.calls.push(`actuals ${p.year} ${p.asOf} ${p.knownAt} ${authorization}`);
    if (p.year === 2023) {
      return {
        ...p,
        keys: [
          {
            key: HVB,
            months: [
              { month: '2023-01', amount: '310000', careDays: 31 },
              { month: '2023-02', amount: '20000', careDays: 2 },
            ].filter((m) => m.month <= p.asOf.slice(0, 7)),
          },
        ],
      };
    }
    return {
      ...p,
      keys: this.historyYears.has(p.year)
        ? [{ key: HVB, months: [{ month: `${p.year}-03`, amount: '100', careDays: 1 }] }]
        : [],
    };
  }
  async households(
    p: ReportPeriod,
    groups: Readonly<Record<string, readonly string[]>>,
  ): Promise<HouseholdsByLine> {
    this.calls.push(`households ${Object.keys(groups).join(',')}`);
    return {};
  }
  async forecasts(p: ReportPeriod): Promise<ForecastsAnswer | null> {
    this.calls.push(`forecasts ${p.knownAt}`);
    return this.forecast;
  }
  async snapshots(): Promise<readonly SnapshotSummary[] | null> {
    return this.snapshotList;
  }
  async snapshot(id: string): Promise<Snapshot | null> {
    this.calls.push(`snapshot ${id}`);
    return this.snapshotDetail;
  }
  async status(): Promise<unknown> {
    return {};
  }
}

describe('GetBudgetDeviationHandler', () => {
  let budgets: InMemoryBudgetEventStore;
  let forecast: FakeForecast;
  let handler: GetBudgetDeviationHandler;
  let published: InMemoryPublishedVolumeStore;
  /** The handler as it runs at `now`, on the same stores. */
  const handlerAt = (now: string) => {
    const clock = clockAt(now);
    handler = new GetBudgetDeviationHandler(
      budgets,
      new InMemoryForecastAdjustmentStore(),
      forecast,
      clock,
      new VolumePublisher(published, forecast, clock),
    );
  };
  const ask = (over: Partial<BudgetDeviationRequest> = {}) =>
    handler.execute(
      new GetBudgetDeviationQuery({
        year: 2023,
        asOf: '2023-02-28',
        knownAt: null,
        groupings: ['line'],
        authorization: 'Bearer t',
        seesSmallCounts: true,
        ...over,
      }),
    );

  beforeEach(async () => {
    budgets = new InMemoryBudgetEventStore();
    forecast = new FakeForecast();
    published = new InMemoryPublishedVolumeStore();
    handlerAt('2023-03-01T06:00:00.000Z');
    const budget = aBudget({
      frames: [aFrame()],
      lines: [
        aLine({
          code: 'HVB',
          profile: 'HISTORICAL',
          volume: { unit: 'VARDDYGN', annual: 365 },
          match: [{ stream: 'placements', placementType: 'HVB' }],
        }),
      ],
    });
    await budgets.append(2023, 0, [
      { type: 'BudgetAdopted', data: { year: 2023, budget, recordedAt: 'x', recordedBy: 'y' } },
    ]);
  });

  it('asks at one knownAt (the clock’s when none is given), with the caller’s token, and echoes it', async () => {
    const [view] = await ask();
    expect(view.knownAt).toBe('2023-03-01T06:00:00.000Z');
    expect(forecast.calls).toContain('actuals 2023 2023-02-28 2023-03-01T06:00:00.000Z Bearer t');
    expect(forecast.calls).toContain('forecasts 2023-03-01T06:00:00.000Z');
    expect(forecast.calls.some((c) => c.startsWith('households'))).toBe(false); // no household lines
  });

  it('without a forecast engine, every forecast figure is null and the rest is there', async () => {
    const [view] = await ask();
    expect(view.rows[0]).toMatchObject({
      actualYtd: 330000,
      forecastFullYear: null,
      forecastDeviation: null,
      method: null,
      previousForecastDeviation: null,
    });
    expect(view.rows[0].volume).toEqual({
      unit: 'VARDDYGN',
      budget: 365,
      actualYtd: 33,
      forecastFullYear: null,
    });
  });

  it('reads history for a HISTORICAL line year by year until a year without data, ten at most', async () => {
    forecast.historyYears = new Set([2022, 2021, 2019]);
    await ask();
    expect(
      forecast.calls
        .filter((c) => c.startsWith('actuals') && !c.includes(' 2023-02-28 '))
        .map((c) => c.split(' ')[1]),
    ).toEqual(['2022', '2021', '2020']);
    forecast.calls = [];
    forecast.historyYears = new Set(Array.from({ length: 30 }, (_, i) => 2022 - i));
    const [view] = await ask();
    expect(forecast.calls.filter((c) => c.startsWith('actuals') && !c.includes(' 2023-02-28 '))).toHaveLength(
      10,
    );
    // All history is in March: the profile puts the whole year there, so nothing is budgeted through February.
    expect(view.rows[0].budgetYtd).toBe(0);
  });

  it('shows a caller who may not see small counts only the published months, at their own knowledge time', async () => {
    expect((await ask({ seesSmallCounts: true }))[0].rows[0].volume?.actualYtd).toBe(33);
    forecast.calls = [];
    const [view] = await ask({ seesSmallCounts: false });
    // On 1 March only January is published (on 10 February): its 31 days, not February's 2.
    expect(view.rows[0].volume).toMatchObject({ actualYtd: 31 });
    expect(view.volumesPublished).toEqual({ through: '2023-01-31', knownAt: '2023-02-10T00:00:00.000Z' });
    expect(forecast.calls).toContain('actuals 2023 2023-01-31 2023-02-10T00:00:00.000Z Bearer t');
    // Once February is published, its 2 days withhold the line's volumes for good.
    const [later] = await ask({ seesSmallCounts: false, knownAt: '2023-03-20T00:00:00.000Z' });
    expect(later.rows[0].volume).toMatchObject({ actualYtd: 31 }); // now is still 1 March: February is not out yet
    handlerAt('2023-03-10T00:00:00.000Z');
    const [afterFebruary] = await ask({ seesSmallCounts: false });
    expect(afterFebruary.rows[0].volume).toMatchObject({ actualYtd: null, suppressed: true });
    expect(published.publications).toBe(2);
  });

  it('compares with the previous snapshot and refuses a forecast for another asOf (502)', async () => {
    forecast.snapshotList = [{ id: 'jan', asOf: '2023-01-31', year: 2023 }];
    forecast.snapshotDetail = {
      id: 'jan',
      asOf: '2023-01-31',
      keys: [{ key: HVB, forecastFullYear: '400000', low: '0', high: '0', method: 'm', volume: null }],
    };
    const [view] = await ask();
    expect(view.rows[0].previousForecastDeviation).toBe(120000 - 400000);
    forecast.forecast = { year: 2023, asOf: '2023-01-31', keys: [] };
    await expect(ask()).rejects.toBeInstanceOf(BadGatewayException);
  });

  it('is 404 without a budget for the year', async () => {
    await expect(ask({ year: 2024, asOf: '2024-02-28' })).rejects.toBeInstanceOf(NotFoundException);
  });
});
