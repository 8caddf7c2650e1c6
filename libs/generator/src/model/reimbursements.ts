/*
 * Reimbursements: Migrationsverket's schablonersättning per dygn for ensamkommande barn, claimed
 * per quarter and paid some weeks after it; Försäkringskassan's retroactive benefits that repay
 * bistånd already paid (a few a month at Malmö scale); parents' contributions (föräldraavgift)
 * for children placed outside the home.
 */

/** SEK per dygn for a placed ensamkommande barn. */
export const MIGRATIONSVERKET_PER_DAY = 1_350;
/** Försäkringskassan repayments of bistånd a month at Malmö scale, and their mean size in SEK. */
export const FORSAKRINGSKASSAN_PER_MONTH = 30;
export const FORSAKRINGSKASSAN_MEAN = 9_000;
/** Föräldraavgifter a month at Malmö scale and their range in SEK. */
export const FORALDRAAVGIFT_PER_MONTH = 60;
export const FORALDRAAVGIFT_RANGE: readonly [number, number] = [900, 3_500];

export const REIMBURSEMENT_CATEGORY = {
  ensamkommande: 'ENSAMKOMMANDE',
  ekonomisktBistand: 'EKONOMISKT_BISTAND',
  foraldraavgift: 'FORALDRAAVGIFT',
} as const;
