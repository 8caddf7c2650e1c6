import { monthOfMonth, yearOfMonth, type MonthIndex } from '../core/dates';

/*
 * The ledger (Raindance) postings of the nämnd at Malmö scale, SEK at 2021 level: personnel
 * per responsibility (51xx/56xx, a July dip for semester), arbetsmarknadsanställningar (5113
 * under AMA2) net of lönestöd (3091), premises (64xx), purchased öppenvård (76xx), statsbidrag
 * (30xx), flyktingmottagande (BTS2), and one small account nobody budgets for (6991).
 */

export interface Responsibility {
  readonly code: string;
  readonly activity: string;
  /** Salaries (5111 + 5122) a year, Mkr at 2021 level. */
  readonly salaries: number;
  /** Rent (6411) a year, Mkr at 2021 level. */
  readonly rent: number;
}

export const RESPONSIBILITIES: readonly Responsibility[] = [
  { code: 'IFO1', activity: '410', salaries: 270, rent: 45 },
  { code: 'IFO2', activity: '420', salaries: 220, rent: 40 },
  { code: 'AMA1', activity: '610', salaries: 85, rent: 22 },
  { code: 'EBB1', activity: '620', salaries: 185, rent: 35 },
  { code: 'BTS1', activity: '710', salaries: 125, rent: 70 },
  { code: 'BTS2', activity: '720', salaries: 30, rent: 25 },
  { code: 'STAB1', activity: '900', salaries: 110, rent: 55 },
];

/** How a planned amount is booked in its month. */
export type Booking =
  | 'salary' // on the pay day (the 25th or the bank day before)
  | 'monthEnd' // accrued on the last day, exported some days into the next month
  | 'first' // on the first bank day (rent invoiced in advance)
  | 'mid' // one invoice mid-month
  | 'invoices' // several invoices on random bank days
  | 'lump'; // one payment on a random bank day

export interface PlannedPosting {
  readonly account: string;
  readonly responsibility: string;
  readonly activity: string;
  readonly text: string;
  /** Expected amount in öre (cost +, revenue −), before noise. */
  readonly expected: number;
  readonly booking: Booking;
  /** Multiplicative noise, uniform in [1 − noise, 1 + noise]. */
  readonly noise: number;
}

const MKR = 100_000_000; // öre per Mkr

/** Monthly salary pattern: semestertillägg in June, semester in July and part of August. */
export const SALARY_MONTH: readonly number[] = [1, 1, 1, 1, 1, 1.1, 0.62, 0.9, 1, 1, 1, 1];
/** Hourly staff and substitutes cover the summer. */
export const TEMP_STAFF_MONTH: readonly number[] = [
  0.9, 0.9, 0.95, 0.95, 1, 1.2, 1.8, 1.3, 0.95, 0.95, 0.95, 0.95,
];
const ENERGY_MONTH: readonly number[] = [1.6, 1.5, 1.3, 1.0, 0.7, 0.5, 0.45, 0.5, 0.7, 1.0, 1.3, 1.45];
const OPPENVARD_MONTH: readonly number[] = [
  1.02, 1.05, 1.08, 1.05, 1.05, 1.0, 0.7, 0.85, 1.05, 1.08, 1.07, 1.0,
];
const PO_RATE = 0.42;

/** Löneöversyn in April: 2.5 % a year. */
export function salaryIndex(mi: MonthIndex): number {
  return 1.025 ** (yearOfMonth(mi) - 2021 + (monthOfMonth(mi) >= 4 ? 0 : -1));
}

/** Arbetsmarknadsanställda at Malmö scale: down from about 1 150 in 2021 to 800 at the end of 2023. */
export function employmentsInMonth(mi: MonthIndex): number {
  const year = yearOfMonth(mi);
  const month = monthOfMonth(mi);
  if (year <= 2021) return 1_150;
  if (year === 2022) return 1_050;
  if (year === 2023) return 1_000 - (200 * (month - 1)) / 11;
  return 800;
}

/** Share of the salary cost of arbetsmarknadsanställningar that Arbetsförmedlingen's lönestöd covers. */
function wageSubsidyShare(year: number): number {
  return year >= 2023 ? 0.72 : 0.7;
}

function employmentCost(mi: MonthIndex, scale: number): number {
  const month = monthOfMonth(mi);
  const pattern = month === 6 ? 1.05 : month === 7 ? 0.9 : 1;
  return employmentsInMonth(mi) * 29_500 * 100 * salaryIndex(mi) * pattern * scale;
}

function migrationsverketFlykting(year: number): number {
  if (year <= 2021) return 45;
  if (year === 2022) return 70;
  if (year === 2023) return 80;
  return 60;
}

/** The postings planned for month `mi` at `scale`, with expected amounts. */
export function plannedLedger(mi: MonthIndex, scale: number): PlannedPosting[] {
  const year = yearOfMonth(mi);
  const month = monthOfMonth(mi);
  const t = year - 2021;
  const postings: PlannedPosting[] = [];
  const add = (p: Omit<PlannedPosting, 'expected'> & { readonly mkr: number }): void => {
    const { mkr, ...rest } = p;
    postings.push({ ...rest, expected: mkr * MKR * scale });
  };

  for (const r of RESPONSIBILITIES) {
    const base = { responsibility: r.code, activity: r.activity };
    const monthly = (r.salaries / 12) * salaryIndex(mi);
    const fixed = monthly * 0.85 * SALARY_MONTH[month - 1];
    const temp = monthly * 0.15 * TEMP_STAFF_MONTH[month - 1];
    add({ ...base, account: '5111', text: 'Månadslön', mkr: fixed, booking: 'salary', noise: 0.01 });
    add({ ...base, account: '5122', text: 'Timlön och vikarier', mkr: temp, booking: 'salary', noise: 0.1 });
    add({
      ...base,
      account: '5611',
      text: 'PO-pålägg',
      mkr: PO_RATE * (fixed + temp),
      booking: 'monthEnd',
      noise: 0.01,
    });
    add({
      ...base,
      account: '6411',
      text: 'Lokalhyra',
      mkr: (r.rent / 12) * 1.02 ** t,
      booking: 'first',
      noise: 0,
    });
    const energy = t <= 0 ? 1 : t === 1 ? 1.4 : 1.5;
    add({
      ...base,
      account: '6421',
      text: 'El och värme',
      mkr: ((r.rent * 0.08) / 12) * energy * ENERGY_MONTH[month - 1],
      booking: 'mid',
      noise: 0.1,
    });
  }

  const ama = { responsibility: 'AMA2', activity: '611' };
  postings.push({
    ...ama,
    account: '5113',
    text: 'Lön arbetsmarknadsanställda',
    expected: employmentCost(mi, scale),
    booking: 'salary',
    noise: 0.02,
  });
  postings.push({
    ...ama,
    account: '3091',
    text: 'Lönestöd Arbetsförmedlingen',
    expected: -wageSubsidyShare(year) * employmentCost(mi - 1, scale),
    booking: 'lump',
    noise: 0.03,
  });

  const ifo2 = { responsibility: 'IFO2', activity: '420' };
  const decline = 0.91 ** t * OPPENVARD_MONTH[month - 1];
  add({
    ...ifo2,
    account: '7621',
    text: 'Köpt öppenvård barn och unga',
    mkr: (55 / 12) * decline,
    booking: 'invoices',
    noise: 0.15,
  });
  add({
    ...ifo2,
    account: '7622',
    text: 'Köpt öppenvård vuxna',
    mkr: (38 / 12) * decline,
    booking: 'invoices',
    noise: 0.15,
  });

  if (month % 3 === 0) {
    add({
      responsibility: 'STAB1',
      activity: '900',
      account: '3021',
      text: 'Statsbidrag socialtjänst',
      mkr: -12 * (1 + 0.05 * t),
      booking: 'lump',
      noise: 0,
    });
  }
  if (month === 4 || month === 10) {
    add({
      responsibility: 'IFO1',
      activity: '410',
      account: '3022',
      text: 'Riktat statsbidrag barn och unga',
      mkr: -18,
      booking: 'lump',
      noise: 0,
    });
  }
  add({
    responsibility: 'AMA1',
    activity: '610',
    account: '3023',
    text: 'Projektmedel arbetsmarknad',
    mkr: -1.5,
    booking: 'lump',
    noise: 0.2,
  });
  add({
    responsibility: 'BTS2',
    activity: '720',
    account: '3026',
    text: 'Ersättning Migrationsverket flyktingmottagande',
    mkr: -migrationsverketFlykting(year) / 12,
    booking: 'lump',
    noise: 0.1,
  });
  add({
    responsibility: 'STAB1',
    activity: '900',
    account: '6991',
    text: 'Övriga kostnader, ej fördelade',
    mkr: 0.09,
    booking: 'lump',
    noise: 0.5,
  });
  return postings;
}
