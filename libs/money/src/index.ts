export { ORE_PER_SEK, ORE_PER_TKR, type Ore } from './ore';
export {
  MAX_ABS_ORE,
  MoneyFormatError,
  SEK_COMMA_EXPECTED,
  SEK_EXPECTED,
  SEK_PATTERN,
  isSekString,
  parseSek,
  parseSekComma,
  tryParseSek,
  tryParseSekComma,
  type ParseResult,
} from './parse';
export { divRoundHalfAwayFromZero, formatSek, formatTkr, mulDivRound, sumOre } from './arithmetic';
export { decimalToRational, type Rational } from './rational';
