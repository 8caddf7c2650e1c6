/*
 * Reading the ekonomisystem's export: bytes → text (UTF-8 or Windows-1252), text → records
 * (semicolon-separated, RFC 4180 quoting). Pure functions; no value ever goes into a message.
 */

export type CsvEncoding = 'utf-8' | 'windows-1252';

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: CsvEncoding }
  | { readonly ok: false; readonly message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

// 0x80–0x9F of Windows-1252 (WHATWG Encoding); the rest of the range is Latin-1. Node's own
// 'windows-1252' decoder without full ICU data treats these as C1 controls.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

const windows1252 = {
  decode(bytes: Uint8Array): string {
    let text = '';
    for (let start = 0; start < bytes.length; start += 8192) {
      const chunk = bytes.subarray(start, start + 8192);
      text += String.fromCharCode(
        ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b)),
      );
    }
    return text;
  },
};
const LATIN_CHARSETS = new Set(['windows-1252', 'cp1252', 'iso-8859-1', 'latin1', 'iso-8859-15']);

/**
 * The charset of the Content-Type when given; otherwise UTF-8 when the bytes are valid UTF-8 (a
 * BOM settles it), else Windows-1252 — what Swedish Excel and older ekonomisystem write. Every
 * byte sequence is valid Windows-1252, so only a declared UTF-8 can fail.
 */
export function decodeCsv(bytes: Uint8Array, charset?: string): Decoded {
  const declared = charset?.trim().toLowerCase().replace(/^"|"$/g, '');
  if (declared !== undefined && declared !== '') {
    if (LATIN_CHARSETS.has(declared))
      return { ok: true, text: windows1252.decode(bytes), encoding: 'windows-1252' };
    if (declared !== 'utf-8' && declared !== 'utf8') {
      return {
        ok: false,
        message: `charset ${declared.slice(0, 40)} is not supported; send UTF-8 or Windows-1252`,
      };
    }
    const text = tryUtf8(bytes);
    return text === null
      ? { ok: false, message: 'the body is not valid UTF-8 as declared' }
      : { ok: true, text, encoding: 'utf-8' };
  }
  const text = tryUtf8(bytes);
  return text === null
    ? { ok: true, text: windows1252.decode(bytes), encoding: 'windows-1252' }
    : { ok: true, text, encoding: 'utf-8' };
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    // TextDecoder drops a leading BOM itself.
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  readonly line: number;
  readonly cells: readonly string[];
}

export type Parsed =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

/**
 * Semicolon-separated records. A cell in double quotes may hold semicolons, line breaks and
 * doubled quotes (""). Blank lines are skipped. Line endings: CRLF, LF or CR.
 */
export function parseCsv(text: string, delimiter = ';'): Parsed {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteOpenedOn = 0;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
      cell += c;
      i += 1;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteOpenedOn = line;
      cell = '';
      i += 1;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      cell += c;
      i += 1;
    }
  }
  if (quoted) return { ok: false, line: quoteOpenedOn, message: 'a quoted cell is never closed' };
  if (cell !== '' || cells.length > 0) endRecord();
  return { ok: true, records };
}
