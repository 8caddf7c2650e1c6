import { civilOf, type Day } from './dates';
import type { Rng } from './rng';

// Synthetic personnummer: a plausible birth date and serial with a correct Luhn check digit, so
// that intake's validation and pseudonymisation run on them. They are random, not real people.

export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** YYYYMMDD-NNNC for someone born on a day in [bornFrom, bornTo]. */
export function syntheticPersonnummer(rng: Rng, bornFrom: Day, bornTo: Day): string {
  const { year, month, day } = civilOf(rng.int(bornFrom, bornTo));
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  const serial = String(rng.int(1, 999)).padStart(3, '0');
  const check = luhnCheckDigit(`${String(year).slice(2)}${mm}${dd}${serial}`);
  return `${year}${mm}${dd}-${serial}${check}`;
}
