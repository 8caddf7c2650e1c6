import { monthIndex, monthOfMonth, yearOfMonth, type MonthIndex } from '../core/dates';
import { oreFromSek, wholeKronor, type Ore } from '../core/money';
import { Rng } from '../core/rng';
import type { ComponentCategory } from '../events';

/*
 * Ekonomiskt bistånd at Malmö scale, after the Delårsrapport 2023: close to 8 100 households a
 * month in 2021, knappt 7 400 in 2022, drygt 6 700 in 2023 (−9 % a year), cost per household
 * up by a few per cent a year (norm, rents, electricity), an autumn dip and a December peak.
 */

export const HOUSEHOLDS_2021 = 8_100;
export const HOUSEHOLD_YEARLY_FACTOR = 0.91;

/** Rates per household and month (or per payment) of the events around the regular payment. */
export const ATERKRAV_PER_HOUSEHOLD_MONTH = 0.004;
export const POLISANMALAN_SHARE = 0.12;
export const ATERBETALNING_PER_HOUSEHOLD_MONTH = 0.003;
export const SUPPLEMENTARY_PER_HOUSEHOLD_MONTH = 0.05;
export const REVERSAL_SHARE = 0.005;
export const REJECTED_APPLICANT_SHARE = 0.12;
export const REENTRY_SHARE = 0.15;

/** Households receiving bistånd per benefit month, relative to the trend (mean 1). */
export const HOUSEHOLD_SEASON: readonly number[] = [
  1.0, 1.0, 1.01, 1.0, 0.99, 1.0, 1.02, 1.02, 0.97, 0.96, 0.97, 1.06,
];

/** Expected households with bistånd for benefit month `mi` (before noise), at `scale`. */
export function householdsTarget(mi: MonthIndex, scale = 1): number {
  const years = yearOfMonth(mi) - 2021 + (monthOfMonth(mi) - 6.5) / 12;
  return HOUSEHOLDS_2021 * HOUSEHOLD_YEARLY_FACTOR ** years * HOUSEHOLD_SEASON[monthOfMonth(mi) - 1] * scale;
}

/** The twelve monthly targets of a year. */
export function householdsPerMonth(year: number, scale = 1): number[] {
  return Array.from({ length: 12 }, (_, i) => householdsTarget(monthIndex(year, i + 1), scale));
}

/**
 * Share of a benefit month's payments paid in the last bank days of the month before; the
 * January payment goes out before Christmas more often, which makes December the peak month
 * of paid bistånd.
 */
export function latePaymentShare(benefitMonth: MonthIndex): number {
  return monthOfMonth(benefitMonth) === 1 ? 0.25 : 0.12;
}

/** Monthly probability that a household leaves bistånd, by months with bistånd so far. */
export function exitHazard(tenureMonths: number): number {
  if (tenureMonths <= 3) return 0.1;
  if (tenureMonths <= 12) return 0.06;
  return 0.035;
}

// ---------------------------------------------------------------- the household and its costs

export interface HouseholdProfile {
  readonly adults: number;
  readonly children: number;
  /** Norm for försörjningsstöd at 2021 level, SEK. */
  readonly norm: number;
  /** The part of the norm not covered by the household's own income. */
  readonly normShare: number;
  /** Rent at 2021 level, SEK; 0 without a housing cost of its own. */
  readonly rent: number;
  readonly rentShare: number;
  /** Part of the rent above what is reasonable (skälig boendekostnad), as a share of it. */
  readonly aboveNormShare: number;
  /** Electricity at 2021 level, SEK/month; 0 when included in the rent. */
  readonly electricity: number;
  /** Hemförsäkring, whole SEK/month; 0 without one. */
  readonly insurance: number;
}

export function drawHouseholdProfile(rng: Rng): HouseholdProfile {
  const [adults, children] = rng.weighted<readonly [number, number]>([
    [[1, 0], 0.52],
    [[1, rng.int(1, 3)], 0.2],
    [[2, 0], 0.1],
    [[2, rng.int(1, 4)], 0.18],
  ]);
  let norm = adults === 1 ? 4_050 : 6_750;
  for (let c = 0; c < children; c++) norm += rng.uniform(2_100, 2_900);
  const hasRent = rng.chance(0.88);
  const rentBase = children > 0 ? 7_200 + 800 * children : adults === 1 ? 6_000 : 7_200;
  const rent = hasRent ? rentBase * rng.uniform(0.85, 1.18) : 0;
  return {
    adults,
    children,
    norm,
    normShare: rng.uniform(0.3, 0.95),
    rent,
    rentShare: rng.chance(0.7) ? 1 : rng.uniform(0.35, 0.9),
    aboveNormShare: hasRent && rng.chance(0.07) ? rng.uniform(0.06, 0.2) : 0,
    electricity: rng.chance(0.75) ? rng.uniform(200, 500) + 80 * (adults + children - 1) : 0,
    insurance: rng.chance(0.5) ? rng.int(100, 220) : 0,
  };
}

const ELECTRICITY_SEASON: readonly number[] = [
  1.35, 1.3, 1.15, 1.0, 0.85, 0.75, 0.7, 0.7, 0.8, 0.95, 1.15, 1.3,
];

/** Riksnorm and rents follow prices; electricity jumped in 2022–2023. */
export function priceIndices(year: number): {
  readonly norm: number;
  readonly rent: number;
  readonly electricity: number;
} {
  const t = year - 2021;
  const electricity = year <= 2021 ? 1 : year === 2022 ? 1.3 : 1.45 * 1.02 ** (year - 2023);
  return { norm: 1.03 ** t, rent: 1.025 ** t, electricity };
}

export interface Components {
  readonly parts: readonly (readonly [ComponentCategory, Ore])[];
  readonly housingAboveNorm: Ore | null;
}

/** The regular monthly payment of a household for benefit month `mi`. */
export function monthlyComponents(profile: HouseholdProfile, mi: MonthIndex, rng: Rng): Components {
  const month = monthOfMonth(mi);
  const index = priceIndices(yearOfMonth(mi));
  const parts: [ComponentCategory, Ore][] = [];
  const december = month === 12 ? 1.04 : 1;
  parts.push([
    'FORSORJNINGSSTOD',
    wholeKronor(profile.norm * profile.normShare * index.norm * december * rng.uniform(0.93, 1.07)),
  ]);
  let housingAboveNorm: Ore | null = null;
  if (profile.rent > 0) {
    const sek = profile.rent * profile.rentShare * index.rent;
    const boende = rng.chance(0.3) ? oreFromSek(sek) : wholeKronor(sek);
    parts.push(['BOENDE', boende]);
    if (profile.aboveNormShare > 0) housingAboveNorm = Math.round(boende * profile.aboveNormShare);
  }
  if (profile.electricity > 0) {
    parts.push([
      'HUSHALLSEL',
      oreFromSek(
        profile.electricity * index.electricity * ELECTRICITY_SEASON[month - 1] * rng.uniform(0.85, 1.15),
      ),
    ]);
  }
  if (profile.insurance > 0) parts.push(['HEMFORSAKRING', wholeKronor(profile.insurance * index.norm)]);
  if (rng.chance(0.06)) parts.push(['ARBETSRESOR', wholeKronor(rng.uniform(450, 950))]);
  if (rng.chance(0.008)) parts.push(['TANDVARD', oreFromSek(rng.lognormalMean(4_000, 0.7))]);
  if (rng.chance(month === 12 ? 0.06 : month === 8 ? 0.04 : 0.02)) {
    parts.push(['LIVSFORING_OVRIGT', wholeKronor(rng.lognormalMean(2_200, 0.7))]);
  }
  return { parts, housingAboveNorm };
}

/** A payment on a supplementary decision during the month (dentist, glasses, furniture …). */
export function supplementaryComponents(rng: Rng): Components {
  const category = rng.weighted<ComponentCategory>([
    ['TANDVARD', 0.35],
    ['LIVSFORING_OVRIGT', 0.45],
    ['ARBETSRESOR', 0.15],
    ['NODBISTAND', 0.05],
  ]);
  const sek =
    category === 'TANDVARD'
      ? rng.lognormalMean(5_000, 0.6)
      : category === 'LIVSFORING_OVRIGT'
        ? rng.lognormalMean(2_500, 0.7)
        : category === 'ARBETSRESOR'
          ? rng.uniform(450, 950)
          : rng.uniform(300, 1_500);
  return { parts: [[category, Math.max(100, oreFromSek(sek))]], housingAboveNorm: null };
}

export function emergencyComponents(rng: Rng): Components {
  return { parts: [['NODBISTAND', wholeKronor(rng.uniform(300, 1_500))]], housingAboveNorm: null };
}

// ---------------------------------------------------------------- expectations for budgets

const costCache = new Map<MonthIndex, number>();

/**
 * Expected payments per household in benefit month `mi` (the regular one and the odd
 * supplementary one), in öre, estimated once from a fixed sample of households independent of
 * any seed: what a budget can be sized on.
 */
export function expectedCostPerHousehold(mi: MonthIndex): number {
  let cost = costCache.get(mi);
  if (cost === undefined) {
    const rng = new Rng('expected-cost-per-household');
    const sample = 20_000;
    let total = 0;
    for (let i = 0; i < sample; i++) {
      const { parts } = monthlyComponents(drawHouseholdProfile(rng), mi, rng);
      for (const [, ore] of parts) total += ore;
      total += SUPPLEMENTARY_PER_HOUSEHOLD_MONTH * supplementaryComponents(rng).parts[0][1];
    }
    cost = total / sample;
    costCache.set(mi, cost);
  }
  return cost;
}
