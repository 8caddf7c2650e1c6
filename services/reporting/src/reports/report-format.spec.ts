import { NotAcceptableException } from '@nestjs/common';
import { reportFormatOf } from './report-format';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('reportFormatOf', () => {
  it('takes ?format= first, then Accept by quality and order, JSON without either', () => {
    expect(reportFormatOf('csv', XLSX)).toBe('csv');
    expect(reportFormatOf(undefined, undefined)).toBe('json');
    expect(reportFormatOf(undefined, 'text/csv')).toBe('csv');
    expect(reportFormatOf(undefined, `${XLSX}, application/json;q=0.5`)).toBe('xlsx');
    expect(reportFormatOf(undefined, `text/csv;q=0.4, application/json`)).toBe('json');
    expect(reportFormatOf(undefined, '*/*')).toBe('json');
    expect(reportFormatOf(undefined, 'application/pdf, text/csv;q=0.1')).toBe('csv');
  });

  it('names the field of a bad format, and refuses an Accept it cannot meet', () => {
    expect(reportFormatOf('pdf', undefined)).toEqual({
      field: 'format',
      message: 'must be one of json, csv, xlsx',
    });
    expect(() => reportFormatOf(undefined, 'application/pdf')).toThrow(NotAcceptableException);
    expect(() => reportFormatOf(undefined, 'text/csv;q=0')).toThrow(NotAcceptableException);
  });
});
