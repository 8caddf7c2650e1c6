import { civilOf, dayOf, daysInYear, parseDay, type Day } from '../core/dates';
import type { CaseType, PlacementType, TargetGroup } from '../events';

/*
 * Placements at Malmö scale: a few hundred children in familjehem, about a hundred in HVB,
 * dozens in SiS, several hundred adults in boende för hemlösa (rising steeply into 2023, as
 * in the Delårsrapport), and ensamkommande mostly in HVB, familjehem and stödboende.
 * Levels are concurrent placements; durations are log-normal; dygnskostnad in SEK at 2021
 * prices, drawn uniformly in the range for each new placement.
 */

export interface PlacementStream {
  readonly type: PlacementType;
  readonly group: TargetGroup;
  readonly caseType: CaseType;
  /** Case id prefix of the case system's register (BU, VU, HL, VR). */
  readonly casePrefix: string;
  readonly unit: string;
  /** Concurrent placements at Malmö scale, 2021. */
  readonly level: number;
  /** Level relative to 2021 in 2021, 2022, 2023 (mid-year; linear in between, flat beyond). */
  readonly trend: readonly [number, number, number];
  /** Monthly level relative to the trend (mean 1), or none. */
  readonly season?: readonly number[];
  readonly meanDays: number;
  readonly sigma: number;
  readonly rate: readonly [number, number];
  /** Share in egen regi; `egenFrom` switches to another share from a date (a new egen unit). */
  readonly egenShare: number;
  readonly egenFrom?: { readonly date: string; readonly share: number };
  readonly plannedEndShare: number;
  /** Yearly indexation of the rate on 1 January for placements running since the autumn. */
  readonly indexation: boolean;
  readonly renegotiationsPerYear: number;
  /** Probability that a new placement continues an earlier case of the same person. */
  readonly caseReuse: number;
  readonly closeCaseShare: number;
}

const CHILD_SEASON = [1.0, 1.0, 1.0, 1.0, 1.0, 0.97, 0.93, 0.95, 1.01, 1.04, 1.06, 1.04];
const SHELTER_SEASON = [1.12, 1.1, 1.05, 1.0, 0.94, 0.9, 0.88, 0.9, 0.95, 1.0, 1.05, 1.11];

const child = { caseType: 'BARN_UNGA', casePrefix: 'BU', unit: 'IFO-BARN-UNGA' } as const;
const unaccompanied = { caseType: 'BARN_UNGA', casePrefix: 'BU', unit: 'IFO-ENSAMKOMMANDE' } as const;
const adult = { caseType: 'VUXEN', casePrefix: 'VU', unit: 'IFO-VUXEN' } as const;
const homeless = { caseType: 'HEMLOSHET', casePrefix: 'HL', unit: 'BTS-HEMLOSHET' } as const;

export const PLACEMENT_STREAMS: readonly PlacementStream[] = [
  // Barn och unga
  {
    type: 'FAMILJEHEM',
    group: 'BARN_UNGA',
    ...child,
    level: 380,
    trend: [1, 0.98, 1.0],
    meanDays: 900,
    sigma: 0.8,
    rate: [650, 950],
    egenShare: 0.9,
    plannedEndShare: 0.2,
    indexation: true,
    renegotiationsPerYear: 0.03,
    caseReuse: 0.25,
    closeCaseShare: 0.7,
  },
  {
    type: 'JOURHEM',
    group: 'BARN_UNGA',
    ...child,
    level: 40,
    trend: [1, 1, 1.05],
    season: CHILD_SEASON,
    meanDays: 100,
    sigma: 0.6,
    rate: [1_050, 1_350],
    egenShare: 0.7,
    plannedEndShare: 0.7,
    indexation: true,
    renegotiationsPerYear: 0.02,
    caseReuse: 0.1,
    closeCaseShare: 0.4,
  },
  {
    type: 'KONSULENTSTOTT_FAMILJEHEM',
    group: 'BARN_UNGA',
    ...child,
    level: 150,
    trend: [1, 1.02, 1.05],
    meanDays: 650,
    sigma: 0.7,
    rate: [1_750, 2_300],
    egenShare: 0,
    plannedEndShare: 0.3,
    indexation: true,
    renegotiationsPerYear: 0.08,
    caseReuse: 0.2,
    closeCaseShare: 0.6,
  },
  {
    type: 'HVB',
    group: 'BARN_UNGA',
    ...child,
    level: 100,
    trend: [1, 1.03, 1.08],
    season: CHILD_SEASON,
    meanDays: 220,
    sigma: 0.7,
    rate: [3_200, 4_600],
    egenShare: 0.15,
    plannedEndShare: 0.5,
    indexation: true,
    renegotiationsPerYear: 0.15,
    caseReuse: 0.2,
    closeCaseShare: 0.5,
  },
  {
    type: 'SIS',
    group: 'BARN_UNGA',
    ...child,
    level: 35,
    trend: [1, 1.05, 1.1],
    season: CHILD_SEASON,
    meanDays: 160,
    sigma: 0.5,
    rate: [5_000, 6_500],
    egenShare: 0,
    plannedEndShare: 0.8,
    indexation: true,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.3,
    closeCaseShare: 0.4,
  },
  {
    type: 'STODBOENDE',
    group: 'BARN_UNGA',
    ...child,
    level: 50,
    trend: [1, 1.05, 1.1],
    meanDays: 300,
    sigma: 0.6,
    rate: [1_250, 1_750],
    egenShare: 0.6,
    plannedEndShare: 0.4,
    indexation: true,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.3,
    closeCaseShare: 0.7,
  },
  // Ensamkommande barn och unga
  {
    type: 'HVB',
    group: 'ENSAMKOMMANDE',
    ...unaccompanied,
    level: 15,
    trend: [1, 0.85, 0.8],
    meanDays: 250,
    sigma: 0.6,
    rate: [3_000, 4_200],
    egenShare: 0.3,
    plannedEndShare: 0.4,
    indexation: true,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.1,
    closeCaseShare: 0.6,
  },
  {
    type: 'FAMILJEHEM',
    group: 'ENSAMKOMMANDE',
    ...unaccompanied,
    level: 25,
    trend: [1, 0.95, 1.0],
    meanDays: 700,
    sigma: 0.6,
    rate: [650, 900],
    egenShare: 0.9,
    plannedEndShare: 0.3,
    indexation: true,
    renegotiationsPerYear: 0.02,
    caseReuse: 0.1,
    closeCaseShare: 0.7,
  },
  {
    type: 'STODBOENDE',
    group: 'ENSAMKOMMANDE',
    ...unaccompanied,
    level: 30,
    trend: [1, 0.9, 0.85],
    meanDays: 350,
    sigma: 0.5,
    rate: [1_250, 1_650],
    egenShare: 0.7,
    plannedEndShare: 0.5,
    indexation: true,
    renegotiationsPerYear: 0.03,
    caseReuse: 0.1,
    closeCaseShare: 0.8,
  },
  {
    type: 'KONSULENTSTOTT_FAMILJEHEM',
    group: 'ENSAMKOMMANDE',
    ...unaccompanied,
    level: 8,
    trend: [1, 1, 1],
    meanDays: 600,
    sigma: 0.6,
    rate: [1_700, 2_200],
    egenShare: 0,
    plannedEndShare: 0.3,
    indexation: true,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.1,
    closeCaseShare: 0.7,
  },
  // Vuxna
  {
    type: 'HVB',
    group: 'VUXEN',
    ...adult,
    level: 80,
    trend: [1, 1.02, 1.05],
    meanDays: 90,
    sigma: 0.6,
    rate: [2_900, 3_800],
    egenShare: 0.1,
    plannedEndShare: 0.5,
    indexation: true,
    renegotiationsPerYear: 0.1,
    caseReuse: 0.3,
    closeCaseShare: 0.5,
  },
  {
    type: 'SIS',
    group: 'VUXEN',
    ...adult,
    level: 12,
    trend: [1, 1, 1.05],
    meanDays: 120,
    sigma: 0.4,
    rate: [5_000, 6_300],
    egenShare: 0,
    plannedEndShare: 0.9,
    indexation: true,
    renegotiationsPerYear: 0.03,
    caseReuse: 0.3,
    closeCaseShare: 0.5,
  },
  {
    type: 'SKYDDAT_BOENDE',
    group: 'VUXEN',
    caseType: 'VALD_I_NARA_RELATION',
    casePrefix: 'VR',
    unit: 'BTS-VALD-I-NARA',
    level: 45,
    trend: [1, 1.1, 1.3],
    meanDays: 75,
    sigma: 0.7,
    rate: [2_100, 2_900],
    egenShare: 0.2,
    plannedEndShare: 0.5,
    indexation: false,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.15,
    closeCaseShare: 0.6,
  },
  // Boende för hemlösa
  {
    type: 'AKUTBOENDE',
    group: 'VUXEN',
    ...homeless,
    level: 150,
    trend: [1, 1.12, 1.4],
    season: SHELTER_SEASON,
    meanDays: 28,
    sigma: 1.0,
    rate: [1_000, 1_800],
    egenShare: 0.1,
    egenFrom: { date: '2022-12-01', share: 0.4 },
    plannedEndShare: 0.2,
    indexation: false,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.5,
    closeCaseShare: 0.3,
  },
  {
    type: 'TILLFALLIGT_BOENDE_MED_STOD',
    group: 'VUXEN',
    ...homeless,
    level: 260,
    trend: [1, 1.1, 1.35],
    meanDays: 300,
    sigma: 0.8,
    rate: [780, 1_050],
    egenShare: 0.2,
    plannedEndShare: 0.3,
    indexation: true,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.5,
    closeCaseShare: 0.4,
  },
  {
    type: 'BOSTAD_FORST',
    group: 'VUXEN',
    ...homeless,
    level: 100,
    trend: [1, 1.1, 1.2],
    meanDays: 1_100,
    sigma: 0.6,
    rate: [350, 450],
    egenShare: 1,
    plannedEndShare: 0,
    indexation: true,
    renegotiationsPerYear: 0,
    caseReuse: 0.3,
    closeCaseShare: 0.6,
  },
  {
    type: 'HARBARGE',
    group: 'VUXEN',
    ...homeless,
    level: 80,
    trend: [1, 1, 1.1],
    season: SHELTER_SEASON,
    meanDays: 4,
    sigma: 0.9,
    rate: [500, 700],
    egenShare: 0.4,
    plannedEndShare: 0.1,
    indexation: false,
    renegotiationsPerYear: 0,
    caseReuse: 0.6,
    closeCaseShare: 0.2,
  },
  {
    type: 'KORTTIDSBOENDE',
    group: 'VUXEN',
    ...homeless,
    level: 50,
    trend: [1, 0.9, 0.9],
    meanDays: 90,
    sigma: 0.6,
    rate: [1_050, 1_350],
    egenShare: 0.3,
    plannedEndShare: 0.6,
    indexation: true,
    renegotiationsPerYear: 0.05,
    caseReuse: 0.4,
    closeCaseShare: 0.4,
  },
];

/** Prices of new placements rise by this much a year. */
export const PLACEMENT_PRICE_GROWTH = 1.03;

export function priceIndex(year: number): number {
  return PLACEMENT_PRICE_GROWTH ** (year - 2021);
}

function trendFactor(stream: PlacementStream, day: Day): number {
  const { year } = civilOf(day);
  // Years as a real number, anchored mid-year: 2021.5 → trend[0], 2022.5 → trend[1] …
  const t = year + (day - dayOf(year, 1, 1)) / daysInYear(year) - 2021.5;
  if (t <= 0) return stream.trend[0];
  if (t >= stream.trend.length - 1) return stream.trend[stream.trend.length - 1];
  const i = Math.floor(t);
  return stream.trend[i] + (stream.trend[i + 1] - stream.trend[i]) * (t - i);
}

function seasonFactor(stream: PlacementStream, day: Day): number {
  if (stream.season === undefined) return 1;
  const mean = stream.season.reduce((s, x) => s + x, 0) / 12;
  return stream.season[civilOf(day).month - 1] / mean;
}

/** Expected concurrent placements of `stream` on `day` at `scale`. */
export function placementLevel(stream: PlacementStream, day: Day, scale = 1): number {
  return stream.level * scale * trendFactor(stream, day) * seasonFactor(stream, day);
}

export function egenShareOn(stream: PlacementStream, day: Day): number {
  return stream.egenFrom !== undefined && day >= parseDay(stream.egenFrom.date)
    ? stream.egenFrom.share
    : stream.egenShare;
}

/**
 * Expected new placements of `stream` starting in the month [first, next): the rate that keeps the
 * expected level (Little's law: level ÷ mean stay) plus the change of the level over the month.
 */
export function expectedArrivals(stream: PlacementStream, first: Day, next: Day, scale = 1): number {
  const levelStart = placementLevel(stream, first, scale);
  const levelEnd = placementLevel(stream, next, scale);
  return (((levelStart + levelEnd) / 2) * (next - first)) / stream.meanDays + (levelEnd - levelStart);
}

/** Expected placement days of `stream` in `year` at `scale`. */
export function expectedPlacementDays(stream: PlacementStream, year: number, scale = 1): number {
  let days = 0;
  for (let d = dayOf(year, 1, 1); d <= dayOf(year, 12, 31); d++) days += placementLevel(stream, d, scale);
  return days;
}

/** Expected cost of `stream` in `year` in öre: days × the mid rate at that year's prices. */
export function expectedPlacementCost(stream: PlacementStream, year: number, scale = 1): number {
  const midRate = ((stream.rate[0] + stream.rate[1]) / 2) * priceIndex(year) * 100;
  return expectedPlacementDays(stream, year, scale) * midRate;
}
