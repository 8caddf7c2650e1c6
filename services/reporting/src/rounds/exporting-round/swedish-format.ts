import { formatTkr } from '@ramprognos/money';

/*
 * Figures as a Swedish report prints them: tkr rounded per cell (SPEC §6), digits grouped by
 * three with a no-break space, a true minus sign (U+2212), dates YYYY-MM-DD. The dashboard's
 * static/format.js does the same in the browser; format.spec.ts keeps the two in step.
 */

export const MINUS = '\u2212';
export const GROUP = '\u00a0';

export function groupDigits(value: bigint | number, minus = MINUS): string {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  const digits = (big < 0n ? -big : big).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
  return big < 0n ? `${minus}${grouped}` : grouped;
}

/** öre → "1 654 597" (tkr), or '' for null. */
export function tkr(ore: number | null | undefined, minus = MINUS): string {
  return ore === null || ore === undefined ? '' : groupDigits(formatTkr(BigInt(ore)), minus);
}

/** An instant as the nämnd reads it: "2023-09-05 14:03" in Swedish time. */
export function swedishDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
export const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "jan–aug" for the columns of a period through asOf. */
export function periodLabel(asOf: string): string {
  const month = Number(asOf.slice(5, 7));
  return month === 1 ? 'jan' : `jan–${MONTH_ABBREVIATIONS[month - 1]}`;
}

/** "1 januari–31 augusti 2023". */
export function periodText(asOf: string): string {
  const month = Number(asOf.slice(5, 7));
  return `1 januari–${Number(asOf.slice(8, 10))} ${MONTHS[month - 1]} ${asOf.slice(0, 4)}`;
}
