import { ENGINE_PARAMETERS } from '../engine/parameters';
import { bandHalfWidth, type BandParameters } from './band';

const P: BandParameters = { ...ENGINE_PARAMETERS.band, errorMultiplier: 1.5, floorShareOfRemaining: 0.03 };

describe('low/high band', () => {
  it('scales the largest back-test error of the method to this forecast', () => {
    expect(bandHalfWidth({ forecastOre: 1_000_000, remainingOre: 400_000, errors: [0.02, -0.04], family: 'payments', parameters: P })).toBeCloseTo(60_000, 6);
  });

  it('is never narrower than a floor share of what is still to come', () => {
    expect(bandHalfWidth({ forecastOre: 1_000_000, remainingOre: 400_000, errors: [0.001], family: 'payments', parameters: P })).toBeCloseTo(12_000, 6);
  });

  it('widens by the late events it expects', () => {
    expect(bandHalfWidth({ forecastOre: 1_000_000, remainingOre: 400_000, lateOre: -5_000, errors: [0.02, -0.04], family: 'payments', parameters: P })).toBeCloseTo(65_000, 6);
  });

  it('takes a default share of the rest of the year without an earlier year to test on', () => {
    expect(bandHalfWidth({ forecastOre: -1_000_000, remainingOre: -400_000, errors: [], family: 'placements', parameters: P })).toBeCloseTo(
      P.defaultShareOfRemaining.placements * 400_000,
      6,
    );
    expect(bandHalfWidth({ forecastOre: 500, remainingOre: 0, errors: [], family: 'ledger', parameters: P })).toBe(0);
  });
});
