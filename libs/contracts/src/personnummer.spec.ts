import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { withCheckDigit } from '../test/examples';
import {
  PersonnummerError,
  checkPersonnummer,
  containsPersonnummer,
  maskPersonnummer,
  normalisePersonnummer,
  pseudonymise,
} from './personnummer';

const KEY = 'test-pseudonym-key';

/** Message must not contain the value, nor any run of 4 or more of its digits. */
function expectNoDigitsOf(value: string, message: string): void {
  const digits = value.replace(/[^0-9]/g, '');
  if (value !== '') expect(message).not.toContain(value);
  for (let i = 0; i + 4 <= digits.length; i++) expect(message).not.toContain(digits.slice(i, i + 4));
}

describe('checkPersonnummer', () => {
  it.each([
    '19760125-4571',
    '197601254571',
    '760125-4571',
    '7601254571',
    '760125+4571',
    `20000229${withCheckDigit('000229123').slice(6)}`,
    `${withCheckDigit('850161123')}`, // samordningsnummer: day 01 + 60
  ])('accepts %s', (value) => {
    expect(checkPersonnummer(value, 2023)).toEqual({ ok: true });
  });

  it.each([
    ['19850101-1235', 'fails the check digit'],
    ['8501011235', 'fails the check digit'],
    ['19760125-4572', 'fails the check digit'],
    [`19850230-${withCheckDigit('850230123').slice(6)}`, 'has an impossible birth date'],
    [`19851301-${withCheckDigit('851301123').slice(6)}`, 'has an impossible birth date'],
    [`19850100-${withCheckDigit('850100123').slice(6)}`, 'has an impossible birth date'],
    [`${withCheckDigit('850192123')}`, 'has an impossible birth date'], // day 92 − 60 = 32
    ['1976-01-25-4571', 'must be a personnummer'],
    ['19760125+4571', 'must be a personnummer'],
    ['760125 4571', 'must be a personnummer'],
    ['7601254571 ', 'must be a personnummer'],
    ['76012545', 'must be a personnummer'],
    ['abcdefghij', 'must be a personnummer'],
    ['', 'must be a personnummer'],
    ['1'.repeat(1000), 'must be a personnummer'],
  ])('rejects %s: %s', (value, reason) => {
    const result = checkPersonnummer(value, 2023);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(reason);
      expectNoDigitsOf(value, result.message);
    }
  });

  it('rejects non-strings', () => {
    for (const value of [197601254571, null, undefined, {}, ['19760125-4571']]) {
      expect(checkPersonnummer(value, 2023).ok).toBe(false);
    }
  });

  it('judges 29 February by the century the reference year gives a 10-digit form', () => {
    const leapDay = withCheckDigit('000229123'); // 000229-1234 or so
    const under100 = `${leapDay.slice(0, 6)}-${leapDay.slice(6)}`; // 2000-02-29: a leap day
    const over100 = `${leapDay.slice(0, 6)}+${leapDay.slice(6)}`; // 1900-02-29: no such day
    expect(checkPersonnummer(under100, 2023).ok).toBe(true);
    expect(checkPersonnummer(over100, 2023)).toEqual({ ok: false, message: 'has an impossible birth date' });
    // Without a reference year only the leap day is left unjudged.
    expect(checkPersonnummer(over100, null).ok).toBe(true);
  });

  it('never puts any digits of the value into a message', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{6,8}[-+]?[0-9]{4}$/), (value) => {
        const result = checkPersonnummer(value, 2023);
        if (!result.ok) expectNoDigitsOf(value, result.message);
      }),
    );
  });
});

describe('normalisePersonnummer', () => {
  it.each([
    ['19760125-4571', 2023, '197601254571'],
    ['197601254571', 2023, '197601254571'],
    ['760125-4571', 2023, '197601254571'],
    ['7601254571', 2023, '197601254571'],
    ['760125+4571', 2023, '187601254571'],
    ['760125-4571', 2075, '197601254571'],
    ['760125-4571', 2076, '207601254571'],
  ])('%s in %i is %s', (value, year, normalised) => {
    expect(normalisePersonnummer(value, year)).toBe(normalised);
  });

  it('places a 10-digit form under 100 years old with "-" and at least 100 with "+"', () => {
    const born2012 = withCheckDigit('120101123');
    expect(normalisePersonnummer(`${born2012.slice(0, 6)}-${born2012.slice(6)}`, 2023)).toBe(`20${born2012}`);
    expect(normalisePersonnummer(`${born2012.slice(0, 6)}+${born2012.slice(6)}`, 2023)).toBe(`19${born2012}`);
    const born2023 = withCheckDigit('230101123');
    expect(normalisePersonnummer(born2023, 2023)).toBe(`20${born2023}`);
    const born1924 = withCheckDigit('240101123');
    expect(normalisePersonnummer(born1924, 2023)).toBe(`19${born1924}`);
  });

  it('keeps the day of a samordningsnummer as written', () => {
    const samordning = withCheckDigit('850161123');
    expect(normalisePersonnummer(samordning, 2023)).toBe(`19${samordning}`);
  });

  it('throws PersonnummerError without the value', () => {
    const value = '19850101-1235';
    expect(() => normalisePersonnummer(value, 2023)).toThrow(PersonnummerError);
    try {
      normalisePersonnummer(value, 2023);
    } catch (error) {
      expectNoDigitsOf(value, String(error));
      expectNoDigitsOf(value, (error as Error).stack ?? '');
    }
  });
});

describe('pseudonymise', () => {
  it('is HMAC-SHA256, hex, over the 12-digit form', () => {
    const expected = createHmac('sha256', KEY).update('197601254571').digest('hex');
    expect(pseudonymise('19760125-4571', KEY, 2023)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives one ref for every way of writing one person', () => {
    const refs = new Set(
      ['19760125-4571', '197601254571', '760125-4571', '7601254571'].map((value) =>
        pseudonymise(value, KEY, 2023),
      ),
    );
    expect(refs.size).toBe(1);
  });

  it('depends on the key, and accepts a binary key', () => {
    const a = pseudonymise('19760125-4571', KEY, 2023);
    expect(pseudonymise('19760125-4571', `${KEY}x`, 2023)).not.toBe(a);
    expect(pseudonymise('19760125-4571', Buffer.from(KEY), 2023)).toBe(a);
  });

  it('refuses an empty key and an invalid personnummer, naming neither value', () => {
    expect(() => pseudonymise('19760125-4571', '', 2023)).toThrow('key must not be empty');
    expect(() => pseudonymise('19850101-1235', KEY, 2023)).toThrow(/^personnummer fails the check digit$/);
  });

  it('distinguishes people', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{3}$/), fc.stringMatching(/^[0-9]{3}$/), (a, b) => {
        fc.pre(a !== b);
        const first = withCheckDigit(`760125${a}`);
        const second = withCheckDigit(`760125${b}`);
        expect(pseudonymise(first, KEY, 2023)).not.toBe(pseudonymise(second, KEY, 2023));
      }),
    );
  });
});

describe('containsPersonnummer', () => {
  it.each([
    '198112189876',
    '19811218-9876',
    '811218-9876',
    '8112189876',
    'HH-811218-9876',
    'Återkrav 19811218-9876 maj',
  ])('finds one in %s', (value) => expect(containsPersonnummer(value)).toBe(true));

  it.each(['811218-9875', '1981121898761', 'H-000123', '2023-08-31', '20230831', 'case-42', '998877665544'])(
    'finds none in %s (wrong check digit, longer run of digits, dates, plain ids)',
    (value) => expect(containsPersonnummer(value)).toBe(false),
  );
});

describe('maskPersonnummer', () => {
  it('masks each personnummer in a text and leaves other digits alone', () => {
    expect(maskPersonnummer('Återkrav 19811218-9876 och 811218-9876, faktura 811218-9875', '[pnr]')).toBe(
      'Återkrav [pnr] och [pnr], faktura 811218-9875',
    );
  });
});
