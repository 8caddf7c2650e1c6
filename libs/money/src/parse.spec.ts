import fc from 'fast-check';
import {
  MAX_ABS_ORE,
  MoneyFormatError,
  formatSek,
  isSekString,
  parseSek,
  parseSekComma,
  tryParseSek,
  tryParseSekComma,
} from './index';

function messageOf(value: unknown): string {
  const result = tryParseSek(value);
  if (result.ok) throw new Error('expected a failure');
  return result.message;
}

describe('parseSek', () => {
  it.each([
    ['0', 0n],
    ['0.5', 50n],
    ['0.05', 5n],
    ['1', 100n],
    ['1234.50', 123450n],
    ['1234.5', 123450n],
    ['-0.05', -5n],
    ['-1234.56', -123456n],
    ['-0.00', 0n],
    ['92233720368547758.07', MAX_ABS_ORE],
    ['-92233720368547758.07', -MAX_ABS_ORE],
  ])('reads %j as %s öre', (text, ore) => {
    expect(parseSek(text)).toBe(ore);
  });

  it.each([
    ['', 'is empty'],
    ['.5', 'must be a decimal string'],
    ['1.', 'must be a decimal string'],
    ['1e3', 'exponent'],
    ['1E3', 'exponent'],
    ['1.5e2', 'exponent'],
    ['1.234', 'more than two decimals'],
    ['-12.345', 'more than two decimals'],
    ['NaN', 'must be a decimal string'],
    ['Infinity', 'must be a decimal string'],
    [' 1', 'must be a decimal string'],
    ['1 ', 'must be a decimal string'],
    ['+1', 'must be a decimal string'],
    ['01', 'leading zeros'],
    ['007.00', 'leading zeros'],
    ['-00.50', 'leading zeros'],
    ['1,50', "'.' as decimal separator"],
    ['1 000', 'must be a decimal string'],
    ['1_000', 'must be a decimal string'],
    ['--1', 'must be a decimal string'],
    ['0x10', 'must be a decimal string'],
    ['١٢', 'must be a decimal string'],
    ['92233720368547758.08', 'out of range'],
    ['1'.repeat(25), 'too long'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(() => parseSek(text)).toThrow(MoneyFormatError);
    expect(() => parseSek(text)).toThrow(reason);
    expect(isSekString(text)).toBe(false);
  });

  it('names the expected form in every message', () => {
    expect(() => parseSek('1.234')).toThrow(
      'must be a decimal string with at most two decimals, e.g. "1234.50"',
    );
  });

  it('rejects non-strings without throwing from tryParseSek', () => {
    for (const value of [12.5, 12n, null, undefined, {}, ['1'], true]) {
      const result = tryParseSek(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^must be a string/);
    }
  });

  it('never echoes the input in its message: every message is one of a fixed few', () => {
    const fixed = new Set(
      ['', '.5', '1e3', '1.234', '01', '1,5', '1'.repeat(30), '92233720368547758.08', 12].map((v) =>
        messageOf(v),
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const result = tryParseSek(text);
        if (!result.ok) expect(fixed).toContain(result.message);
      }),
    );
  });

  it('round-trips with formatSek for every öre value in range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_ABS_ORE, max: MAX_ABS_ORE }), (ore) => {
        expect(parseSek(formatSek(ore))).toBe(ore);
      }),
    );
  });

  it('formatSek(parseSek(s)) is s padded to two decimals', () => {
    const canonical = fc.stringMatching(/^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$/);
    fc.assert(
      fc.property(canonical, (text) => {
        const formatted = formatSek(parseSek(text));
        const [whole, fraction = ''] = text.split('.');
        const expected = `${whole}.${fraction.padEnd(2, '0')}`;
        expect(formatted).toBe(expected === '-0.00' ? '0.00' : expected);
      }),
    );
  });

  it('agrees with isSekString and tryParseSek', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const result = tryParseSek(text);
        expect(isSekString(text)).toBe(result.ok);
        if (result.ok) expect(parseSek(text)).toBe(result.ore);
        else expect(() => parseSek(text)).toThrow(MoneyFormatError);
      }),
    );
  });
});

describe('parseSekComma (Swedish CSV)', () => {
  it.each([
    ['1234,50', 123450n],
    ['1234,5', 123450n],
    ['1234', 123400n],
    ['0', 0n],
    ['0,05', 5n],
    ['-0,05', -5n],
    ['\u22121 234,50', -123450n],
    ['1 234 567,89', 123456789n],
    ['1\u00A0234\u00A0567,89', 123456789n],
    ['1\u202F234,00', 123400n],
    ['  -12,30 ', -1230n],
    ['\u00A0999\u00A0', 99900n],
  ])('reads %j as %s öre', (text, ore) => {
    expect(parseSekComma(text)).toBe(ore);
  });

  it.each([
    '',
    '   ',
    '1234.50',
    '1,234',
    '1 23,00',
    '12 345 6,00',
    '1  234,00',
    ' 1 234,',
    ',5',
    '01,00',
    '1e3',
    '--1',
    '+1',
    '1,2,3',
    '(12,00)',
    '12,00-',
  ])('rejects %j', (text) => {
    expect(() => parseSekComma(text)).toThrow(MoneyFormatError);
    expect(tryParseSekComma(text).ok).toBe(false);
  });

  it('agrees with parseSek on the same amounts written the Swedish way', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (ore) => {
        const dot = formatSek(ore);
        const [whole, fraction] = dot.replace('-', '').split('.');
        const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00A0');
        const swedish = `${ore < 0n ? '\u2212' : ''}${grouped},${fraction}`;
        expect(parseSekComma(swedish)).toBe(parseSek(dot));
      }),
    );
  });
});
