import { validateEvents } from '@ramprognos/contracts';
import type { Forecast, KeyForecast } from '../forecasting/engine/forecast';
import { toForecastResponse } from '../forecasting/querying-forecast/forecast-response';
import { FORECAST_SOURCE, changeSince, newSnapshot } from './snapshot';

function key(k: string, forecast: bigint, volume: KeyForecast['volume'] = null): KeyForecast {
  return {
    key: k,
    actualYtd: 100n,
    forecastFullYear: forecast,
    low: forecast - 10n,
    high: forecast + 10n,
    method: 'placements.commitments+inflow',
    volume,
    unitCost: volume === null ? null : 5n,
    baseline: { runRate: 150n },
    band: { basis: 'default', backTestErrors: [] },
    lateEvents: null,
    explanation: { kind: 'run-rate' },
  };
}

function forecast(keys: KeyForecast[]): Forecast {
  const sum = keys.reduce((s, k) => s + k.forecastFullYear, 0n);
  const totals = { actualYtd: 0n, forecastFullYear: sum, low: sum, high: sum, runRate: 0n };
  return { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-07T06:00:00.000Z', historyYears: [2022], keys, total: totals, byStream: { payments: totals, placements: totals, ledger: totals } };
}

describe('snapshot', () => {
  const f = forecast([key('placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN', 200n, { unit: 'VARDDYGN', actualYtd: 20, forecastFullYear: 40 }), key('ledger|account=5111', 300n)]);

  it('makes the forecast.published event of the contract, keyed by the year', () => {
    const s = newSnapshot({ forecast: f, snapshotId: 'S1', occasion: 'on-demand', createdAt: new Date('2023-09-07T07:00:00Z'), createdBy: 'anna', generation: 1 });
    expect(s.event).toMatchObject({ id: 'S1', source: FORECAST_SOURCE, type: 'se.socialtjanst.forecast.published.v1', subject: 'forecast-2023', time: '2023-09-07T07:00:00.000Z' });
    expect(s.event.data.keys[0]).toEqual({
      key: 'placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN',
      actualYtd: '100',
      forecastFullYear: '200',
      low: '190',
      high: '210',
      method: 'placements.commitments+inflow',
      volume: 40,
      unitCost: '5',
    });
    expect(validateEvents([s.event], { form: 'published' }).ok).toBe(true);
    expect(s.body).toBe(JSON.stringify(toForecastResponse(f)));
    expect(s.totalForecast).toBe(500n);
  });

  it('refuses to make a snapshot whose event would break the contract', () => {
    const broken = forecast([{ ...key('ledger|account=1', 300n), low: 301n }]);
    expect(() => newSnapshot({ forecast: broken, snapshotId: 'S2', occasion: 'month-end', createdAt: new Date(0), createdBy: 'x', generation: 1 })).toThrow(
      /does not meet its contract/,
    );
  });

  it('shows the change since a previous snapshot per key and in total', () => {
    const before = toForecastResponse(forecast([key('ledger|account=5111', 250n), key('ledger|account=6411', 70n)]));
    const now = toForecastResponse(f);
    expect(changeSince(now, before)).toEqual({
      total: '180',
      keys: [
        { key: 'ledger|account=5111', forecastFullYear: '300', previous: '250', change: '50' },
        { key: 'ledger|account=6411', forecastFullYear: '0', previous: '70', change: '-70' },
        { key: 'placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN', forecastFullYear: '200', previous: '0', change: '200' },
      ],
    });
  });
});
