import { decodeCsv, parseCsv } from './csv';

describe('decodeCsv', () => {
  it('reads UTF-8 (with or without BOM) and falls back to Windows-1252', () => {
    expect(decodeCsv(Buffer.from('\uFEFFKonto;Text\n1;Hyra för år', 'utf8'))).toEqual({
      ok: true,
      text: 'Konto;Text\n1;Hyra för år',
      encoding: 'utf-8',
    });
    expect(decodeCsv(Buffer.from('1;Hyra för år', 'latin1'))).toEqual({
      ok: true,
      text: '1;Hyra för år',
      encoding: 'windows-1252',
    });
    expect(decodeCsv(Buffer.from([0x80, 0x96, 0xe5]), 'windows-1252')).toMatchObject({
      ok: true,
      text: '€–å',
    });
    expect(decodeCsv(Buffer.from([0x41, 0x96, 0x42]))).toMatchObject({
      ok: true,
      text: 'A–B',
      encoding: 'windows-1252',
    });
  });

  it('follows a declared charset, and refuses a declared UTF-8 that is not, or a charset it does not know', () => {
    expect(decodeCsv(Buffer.from('år', 'latin1'), 'utf-8')).toEqual({
      ok: false,
      message: 'the body is not valid UTF-8 as declared',
    });
    expect(decodeCsv(Buffer.from('x'), 'ebcdic')).toMatchObject({ ok: false });
    expect(decodeCsv(Buffer.from('år', 'latin1'), 'ISO-8859-1')).toMatchObject({ ok: true, text: 'år' });
  });
});

describe('parseCsv', () => {
  it('splits on semicolons, with quoted cells holding semicolons, quotes and line breaks', () => {
    const parsed = parseCsv('a;b;c\r\n1;"x; ""y""";3\n"multi\nline";;\r\n\r\nlast;2;3');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['1', 'x; "y"', '3'] },
        { line: 3, cells: ['multi\nline', '', ''] },
        { line: 6, cells: ['last', '2', '3'] },
      ],
    });
  });

  it('reports a quote never closed at the line it opened', () => {
    expect(parseCsv('a;b\n1;"open\n2;3')).toEqual({
      ok: false,
      line: 2,
      message: 'a quoted cell is never closed',
    });
  });
});
