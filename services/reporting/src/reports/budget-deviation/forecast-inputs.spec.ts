import { UNCLASSIFIED_LINE } from '../../budgets';
import {
  householdForecastVolumes,
  keyForecastsOf,
  previousForecastOf,
  previousSnapshotOf,
  type ForecastKeyInput,
} from './forecast-inputs';

const key = (
  k: string,
  forecastFullYear: string,
  volume: ForecastKeyInput['volume'] = null,
): ForecastKeyInput => ({
  key: k,
  forecastFullYear,
  low: forecastFullYear,
  high: forecastFullYear,
  method: 'run-rate',
  volume,
});

const lines = [
  {
    code: 'EKB',
    match: [{ stream: 'payments' as const, category: ['FORSORJNINGSSTOD', 'BOENDE'] }],
    volume: { unit: 'HUSHALLSMANADER' as const, annual: 1200 },
  },
  {
    code: 'HVB',
    match: [{ stream: 'placements' as const, placementType: 'HVB' }],
    volume: { unit: 'VARDDYGN' as const, annual: 365 },
  },
  {
    code: 'EL',
    match: [{ stream: 'payments' as const, category: 'HUSHALLSEL' }],
    volume: { unit: 'HUSHALLSMANADER' as const, annual: 10 },
  },
  { code: 'RESERV', match: [] },
];

describe('keyForecastsOf', () => {
  it('takes the full-year volume from the engine’s volume object, a bare number, or none', () => {
    const keys = keyForecastsOf([
      key('placements|placementType=HVB|regi=EGEN|targetGroup=VUXEN', '10', {
        unit: 'VARDDYGN',
        actualYtd: 100,
        forecastFullYear: 150.5,
      }),
      key('placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN', '10', 42),
      key('ledger|account=1', '10'),
    ]);
    expect(keys.map((k) => k.volume)).toEqual([150.5, 42, null]);
  });
});

describe('householdForecastVolumes', () => {
  const hh = (actualYtd: number | null, forecastFullYear: number | null) => ({
    unit: 'HUSHALLSMANADER',
    actualYtd,
    forecastFullYear,
  });

  it("grows the line's own household-months by its keys' forecast growth, rounded half away from zero", () => {
    // Σ key actual 300 + 100 = 400, Σ key forecast 450 + 150 = 600: growth 1.5; 101 × 1.5 = 151.5 → 152.
    const volumes = householdForecastVolumes(
      lines,
      [
        key('payments|category=FORSORJNINGSSTOD', '1', hh(300, 450)),
        key('payments|category=BOENDE', '1', hh(100, 150)),
      ],
      new Map([['EKB', 101]]),
    );
    expect(volumes).toEqual({ EKB: 152 });
  });

  it('gives none when a key lacks a volume, and the key forecast itself only for a single-key line with nothing so far', () => {
    expect(
      householdForecastVolumes(
        lines,
        [key('payments|category=BOENDE', '1', hh(null, 10))],
        new Map([['EKB', 5]]),
      ),
    ).toEqual({});
    expect(
      householdForecastVolumes(lines, [key('payments|category=BOENDE', '1', 10)], new Map([['EKB', 5]])),
    ).toEqual({});
    expect(
      householdForecastVolumes(lines, [key('payments|category=HUSHALLSEL', '1', hh(0, 12))], new Map()),
    ).toEqual({ EL: 12 });
    expect(
      householdForecastVolumes(
        lines,
        [
          key('payments|category=BOENDE', '1', hh(0, 12)),
          key('payments|category=FORSORJNINGSSTOD', '1', hh(0, 12)),
        ],
        new Map(),
      ),
    ).toEqual({});
  });

  it('ignores repayment keys on a household line (they never count households)', () => {
    const withRepayment = [
      {
        ...lines[0],
        match: [...lines[0].match, { stream: 'payments' as const, repaymentCategory: 'ATERKRAV' }],
      },
    ];
    expect(
      householdForecastVolumes(
        withRepayment,
        [
          key('payments|category=BOENDE', '1', hh(10, 20)),
          key('payments|repaymentCategory=ATERKRAV', '-1', null),
        ],
        new Map([['EKB', 7]]),
      ),
    ).toEqual({ EKB: 14 });
  });
});

describe('previousSnapshotOf', () => {
  const snaps = [
    { id: 'jun', asOf: '2023-06-30', knownAt: '2023-07-01T00:00:00Z' },
    { id: 'jul', asOf: '2023-07-31', knownAt: '2023-08-01T00:00:00Z' },
    { id: 'jul-again', asOf: '2023-07-31', knownAt: '2023-08-02T00:00:00Z' },
    { id: 'aug', asOf: '2023-08-31', knownAt: '2023-09-01T00:00:00Z' },
  ];

  it('is the latest with asOf before the report’s, known at its knownAt', () => {
    expect(previousSnapshotOf(snaps, '2023-08-31', '2023-09-30T00:00:00Z')?.id).toBe('jul-again');
    expect(previousSnapshotOf(snaps, '2023-08-31', '2023-08-01T12:00:00Z')?.id).toBe('jul');
    expect(previousSnapshotOf(snaps, '2023-09-30', '2023-10-01T00:00:00Z')?.id).toBe('aug');
    expect(previousSnapshotOf(snaps, '2023-06-30', '2023-10-01T00:00:00Z')).toBeNull();
    expect(
      previousSnapshotOf([{ id: 'x', asOf: '2023-01-31' }], '2023-02-28', '2023-03-01T00:00:00Z')?.id,
    ).toBe('x');
  });
});

describe('previousForecastOf', () => {
  it('sums the snapshot’s keys per line with today’s rules, adds the adjustments of then, and has every line', () => {
    const previous = previousForecastOf(
      lines,
      [
        key('payments|category=BOENDE', '100'),
        key('payments|category=FORSORJNINGSSTOD', '50'),
        key('ledger|account=9', '7'),
      ],
      { EKB: 5n, RESERV: -1n },
    );
    expect(previous).toEqual({ EKB: 155n, HVB: 0n, EL: 0n, RESERV: -1n, [UNCLASSIFIED_LINE]: 7n });
  });
});
