import { NotAcceptableException } from '@nestjs/common';
import { errorBody, type ErrorItem } from '@ramprognos/service-kit';
import { XLSX_CONTENT_TYPE } from './exports/xlsx';

export const FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof FORMATS)[number];

const BY_MEDIA_TYPE: Readonly<Record<string, ReportFormat>> = {
  'application/json': 'json',
  'application/*': 'json',
  '*/*': 'json',
  'text/csv': 'csv',
  'text/*': 'csv',
  [XLSX_CONTENT_TYPE]: 'xlsx',
};

/**
 * `?format=` wins; else the Accept header's media types by quality (then order); no Accept is
 * JSON. An Accept naming nothing we make is 406, so a client never gets a format it cannot read.
 */
export function reportFormatOf(format: unknown, accept: string | undefined): ReportFormat | ErrorItem {
  if (format !== undefined && format !== '') {
    return typeof format === 'string' && (FORMATS as readonly string[]).includes(format)
      ? (format as ReportFormat)
      : { field: 'format', message: `must be one of ${FORMATS.join(', ')}` };
  }
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranked = accept
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, index, quality: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter((entry) => entry.quality > 0 && BY_MEDIA_TYPE[entry.type] !== undefined)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  if (ranked.length === 0) {
    throw new NotAcceptableException(
      errorBody({
        field: 'accept',
        message: `this report is available as application/json, text/csv and ${XLSX_CONTENT_TYPE}`,
      }),
    );
  }
  return BY_MEDIA_TYPE[ranked[0].type];
}
