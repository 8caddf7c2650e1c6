import { FakeReportSource } from '../testing/fake-report-source';
import type { RoundLineView, RoundSummary } from '../round-view';
import { roundPdf } from './round-pdf';
import { fileStem } from './export-round.controller';

const request = { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T06:00:00.000Z' };

const round = (over: Partial<RoundSummary> = {}): RoundSummary => ({
  roundId: '6f1c2a4e-0000-4000-8000-000000000001',
  year: 2023,
  asOf: '2023-08-31',
  label: 'Delårsrapport 2023',
  knownAt: request.knownAt,
  status: 'APPROVED',
  opened: { at: request.knownAt, by: 'carl.controller' },
  approved: { at: '2023-09-06T10:00:00.000Z', by: 'carl.controller' },
  lineCount: 2,
  readyCount: 2,
  commentCount: 1,
  snapshotDigest: 'sha256:x',
  ...over,
});

const lines = (text: string): RoundLineView[] => [
  { code: 'EKB_UTBETALT', comment: { at: request.knownAt, by: 'eva.ekonom', text }, ready: { at: request.knownAt, by: 'eva.ekonom' } },
  { code: 'IFO_FAMILJEHEM', comment: null, ready: { at: request.knownAt, by: 'eva.ekonom' } },
];

describe('the PDF of a round', () => {
  it('is the same bytes every time for the same round, in either font', async () => {
    const snapshot = await new FakeReportSource().capture(request);
    for (const fonts of [undefined, { regular: 'Helvetica', bold: 'Helvetica-Bold', trueMinus: false }]) {
      const first = await roundPdf({ round: round(), lines: lines('Färre hushåll än väntat.'), snapshot }, fonts);
      const second = await roundPdf({ round: round(), lines: lines('Färre hushåll än väntat.'), snapshot }, fonts);
      expect(first.subarray(0, 5).toString()).toBe('%PDF-');
      expect(first.length).toBeGreaterThan(5000);
      expect(second.equals(first)).toBe(true);
    }
  });

  it('changes with a comment or the approval', async () => {
    const snapshot = await new FakeReportSource().capture(request);
    const base = await roundPdf({ round: round(), lines: lines('A'), snapshot });
    expect((await roundPdf({ round: round(), lines: lines('B'), snapshot })).equals(base)).toBe(false);
    expect((await roundPdf({ round: round({ status: 'OPEN', approved: null }), lines: lines('A'), snapshot })).equals(base)).toBe(false);
  });

  it('names its file after the round, without å, ä, ö', () => {
    expect(fileStem('Delårsrapport 2023')).toBe('delarsrapport-2023');
    expect(fileStem('Ekonomisk prognos – april')).toBe('ekonomisk-prognos-april');
    expect(fileStem('***')).toBe('rapportomgang');
  });
});
