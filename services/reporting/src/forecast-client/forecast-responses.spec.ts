import {
  actualsResponseSchema,
  forecastsResponseSchema,
  snapshotListSchema,
  snapshotSchema,
} from './forecast-responses';

const key = { key: 'ledger|account=1', forecastFullYear: '100', low: '90', high: '110', method: 'run-rate' };

describe('forecast answers', () => {
  it('takes the key volume as the engine’s object, a bare number, null or absent, and ignores fields it does not know', () => {
    const parsed = forecastsResponseSchema.parse({
      year: 2023,
      asOf: '2023-08-31',
      knownAt: 'x',
      generation: 3,
      keys: [
        {
          ...key,
          volume: { unit: 'VARDDYGN', actualYtd: 10, forecastFullYear: 15 },
          unitCost: '100',
          extra: true,
        },
        { ...key, volume: 12 },
        { ...key, volume: null, unitCost: null },
        { ...key },
      ],
    });
    expect(parsed.keys.map((k) => k.volume)).toEqual([
      { unit: 'VARDDYGN', actualYtd: 10, forecastFullYear: 15 },
      12,
      null,
      null,
    ]);
    expect('generation' in parsed).toBe(false);
  });

  it('refuses money that is not öre as a decimal integer string', () => {
    for (const amount of [100, '1.5', '1e3', '', '01']) {
      expect(
        forecastsResponseSchema.safeParse({
          year: 2023,
          asOf: '2023-08-31',
          keys: [{ ...key, forecastFullYear: amount }],
        }).success,
      ).toBe(false);
    }
    expect(
      actualsResponseSchema.safeParse({
        year: 2023,
        asOf: '2023-08-31',
        knownAt: 'x',
        keys: [{ key: 'k', months: [{ month: '2023-1', amount: '1' }] }],
      }).success,
    ).toBe(false);
  });

  it('reads a snapshot list bare or wrapped, ids as strings', () => {
    const list = [{ id: 7, asOf: '2023-07-31' }];
    expect(snapshotListSchema.parse(list)).toEqual([{ id: '7', asOf: '2023-07-31' }]);
    expect(snapshotListSchema.parse({ snapshots: list })).toEqual([{ id: '7', asOf: '2023-07-31' }]);
    expect(snapshotSchema.parse({ id: 'a', asOf: '2023-07-31', keys: [key] }).keys[0].volume).toBeNull();
  });
});
