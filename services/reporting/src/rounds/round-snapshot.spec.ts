import { FakeReportSource } from './testing/fake-report-source';
import { canonicalJson, forReader, roundLines, snapshotDigest } from './round-snapshot';

const request = { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T06:00:00.000Z' };

describe('a round snapshot', () => {
  it('has one digest whatever the key order (PostgreSQL jsonb reorders keys)', async () => {
    const snapshot = await new FakeReportSource().capture(request);
    const reordered = JSON.parse(JSON.stringify(snapshot), (_, value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(snapshot)[0]);
    expect(snapshotDigest(reordered)).toBe(snapshotDigest(snapshot));
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'å' }] })).toBe('{"a":[{"c":"å","d":null}],"b":1}');
  });

  it('changes its digest when any figure changes', async () => {
    const source = new FakeReportSource();
    const before = snapshotDigest(await source.capture(request));
    source.lateOre = 1n;
    expect(snapshotDigest(await source.capture(request))).not.toBe(before);
  });

  it('is commented on per line of the line grouping', async () => {
    expect(roundLines(await new FakeReportSource().capture(request))).toEqual(['EKB_UTBETALT', 'IFO_FAMILJEHEM']);
  });

  it('shows a reader who may not see counts of 1–4 the volumes published by the opening, and nothing of what came later', async () => {
    // Opened 1 September: July is the last month published (August is published on 10 September).
    const snapshot = await new FakeReportSource().capture(request);
    const ekonom = forReader(snapshot, false);
    const placementRow = ekonom.reports.line.rows.find((r) => r.code === 'IFO_FAMILJEHEM');
    expect(placementRow?.volume).toMatchObject({ actualYtd: 31 + 28 + 31 + 30 + 31 + 30 + 31, forecastFullYear: 380 });
    expect(ekonom.monthly.lines.find((l) => l.code === 'IFO_FAMILJEHEM')?.volume?.slice(6, 8)).toEqual([31, null]);
    expect(ekonom.reports.line.volumesPublished).toEqual({ through: '2023-07-31', knownAt: '2023-08-10T00:00:00.000Z' });
    // The published months themselves (1–4 included, for lines that are withheld) never reach the reader.
    expect(ekonom.published).toBeUndefined();
    expect(ekonom.reports.line.total.actualYtd).toBe(snapshot.reports.line.total.actualYtd);
    expect(forReader(snapshot, true)).toBe(snapshot);
  });

  it('withholds a line’s volumes once a published month of it is 1–4, and its split from every aggregate with it', async () => {
    const snapshot = await new FakeReportSource().capture({ ...request, knownAt: '2023-09-10T06:00:00.000Z' });
    const ekonom = forReader(snapshot, false);
    const placementRow = ekonom.reports.line.rows.find((r) => r.code === 'IFO_FAMILJEHEM');
    expect(placementRow?.volume).toMatchObject({ actualYtd: null, forecastFullYear: null, suppressed: true });
    expect(placementRow?.volumeEffect).toBeNull();
    expect(ekonom.reports.frame.rows.find((r) => r.code === 'KB')?.volumeEffect).toBeNull();
    expect(ekonom.reports.frame.total.volumeEffect).toBeNull();
    expect(ekonom.monthly.lines.find((l) => l.code === 'IFO_FAMILJEHEM')).toMatchObject({ volumeSuppressed: true });
    expect(ekonom.monthly.lines.find((l) => l.code === 'EKB_UTBETALT')?.volume?.[0]).toBe(20);
  });

  it('shows no volumes from a round stored before volumes were published', async () => {
    const { published: _, ...old } = await new FakeReportSource().capture(request);
    const ekonom = forReader(old, false);
    expect(ekonom.reports.line.rows.every((r) => r.volume === null || r.volume.suppressed === true)).toBe(true);
  });
});
