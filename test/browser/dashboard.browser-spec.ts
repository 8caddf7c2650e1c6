import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTkr } from '@ramprognos/money';
import { workspaceRoot } from '@ramprognos/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { json, startSystem, type System } from '../e2e/system';
import { loadDemoData, postEvents, waitUntilApplied } from '../e2e/demo-data';

// A person's path through the dashboard, against the whole system with demo-like data: log in,
// read the total row, drill into a line, open a report round, comment, approve, download the PDF.
// Every figure read off the page is checked against the JSON API; screenshots and the PDF are
// kept in artifacts/. Chromium is Debian's (CHROMIUM_PATH, else /usr/bin/chromium).

const ARTIFACTS = join(workspaceRoot, 'artifacts');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const YEAR = 2023;
const AS_OF = '2023-08-31';
const LINE = 'IFO_FAMILJEHEM';

/** The page's format: tkr rounded per cell, digits grouped with a no-break space, U+2212 minus. */
function tkr(ore: number | null): string {
  if (ore === null) return '';
  const whole = formatTkr(BigInt(ore));
  const digits = (whole < 0n ? -whole : whole).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return whole < 0n ? `\u2212${digits}` : digits;
}

const FIELDS = ['annualBudget', 'budgetYtd', 'actualYtd', 'deviationYtd', 'forecastFullYear', 'forecastDeviation'] as const;
type Figures = Record<(typeof FIELDS)[number] | 'previousForecastDeviation', number | null>;
interface Report {
  knownAt: string;
  rows: (Figures & { code: string; name: string; volume: { actualYtd: number | null } | null })[];
  total: Figures;
}
interface Monthly {
  lines: { code: string; budget: number[]; actual: (number | null)[]; volume: (number | null)[] | null }[];
}

let system: System;
let browser: Browser;
let page: Page;
let controller: string;
let ekonom: string;
let eventCount: number;

async function api<T>(path: string, token = controller): Promise<T> {
  const response = await fetch(`${system.services.reporting.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return json<T>(response);
}

async function cellTexts(selector: string): Promise<Record<string, string>> {
  return page.$$eval(`${selector} td[data-field]`, (cells) =>
    Object.fromEntries(cells.map((c) => [c.getAttribute('data-field') as string, (c.textContent ?? '').trim()])),
  );
}

async function screenshot(name: string): Promise<string> {
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  system = await startSystem(3500);
  controller = await system.token(['controller'], 'carl.controller');
  ekonom = await system.token(['ekonom'], 'eva.ekonom');
  eventCount = await loadDemoData(system);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => process.stdout.write(`[page error] ${error.message}\n`));
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the dashboard, as the ekonomiavdelning uses it', () => {
  it('logs in with a JWT and shows the total row exactly as the report API computes it', async () => {
    await page.goto(`${system.services.reporting.url}/?year=${YEAR}&asOf=${AS_OF}`);
    await page.fill('#token-input', controller);
    await page.click('#token-login');
    await page.waitForSelector('#deviation-table tr.total');
    await expect(page.textContent('#who')).resolves.toContain('carl.controller');

    const knownAt = await page.getAttribute('#knownat', 'data-known-at');
    expect(knownAt).toBeTruthy();
    const report = await api<Report>(`/v1/reports/budget-deviation?year=${YEAR}&asOf=${AS_OF}&groupBy=area&knownAt=${encodeURIComponent(knownAt as string)}`);
    const shown = await cellTexts('#deviation-table tr.total');
    for (const field of FIELDS) expect({ field, text: shown[field] }).toEqual({ field, text: tkr(report.total[field]) });
    // Real figures, not zeros: the demo year has a budget, cost and a forecast.
    expect(report.total.actualYtd).toBeGreaterThan(0);
    // The forecast columns are there exactly when the forecast service publishes forecasts.
    const engine = await fetch(`${system.services.forecast.url}/v1/forecasts?year=${YEAR}&asOf=${AS_OF}`, { headers: { authorization: `Bearer ${controller}` } });
    expect({ engine: engine.status === 200, forecast: report.total.forecastFullYear !== null }).toEqual({ engine: engine.status === 200, forecast: engine.status === 200 });
    expect(await page.$$eval('#deviation-table tr.row', (rows) => rows.length)).toBe(report.rows.length);
    await expect(page.textContent('#deviation-table tr[data-code="OKLASSIFICERAT"]')).resolves.toContain('Oklassificerat');

    // Accountable and non-accountable frames apart, each with its subtotal.
    await page.click('[data-group="frame"]');
    await expect(page.$$eval('#deviation-table tr.group', (rows) => rows.map((r) => r.textContent))).resolves.toEqual([
      'Ramar med resultatansvar',
      'Ramar utan resultatansvar',
    ]);
    const deviationClass = await page.getAttribute('#deviation-table tr.total td[data-field="forecastDeviation"]', 'class');
    const shownTkr = report.total.forecastDeviation === null ? 0 : Number(formatTkr(BigInt(report.total.forecastDeviation)));
    expect(deviationClass ?? '').toBe(shownTkr > 0 ? 'pos' : shownTkr < 0 ? 'neg' : '');
    await page.click('[data-group="area"]');
    const file = await screenshot('dashboard-main');
    process.stdout.write(`[screenshot] ${file}\n`);
  });

  it('drills into a line: its months, vårddygn and dygnskostnad, and the change since the previous forecast', async () => {
    const knownAt = (await page.getAttribute('#knownat', 'data-known-at')) as string;
    const q = `year=${YEAR}&asOf=${AS_OF}&knownAt=${encodeURIComponent(knownAt)}`;
    const [report, monthly] = await Promise.all([
      api<Report>(`/v1/reports/budget-deviation?${q}&groupBy=line`),
      api<Monthly>(`/v1/reports/monthly?${q}`),
    ]);
    const row = report.rows.find((r) => r.code === LINE);
    const months = monthly.lines.find((l) => l.code === LINE);
    if (!row || !months || !months.volume) throw new Error(`${LINE} is missing from the report or the monthly series`);

    await page.click('[data-group="line"]');
    await page.click(`#deviation-table tr[data-code="${LINE}"]`);
    await page.waitForSelector('#drilldown:not([hidden]) #months-table tr[data-month="2023-08"]');
    await expect(page.textContent('#drill-title')).resolves.toContain(LINE);

    for (let i = 0; i < 8; i++) {
      const month = `2023-${String(i + 1).padStart(2, '0')}`;
      const cells = await cellTexts(`#months-table tr[data-month="${month}"]`);
      const actual = months.actual[i] as number;
      const volume = months.volume[i] as number;
      expect({ month, ...cells }).toEqual({
        month,
        budget: tkr(months.budget[i]),
        actual: tkr(actual),
        deviation: tkr(months.budget[i] - actual),
        volume: String(volume).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0'),
        unitCost: volume ? `${String(Math.round(actual / volume / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}\u00a0kr` : '',
      });
    }
    // The months add up to the report's year-to-date figures for the line.
    const sum = await cellTexts('#months-table tr[data-month="SUM"]');
    expect(sum.actual).toBe(tkr(row.actualYtd));
    expect(months.volume.slice(0, 8).reduce<number>((s, v) => s + (v ?? 0), 0)).toBe(row.volume?.actualYtd);
    const change = row.forecastDeviation === null || row.previousForecastDeviation === null ? null : row.forecastDeviation - row.previousForecastDeviation;
    await expect(page.textContent('#drill-change .value')).resolves.toBe(change === null ? 'ingen tidigare prognos' : `${tkr(change)} tkr`);
    await expect(page.textContent('#drill-forecast-deviation .value')).resolves.toBe(row.forecastDeviation === null ? '–' : `${tkr(row.forecastDeviation)} tkr`);
    await expect(page.$eval('#line-chart', (c) => (c as unknown as { width: number }).width > 0)).resolves.toBe(true);
    const file = await screenshot('dashboard-drilldown');
    process.stdout.write(`[screenshot] ${file}\n`);
  });

  it('runs a report round: open, comment a line, mark ready, approve, download the PDF', async () => {
    await page.click('[data-tab="rounds"]');
    await page.fill('#round-label', 'Delårsrapport 2023');
    await page.click('#round-open');
    await page.waitForSelector('#round-detail:not([hidden])');
    await expect(page.textContent('#round-title')).resolves.toContain('Delårsrapport 2023');
    const roundId = await page.inputValue('#source');
    expect(roundId).toMatch(/^[0-9a-f-]{36}$/);

    // Comment and mark ready in the drill-down of the line.
    await page.click(`#round-lines tr[data-line="${LINE}"]`);
    await page.waitForSelector('#drill-round:not([hidden])').catch(async (error: Error) => {
      await screenshot('failure-round-drilldown');
      throw new Error(`${error.message}\nstatus: ${await page.textContent('#status')}\nsource: ${await page.inputValue('#source')}`);
    });
    await page.fill('#comment-text', 'Fler vårddygn än budgeterat men lägre dygnskostnad; placeringarna väntas öka under hösten.');
    await page.click('#comment-save');
    // Locators, not waitForFunction: the page's Content-Security-Policy forbids eval, rightly.
    await page.locator('#drill-round-state', { hasText: 'Kommentar av carl.controller' }).waitFor();
    await page.click('#line-ready');
    await page.locator('#drill-round-state', { hasText: 'Klar (' }).waitFor();

    // The other lines are marked ready by an economist through the API.
    const round = await api<{ lines: { code: string; ready: unknown }[] }>(`/v1/rounds/${roundId}`, ekonom);
    for (const line of round.lines.filter((l) => !l.ready)) {
      const response = await fetch(`${system.services.reporting.url}/v1/rounds/${roundId}/lines/${encodeURIComponent(line.code)}/ready`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ekonom}` },
      });
      expect(response.status).toBe(200);
    }
    await page.click('#refresh');
    await page.click('[data-tab="rounds"]');
    await page.waitForSelector('#round-approve:not([disabled])');
    await page.click('#round-approve');
    await page.locator('#round-state', { hasText: /^Godkänd/ }).waitFor();
    await expect(page.textContent('#audit-table')).resolves.toContain('Omgången godkändes');
    await screenshot('dashboard-round');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    const pdfFile = join(ARTIFACTS, 'delarsrapport-2023.pdf');
    await download.saveAs(pdfFile);
    const pdf = readFileSync(pdfFile);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe('delarsrapport-2023-2023-08-31.pdf');

    // ---- late events for the period: the live report moves, the approved round does not.
    const before = await api<{ snapshot: { reports: { line: Report } } }>(`/v1/rounds/${roundId}`);
    const pdfBefore = Buffer.from(await (await fetch(`${system.services.reporting.url}/v1/rounds/${roundId}/export?format=pdf`, { headers: { authorization: `Bearer ${controller}` } })).arrayBuffer());
    expect(pdfBefore.equals(pdf)).toBe(true);
    const late = {
      specversion: '1.0',
      id: `late-${Date.now()}`,
      source: 'urn:system:raindance',
      type: 'se.socialtjanst.ledger.posted.v1',
      // Known in early September, arriving only now: a recomputation at the round's knownAt would include it.
      time: '2023-09-02T10:00:00Z',
      subject: `late-posting-${Date.now()}`,
      datacontenttype: 'application/json',
      data: { postingId: `late-posting-${Date.now()}`, bookedOn: '2023-08-15', account: '4999', amount: '250000.00', text: 'Sen bokning' },
    };
    late.subject = late.data.postingId;
    await postEvents(system, [late]);
    await waitUntilApplied(system, eventCount + 1);
    const liveNow = await api<Report>(`/v1/reports/budget-deviation?year=${YEAR}&asOf=${AS_OF}&groupBy=line`);
    expect((liveNow.total.actualYtd ?? 0) - (before.snapshot.reports.line.total.actualYtd ?? 0)).toBe(25_000_000);

    const after = await api<{ snapshot: unknown }>(`/v1/rounds/${roundId}`);
    expect(after.snapshot).toEqual(before.snapshot);
    const pdfAfter = Buffer.from(await (await fetch(`${system.services.reporting.url}/v1/rounds/${roundId}/export?format=pdf`, { headers: { authorization: `Bearer ${controller}` } })).arrayBuffer());
    expect(pdfAfter.equals(pdf)).toBe(true);
    await page.click('#refresh');
    await page.click('[data-tab="deviation"]');
    await page.waitForSelector('#deviation-table tr.total');
    await expect(page.textContent('#deviation-table tr.total td[data-field="actualYtd"]')).resolves.toBe(tkr(before.snapshot.reports.line.total.actualYtd));
    writeFileSync(join(ARTIFACTS, 'round-frozen.json'), JSON.stringify({ roundId, liveActualYtd: liveNow.total.actualYtd, roundActualYtd: before.snapshot.reports.line.total.actualYtd }, null, 2));
  });
});
