import { EVENT_TYPES } from '@ramprognos/contracts';
import { parseCsv, type CsvRecord } from './csv';
import { columnOfField, readHeader, rowsToEvents, type Header } from './ledger-rows';

function records(text: string): CsvRecord[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return [...parsed.records];
}

function header(text: string): Header {
  const result = readHeader(records(text)[0]);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.header;
}

const options = { source: 'urn:system:raindance', uploadTime: '2024-01-10T12:00:00.000Z' };

describe('readHeader', () => {
  it('matches column names without case or diacritics, in any order, and lists the others', () => {
    const h = header('BELOPP;Bokforingsdatum;verifikation;Konto;Motpart');
    expect([...h.index.entries()]).toEqual([
      ['amount', 0],
      ['bookedOn', 1],
      ['postingId', 2],
      ['account', 3],
    ]);
    expect(h.ignored).toEqual(['Motpart']);
  });

  it('names every missing required column and any column given twice', () => {
    const result = readHeader(records('Verifikation;Konto;Konto')[0]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.message)).toEqual([
      'names the account column a second time',
      expect.stringContaining('no bokforingsdatum'),
      expect.stringContaining('no belopp'),
    ]);
  });
});

describe('rowsToEvents', () => {
  const h = header('Verifikation;Bokföringsdatum;Konto;Ansvar;Verksamhet;Belopp;Text');

  it('turns a row into a ledger.posted event whose id and subject are the posting id', () => {
    const result = rowsToEvents(records('V1;20230502;4560;7101;;-1 234,5;Hyra'), h, options);
    expect(result.errors).toEqual([]);
    expect(result.events).toEqual([
      {
        specversion: '1.0',
        id: 'V1',
        source: 'urn:system:raindance',
        type: EVENT_TYPES.ledgerPosted,
        time: '2024-01-10T12:00:00.000Z',
        subject: 'V1',
        datacontenttype: 'application/json',
        data: {
          postingId: 'V1',
          bookedOn: '2023-05-02',
          account: '4560',
          responsibility: '7101',
          amount: '-1234.50',
          text: 'Hyra',
        },
      },
    ]);
  });

  it('reports each bad cell by row and column, without its value', () => {
    const result = rowsToEvents(records('V1;2023-05-02;;;;1,005;\nV2;2023-05-02;1;;;;\nV3;1'), h, options);
    expect(result.errors).toEqual([
      { row: 1, column: 'Konto', message: 'is required' },
      { row: 1, column: 'Belopp', field: 'data.amount', message: expect.stringContaining('decimal comma') },
      { row: 2, column: 'Belopp', message: 'is required' },
      { row: 3, message: 'has 2 cells; the header has 7' },
    ]);
    expect(JSON.stringify(result.errors)).not.toContain('1,005');
  });

  it('takes a repeated identical row once, and refuses a posting repeated with other content', () => {
    const result = rowsToEvents(
      records('V1;2023-05-02;1;;;1;\nV1;2023-05-02;1;;;1;\nV1;2023-05-02;1;;;2;'),
      h,
      options,
    );
    expect(result.events).toHaveLength(1);
    expect(result.repeated).toBe(1);
    expect(result.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Verifikation',
        message: 'repeats the posting of row 1 with other content',
      }),
    ]);
  });

  it('logs progress every 10,000 rows', () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({
      line: i + 2,
      cells: [`V${i}`, '2023-05-02', '1', '', '', '1', ''],
    }));
    const progress: number[] = [];
    rowsToEvents(rows, h, { ...options, onProgress: (n) => progress.push(n) });
    expect(progress).toEqual([10_000, 20_000]);
  });

  it('maps validation fields back to the columns of the file', () => {
    expect(columnOfField('data.bookedOn', h)).toBe('Bokföringsdatum');
    expect(columnOfField('subject', h)).toBe('Verifikation');
    expect(columnOfField('specversion', h)).toBeUndefined();
  });
});
