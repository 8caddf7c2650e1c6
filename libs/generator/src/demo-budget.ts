import { dayOf, monthIndex } from './core/dates';
import { formatOre } from './core/money';
import { COMPONENT_CATEGORIES, REPAYMENT_CATEGORIES } from './events';
import {
  ATERBETALNING_PER_HOUSEHOLD_MONTH,
  ATERKRAV_PER_HOUSEHOLD_MONTH,
  expectedCostPerHousehold,
  householdsTarget,
} from './model/ekonomiskt-bistand';
import { plannedLedger, salaryIndex, SALARY_MONTH, TEMP_STAFF_MONTH } from './model/ledger';
import {
  egenShareOn,
  expectedPlacementCost,
  expectedPlacementDays,
  PLACEMENT_STREAMS,
} from './model/placements';
import {
  FORALDRAAVGIFT_PER_MONTH,
  FORALDRAAVGIFT_RANGE,
  FORSAKRINGSKASSAN_MEAN,
  FORSAKRINGSKASSAN_PER_MONTH,
  MIGRATIONSVERKET_PER_DAY,
  REIMBURSEMENT_CATEGORY,
} from './model/reimbursements';
import { resolveScale, type Scale } from './options';

// ---------------------------------------------------------------- the SPEC §5 documents

export type MatchStream = 'payments' | 'placements' | 'ledger';

export interface MatchRule {
  readonly stream: MatchStream;
  readonly [field: string]: MatchStream | readonly string[];
}

export type BudgetProfile = 'EVEN' | 'DAYS' | 'HISTORICAL' | readonly number[];

export interface BudgetLine {
  readonly code: string;
  readonly name: string;
  readonly frame: string;
  readonly area: string;
  readonly annualBudget: string;
  readonly profile: BudgetProfile;
  readonly volume?: { readonly unit: 'VARDDYGN' | 'HUSHALLSMANADER'; readonly annual: number };
  readonly match: readonly MatchRule[];
}

export interface BudgetDocument {
  readonly year: number;
  readonly label: string;
  readonly adoptedOn: string;
  readonly frames: readonly { readonly code: string; readonly name: string; readonly accountable: boolean }[];
  readonly areas: readonly { readonly code: string; readonly name: string }[];
  readonly lines: readonly BudgetLine[];
}

export interface BudgetAdjustment {
  readonly adjustmentId: string;
  readonly decidedOn: string;
  readonly kind: 'OMFORDELNING' | 'TILLAGG' | 'MINSKNING';
  readonly text: string;
  readonly changes: readonly { readonly line: string; readonly amount: string }[];
}

/** The scale the demo runs at when none is given; budget and adjustments must use the same. */
export const DEFAULT_DEMO_SCALE: Scale = 'medium';
/** The seed of the demo data: with it, 2023 looks like Malmö's Delårsrapport (see demo-budget.spec.ts). */
export const DEMO_SEED = 7;

// ---------------------------------------------------------------- the lines and how they are sized

interface LineSpec {
  readonly code: string;
  readonly name: string;
  readonly frame: 'ASN' | 'EKB' | 'HEM';
  readonly area: 'AMA_EBB' | 'IFO' | 'BTS' | 'STAB';
  readonly profile: BudgetProfile;
  readonly match: readonly MatchRule[];
  /** From the expected net cost of the year (öre) to the budget: where the deviation comes from. */
  readonly size: (expected: number, scale: number) => number;
  readonly volume?: { readonly unit: 'VARDDYGN' | 'HUSHALLSMANADER'; readonly factor: number };
}

const MKR = 100_000_000;
const times = (factor: number) => (expected: number) => expected * factor;

/** Weights of the personnel lines: salary pattern (semester in July) and the April löneöversyn. */
function personnelProfile(year: number): number[] {
  const raw = Array.from(
    { length: 12 },
    (_, i) => salaryIndex(monthIndex(year, i + 1)) * (0.85 * SALARY_MONTH[i] + 0.15 * TEMP_STAFF_MONTH[i]),
  );
  const sum = raw.reduce((s, x) => s + x, 0);
  // Six decimals each, and the last one makes the sum exactly 1 in decimal.
  const micro = raw.map((x) => Math.round((x / sum) * 1e6));
  micro[11] += 1e6 - micro.reduce((s, x) => s + x, 0);
  return micro.map((m) => m / 1e6);
}

function lineSpecs(year: number): LineSpec[] {
  const personnel = personnelProfile(year);
  const placements = (placementType: readonly string[], targetGroup?: readonly string[]): MatchRule => ({
    stream: 'placements',
    placementType,
    ...(targetGroup === undefined ? {} : { targetGroup }),
  });
  return [
    {
      code: 'EKB_UTBETALT',
      name: 'Utbetalt ekonomiskt bistånd',
      frame: 'EKB',
      area: 'AMA_EBB',
      profile: 'HISTORICAL',
      match: [
        { stream: 'payments', category: [...COMPONENT_CATEGORIES] },
        { stream: 'payments', repaymentCategory: [...REPAYMENT_CATEGORIES] },
        {
          stream: 'payments',
          payer: ['FORSAKRINGSKASSAN'],
          reimbursementCategory: [REIMBURSEMENT_CATEGORY.ekonomisktBistand],
        },
      ],
      // Budgeted for more households than came (Malmö 2023: +112 Mkr).
      size: times(1.12),
      volume: { unit: 'HUSHALLSMANADER', factor: 1.08 },
    },
    {
      code: 'AMA_ANSTALLNINGAR',
      name: 'Arbetsmarknadsanställningar',
      frame: 'ASN',
      area: 'AMA_EBB',
      profile: 'EVEN',
      match: [{ stream: 'ledger', account: ['5113', '3091'], responsibility: ['AMA*'] }],
      size: times(0.72),
    },
    {
      code: 'IFO_ENSAMKOMMANDE',
      name: 'Ensamkommande barn och unga',
      frame: 'ASN',
      area: 'IFO',
      profile: 'DAYS',
      match: [
        { stream: 'placements', targetGroup: ['ENSAMKOMMANDE'] },
        {
          stream: 'payments',
          payer: ['MIGRATIONSVERKET'],
          reimbursementCategory: [REIMBURSEMENT_CATEGORY.ensamkommande],
        },
      ],
      size: (expected, scale) => expected + 1.2 * MKR * scale,
      volume: { unit: 'VARDDYGN', factor: 1.05 },
    },
    {
      code: 'IFO_FAMILJEHEM',
      name: 'Familjehem och jourhem',
      frame: 'ASN',
      area: 'IFO',
      profile: 'DAYS',
      match: [
        placements(['FAMILJEHEM', 'JOURHEM'], ['BARN_UNGA']),
        {
          stream: 'payments',
          payer: ['ANNAN'],
          reimbursementCategory: [REIMBURSEMENT_CATEGORY.foraldraavgift],
        },
      ],
      size: times(1.04),
      volume: { unit: 'VARDDYGN', factor: 1.03 },
    },
    {
      code: 'IFO_KONSULENT',
      name: 'Konsulentstödda familjehem',
      frame: 'ASN',
      area: 'IFO',
      profile: 'DAYS',
      match: [placements(['KONSULENTSTOTT_FAMILJEHEM'], ['BARN_UNGA'])],
      size: times(0.99),
      volume: { unit: 'VARDDYGN', factor: 1.0 },
    },
    {
      code: 'IFO_INSTITUTION_BU',
      name: 'Institutionsvård barn och unga',
      frame: 'ASN',
      area: 'IFO',
      profile: 'DAYS',
      match: [placements(['HVB', 'SIS', 'STODBOENDE'], ['BARN_UNGA'])],
      size: times(0.96),
      volume: { unit: 'VARDDYGN', factor: 0.98 },
    },
    {
      code: 'IFO_INSTITUTION_VUXEN',
      name: 'Institutionsvård vuxna',
      frame: 'ASN',
      area: 'IFO',
      profile: 'DAYS',
      match: [placements(['HVB', 'SIS'], ['VUXEN'])],
      size: times(0.98),
      volume: { unit: 'VARDDYGN', factor: 1.0 },
    },
    {
      code: 'IFO_OPPENVARD',
      name: 'Köpt öppenvård',
      frame: 'ASN',
      area: 'IFO',
      profile: 'HISTORICAL',
      match: [{ stream: 'ledger', account: ['76*'] }],
      size: times(0.96),
    },
    {
      code: 'BTS_SKYDDAT',
      name: 'Skyddat boende',
      frame: 'ASN',
      area: 'BTS',
      profile: 'DAYS',
      match: [placements(['SKYDDAT_BOENDE'])],
      size: times(0.9),
      volume: { unit: 'VARDDYGN', factor: 0.88 },
    },
    {
      code: 'HEM_AKUT',
      name: 'Akutboende och härbärge',
      frame: 'HEM',
      area: 'BTS',
      profile: 'DAYS',
      match: [placements(['AKUTBOENDE', 'HARBARGE'])],
      // Budgeted on 2022's level; the dygn kept rising (Malmö 2023: −34 Mkr on hemlöshet).
      size: times(0.84),
      volume: { unit: 'VARDDYGN', factor: 0.84 },
    },
    {
      code: 'HEM_BOENDE_STOD',
      name: 'Boende med stöd',
      frame: 'HEM',
      area: 'BTS',
      profile: 'DAYS',
      match: [placements(['TILLFALLIGT_BOENDE_MED_STOD', 'BOSTAD_FORST', 'KORTTIDSBOENDE'])],
      size: times(0.9),
      volume: { unit: 'VARDDYGN', factor: 0.88 },
    },
    {
      code: 'BTS_FLYKTING',
      name: 'Flyktingmottagande',
      frame: 'ASN',
      area: 'BTS',
      profile: 'EVEN',
      match: [{ stream: 'ledger', responsibility: ['BTS2'] }],
      // Ersättningar from Migrationsverket above the cost (Malmö 2023: +14 Mkr).
      size: (expected, scale) => expected + 14 * MKR * scale,
    },
    {
      code: 'PERSONAL_AMA_EBB',
      name: 'Personal arbetsmarknad och ekonomiskt bistånd',
      frame: 'ASN',
      area: 'AMA_EBB',
      profile: personnel,
      match: [{ stream: 'ledger', account: ['51*', '56*'], responsibility: ['AMA*', 'EBB*'] }],
      // Vacancies: personnel costs below budget all year.
      size: times(1.04),
    },
    {
      code: 'PERSONAL_IFO',
      name: 'Personal individ och familj',
      frame: 'ASN',
      area: 'IFO',
      profile: personnel,
      match: [{ stream: 'ledger', account: ['51*', '56*'], responsibility: ['IFO*'] }],
      size: times(1.025),
    },
    {
      code: 'PERSONAL_BTS',
      name: 'Personal boende, tillsyn och service',
      frame: 'ASN',
      area: 'BTS',
      profile: personnel,
      match: [{ stream: 'ledger', account: ['51*', '56*'], responsibility: ['BTS*'] }],
      size: times(1.02),
    },
    {
      code: 'PERSONAL_STAB',
      name: 'Personal stab',
      frame: 'ASN',
      area: 'STAB',
      profile: personnel,
      match: [{ stream: 'ledger', account: ['51*', '56*'], responsibility: ['STAB*'] }],
      size: times(1.03),
    },
    {
      code: 'LOKALER',
      name: 'Lokaler',
      frame: 'ASN',
      area: 'STAB',
      profile: 'EVEN',
      match: [{ stream: 'ledger', account: ['64*'] }],
      size: times(1.0),
    },
    {
      code: 'STATSBIDRAG',
      name: 'Statsbidrag',
      frame: 'ASN',
      area: 'STAB',
      profile: 'HISTORICAL',
      match: [{ stream: 'ledger', account: ['30*'] }],
      // Revenue: a budget of 85 % of what comes in is an överskott.
      size: times(0.85),
    },
  ];
}

// ---------------------------------------------------------------- what the generator is expected to produce

type Fields = Readonly<Record<string, string>>;

function matches(rule: MatchRule, stream: MatchStream, item: Fields): boolean {
  if (rule.stream !== stream) return false;
  return Object.entries(rule).every(([field, allowed]) => {
    if (field === 'stream') return true;
    const value = item[field];
    return (
      value !== undefined &&
      (allowed as readonly string[]).some((p) =>
        p.endsWith('*') ? value.startsWith(p.slice(0, -1)) : value === p,
      )
    );
  });
}

/** First-match classification as SPEC §5 has it; null for OKLASSIFICERAT. */
export function classifyItem(
  lines: readonly { readonly code: string; readonly match: readonly MatchRule[] }[],
  stream: MatchStream,
  item: Fields,
): string | null {
  return lines.find((line) => line.match.some((rule) => matches(rule, stream, item)))?.code ?? null;
}

interface Expectation {
  readonly cost: Map<string, number>;
  readonly days: Map<string, number>;
  readonly householdMonths: number;
}

/** Expected net cost (öre) and placement days per line in `year`, from the model, not from a run. */
function expectations(specs: readonly LineSpec[], year: number, scale: number): Expectation {
  const cost = new Map<string, number>();
  const days = new Map<string, number>();
  const addCost = (stream: MatchStream, item: Fields, ore: number): void => {
    const line = classifyItem(specs, stream, item);
    if (line !== null) cost.set(line, (cost.get(line) ?? 0) + ore);
  };

  let householdMonths = 0;
  let bistand = 0;
  for (let month = 1; month <= 12; month++) {
    const mi = monthIndex(year, month);
    const households = householdsTarget(mi, scale);
    householdMonths += households;
    bistand += households * expectedCostPerHousehold(mi);
  }
  addCost('payments', { category: 'FORSORJNINGSSTOD' }, bistand);
  // Återbetalning (mean about 3 000 kr) and återkrav (about 9 000 kr, half of it collected).
  const repaid =
    householdMonths *
    (ATERBETALNING_PER_HOUSEHOLD_MONTH * 3_000 + ATERKRAV_PER_HOUSEHOLD_MONTH * 4_500) *
    100;
  addCost('payments', { repaymentCategory: 'ATERBETALNING' }, -repaid);
  addCost(
    'payments',
    { payer: 'FORSAKRINGSKASSAN', reimbursementCategory: REIMBURSEMENT_CATEGORY.ekonomisktBistand },
    -FORSAKRINGSKASSAN_PER_MONTH * 12 * FORSAKRINGSKASSAN_MEAN * 100 * scale,
  );
  addCost(
    'payments',
    { payer: 'ANNAN', reimbursementCategory: REIMBURSEMENT_CATEGORY.foraldraavgift },
    -FORALDRAAVGIFT_PER_MONTH * 12 * ((FORALDRAAVGIFT_RANGE[0] + FORALDRAAVGIFT_RANGE[1]) / 2) * 100 * scale,
  );

  const midYear = dayOf(year, 7, 1);
  for (const stream of PLACEMENT_STREAMS) {
    const egen = egenShareOn(stream, midYear);
    const streamCost = expectedPlacementCost(stream, year, scale);
    const streamDays = expectedPlacementDays(stream, year, scale);
    for (const [regi, share] of [
      ['EGEN', egen],
      ['EXTERN', 1 - egen],
    ] as const) {
      if (share === 0) continue;
      const item = { placementType: stream.type, regi, targetGroup: stream.group };
      addCost('placements', item, streamCost * share);
      const line = classifyItem(specs, 'placements', item);
      if (line !== null) days.set(line, (days.get(line) ?? 0) + streamDays * share);
    }
    if (stream.group === 'ENSAMKOMMANDE') {
      addCost(
        'payments',
        { payer: 'MIGRATIONSVERKET', reimbursementCategory: REIMBURSEMENT_CATEGORY.ensamkommande },
        -streamDays * MIGRATIONSVERKET_PER_DAY * 100,
      );
    }
  }

  for (let month = 1; month <= 12; month++) {
    for (const posting of plannedLedger(monthIndex(year, month), scale)) {
      addCost(
        'ledger',
        { account: posting.account, responsibility: posting.responsibility, activity: posting.activity },
        posting.expected,
      );
    }
  }
  return { cost, days, householdMonths };
}

// ---------------------------------------------------------------- the demo budget 2023

const BUDGET_YEAR = 2023;
const RESERVE_CODE = 'STAB_RESERV';
/** The central reserve, as a share of the accountable frame's other lines (Malmö 2023: about 1.7 %). */
const RESERVE_SHARE = 0.017;

/** Budgets are set in whole thousands of kronor, small ones in whole kronor. */
function roundBudget(ore: number): number {
  const unit = Math.abs(ore) >= 10_000_000 ? 100_000 : 100;
  return Math.round(ore / unit) * unit;
}

interface SizedBudget {
  readonly document: BudgetDocument;
  readonly amounts: ReadonlyMap<string, number>;
}

function sizedBudget(scale: number): SizedBudget {
  const specs = lineSpecs(BUDGET_YEAR);
  const expected = expectations(specs, BUDGET_YEAR, scale);
  const amounts = new Map<string, number>();
  const lines: BudgetLine[] = specs.map((spec) => {
    const amount = roundBudget(spec.size(expected.cost.get(spec.code) ?? 0, scale));
    amounts.set(spec.code, amount);
    const volumeBase =
      spec.volume?.unit === 'HUSHALLSMANADER'
        ? expected.householdMonths
        : (expected.days.get(spec.code) ?? 0);
    return {
      code: spec.code,
      name: spec.name,
      frame: spec.frame,
      area: spec.area,
      annualBudget: formatOre(amount),
      profile: spec.profile,
      ...(spec.volume === undefined
        ? {}
        : {
            volume: {
              unit: spec.volume.unit,
              annual: Math.max(1, Math.round(volumeBase * spec.volume.factor)),
            },
          }),
      match: spec.match,
    };
  });
  const accountable = specs
    .filter((s) => s.frame === 'ASN')
    .reduce((sum, s) => sum + (amounts.get(s.code) ?? 0), 0);
  const reserve = roundBudget(accountable * RESERVE_SHARE);
  amounts.set(RESERVE_CODE, reserve);
  lines.push({
    code: RESERVE_CODE,
    name: 'Förvaltningsövergripande reserv',
    frame: 'ASN',
    area: 'STAB',
    annualBudget: formatOre(reserve),
    profile: 'EVEN',
    match: [],
  });
  return {
    document: {
      year: BUDGET_YEAR,
      label: 'Nämndsbudget 2023 (demo)',
      adoptedOn: '2023-01-01',
      frames: [
        { code: 'ASN', name: 'Kommunbidrag nämnden', accountable: true },
        { code: 'EKB', name: 'Ekonomiskt bistånd', accountable: false },
        { code: 'HEM', name: 'Hemlöshet', accountable: false },
      ],
      areas: [
        { code: 'AMA_EBB', name: 'Arbetsmarknad och ekonomiskt bistånd' },
        { code: 'IFO', name: 'Individ och familj' },
        { code: 'BTS', name: 'Boende, tillsyn och service' },
        { code: 'STAB', name: 'Stab och förvaltningsövergripande' },
      ],
      lines,
    },
    amounts,
  };
}

/**
 * The nämnd's budget for 2023 (SPEC §5) sized on what the generator is expected to produce at
 * `scale`: ekonomiskt bistånd, personnel and statsbidrag show överskott, arbetsmarknads-
 * anställningar and boende för hemlösa underskott, as in Malmö's Delårsrapport 2023. Every
 * generated amount is matched by a line except account 6991 (OKLASSIFICERAT, small).
 */
export function demoBudget2023(scale: Scale = DEFAULT_DEMO_SCALE): BudgetDocument {
  return sizedBudget(resolveScale(scale)).document;
}

/**
 * May: an omfördelning from the reserve to homelessness and institutional care (sums to zero);
 * June: a tilläggsanslag for arbetsmarknadsanställningar (kommunstyrelsens Jobbpakt). Use the
 * same scale as `demoBudget2023`.
 */
export function demoAdjustments2023(scale: Scale = DEFAULT_DEMO_SCALE): BudgetAdjustment[] {
  const value = resolveScale(scale);
  const reserve = sizedBudget(value).amounts.get(RESERVE_CODE) ?? 0;
  const moved = roundBudget(reserve * 0.45);
  const toAkut = roundBudget(moved * 0.4);
  const toBoende = roundBudget(moved * 0.3);
  const toInstitution = moved - toAkut - toBoende;
  return [
    {
      adjustmentId: 'ADJ-2023-1',
      decidedOn: '2023-05-16',
      kind: 'OMFORDELNING',
      text: 'Ekonomisk prognos: från reserven till boende för hemlösa och institutionsvård',
      changes: [
        { line: RESERVE_CODE, amount: formatOre(-moved) },
        { line: 'HEM_AKUT', amount: formatOre(toAkut) },
        { line: 'HEM_BOENDE_STOD', amount: formatOre(toBoende) },
        { line: 'IFO_INSTITUTION_BU', amount: formatOre(toInstitution) },
      ],
    },
    {
      adjustmentId: 'ADJ-2023-2',
      decidedOn: '2023-06-20',
      kind: 'TILLAGG',
      text: 'Jobbpakt: kommunstyrelsens tillskott till arbetsmarknadsanställningar',
      changes: [{ line: 'AMA_ANSTALLNINGAR', amount: formatOre(roundBudget(15 * MKR * value)) }],
    },
  ];
}
