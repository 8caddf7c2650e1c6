import { existsSync } from 'node:fs';
import { formatTkr } from '@ramprognos/money';
import PDFDocument from 'pdfkit';
import type { FiguresView, RowView } from '../../reports/budget-deviation/budget-deviation-view';
import type { RoundSnapshot } from '../round-snapshot';
import type { RoundLineView, RoundSummary } from '../round-view';
import { chartSeries, type ChartInput } from './chart-series';
import { MONTH_ABBREVIATIONS, periodLabel, periodText, swedishDateTime, tkr } from './swedish-format';

/*
 * The round as the nämnd reads it, laid out like the Delårsrapport's "Ekonomisk utveckling under
 * året": deviation per verksamhetsområde, the driftbudget summary, the frames with and without
 * resultatansvar, the main explanations (the lines' comments), charts, and every line. Money
 * only: no counts of people or households, so nothing to suppress. The document's dates are the
 * round's own (approval, else opening), so an approved round's PDF is the same bytes every time.
 */

export interface RoundPdfInput {
  readonly round: RoundSummary;
  readonly lines: readonly RoundLineView[];
  readonly snapshot: RoundSnapshot;
}

export interface PdfFonts {
  readonly regular: string;
  readonly bold: string;
  /** Whether the font has U+2212 (Helvetica's WinAnsi does not: an en dash stands in, as Swedish print does). */
  readonly trueMinus: boolean;
}

const DEJAVU = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
};

/** DejaVu Sans when the system has it (Debian's fonts-dejavu-core), else the PDF standard Helvetica. */
export function defaultFonts(): PdfFonts {
  return existsSync(DEJAVU.regular) && existsSync(DEJAVU.bold)
    ? { ...DEJAVU, trueMinus: true }
    : { regular: 'Helvetica', bold: 'Helvetica-Bold', trueMinus: false };
}

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const COLORS = {
  text: '#1a1a1a',
  muted: '#5b5b5b',
  rule: '#b9b9b9',
  surplus: '#1b7a33',
  deficit: '#b3261e',
  budget: '#6b6b6b',
  actual: '#1f5fa8',
  band: '#c9dcf2',
  header: '#eef2f6',
};

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

interface TableRow {
  readonly cells: readonly string[];
  readonly bold?: boolean;
  /** Index of a deviation cell to colour by sign, with its value. */
  readonly signed?: readonly (readonly [number, number | null])[];
}

class Writer {
  readonly doc: PDFKit.PDFDocument;
  private readonly minus: string;

  constructor(
    private readonly fonts: PdfFonts,
    private readonly title: string,
    createdAt: Date,
  ) {
    this.minus = fonts.trueMinus ? '\u2212' : '\u2013';
    this.doc = new PDFDocument({
      size: 'A4',
      margin: PAGE.margin,
      bufferPages: true,
      info: { Title: title, Author: 'Ramprognos', Creator: 'Ramprognos', Producer: 'Ramprognos', CreationDate: createdAt, ModDate: createdAt },
      lang: 'sv-SE',
    });
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
    this.doc.font('regular').fillColor(COLORS.text);
  }

  money(ore: number | null | undefined): string {
    return tkr(ore, this.minus);
  }

  ensure(height: number): void {
    if (this.doc.y + height > PAGE.height - PAGE.margin - 20) this.doc.addPage();
  }

  heading(text: string, size = 13): void {
    this.ensure(size * 3);
    this.doc.moveDown(0.6).font('bold').fontSize(size).fillColor(COLORS.text).text(text, PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.3).font('regular');
  }

  paragraph(text: string, options: { size?: number; color?: string; bold?: boolean } = {}): void {
    this.doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? COLORS.text);
    this.ensure(this.doc.heightOfString(text, { width: CONTENT_WIDTH }) + 4);
    this.doc.text(text, PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.font('regular').fillColor(COLORS.text);
  }

  table(columns: readonly Column[], rows: readonly TableRow[], size = 8.5): void {
    const doc = this.doc;
    const scale = CONTENT_WIDTH / columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => c.width * scale);
    const pad = 3;
    const rowHeight = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(size);
      return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i] - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: readonly string[], bold: boolean, fill: string | null, signed: TableRow['signed']) => {
      const height = rowHeight(cells, bold);
      if (doc.y + height > PAGE.height - PAGE.margin - 20) {
        doc.addPage();
        drawHeader();
      }
      const top = doc.y;
      if (fill) doc.rect(PAGE.margin, top, CONTENT_WIDTH, height).fill(fill);
      let x = PAGE.margin;
      cells.forEach((cell, i) => {
        const sign = signed?.find(([index]) => index === i)?.[1];
        // Coloured by the printed figure: a deficit of a few hundred kronor prints 0 and stays black.
        const shown = sign === undefined || sign === null ? 0 : Number(formatTkr(BigInt(sign)));
        const color = shown === 0 ? COLORS.text : shown > 0 ? COLORS.surplus : COLORS.deficit;
        doc
          .font(bold ? 'bold' : 'regular')
          .fontSize(size)
          .fillColor(color)
          .text(cell, x + pad, top + pad, { width: widths[i] - 2 * pad, align: columns[i].align, lineBreak: true });
        x += widths[i];
      });
      doc.fillColor(COLORS.text);
      doc
        .moveTo(PAGE.margin, top + height)
        .lineTo(PAGE.margin + CONTENT_WIDTH, top + height)
        .lineWidth(0.4)
        .strokeColor(COLORS.rule)
        .stroke();
      doc.x = PAGE.margin;
      doc.y = top + height;
    };
    const drawHeader = () => drawRow(columns.map((c) => c.header), true, COLORS.header, undefined);
    this.ensure(rowHeight(columns.map((c) => c.header), true) * 3);
    drawHeader();
    for (const row of rows) drawRow(row.cells, row.bold === true, null, row.signed);
    doc.moveDown(0.4);
  }

  chart(x: number, y: number, width: number, height: number, title: string, input: ChartInput): void {
    const doc = this.doc;
    const series = chartSeries(input);
    const values = [series.budget, series.actual, series.forecast, series.low, series.high]
      .flat()
      .filter((v): v is number => v !== null);
    let min = Math.min(0, ...values);
    let max = Math.max(0, ...values);
    if (max === min) max = min + 100_000;
    const step = niceStep((max - min) / 4);
    min = Math.floor(min / step) * step;
    max = Math.ceil(max / step) * step;
    const plot = { left: x + 44, top: y + 16, width: width - 52, height: height - 40 };
    const px = (i: number) => plot.left + (plot.width * i) / 11;
    const py = (v: number) => plot.top + plot.height - ((v - min) / (max - min)) * plot.height;

    doc.font('bold').fontSize(8.5).fillColor(COLORS.text).text(title, x, y, { width, lineBreak: false, ellipsis: true });
    doc.font('regular').fontSize(6.5).fillColor(COLORS.muted);
    for (let v = min; v <= max + step / 2; v += step) {
      doc.moveTo(plot.left, py(v)).lineTo(plot.left + plot.width, py(v)).lineWidth(0.3).strokeColor(v === 0 ? COLORS.muted : '#e2e2e2').stroke();
      doc.text(this.money(v), x, py(v) - 3, { width: 40, align: 'right', lineBreak: false });
    }
    MONTH_ABBREVIATIONS.forEach((m, i) => doc.text(m, px(i) - 10, plot.top + plot.height + 3, { width: 20, align: 'center', lineBreak: false }));

    const band: [number, number][] = [];
    series.high.forEach((v, i) => v !== null && band.push([px(i), py(v)]));
    [...series.low.keys()].reverse().forEach((i) => {
      const v = series.low[i];
      if (v !== null) band.push([px(i), py(v)]);
    });
    if (band.length > 2) doc.polygon(...band).fillOpacity(0.8).fill(COLORS.band).fillOpacity(1);
    const line = (points: readonly (number | null)[], color: string, dash: number | null, widthPt: number) => {
      const pts = points.map((v, i) => (v === null ? null : ([px(i), py(v)] as const))).filter((p) => p !== null);
      if (pts.length < 2) return;
      doc.moveTo(pts[0][0], pts[0][1]);
      for (const [px2, py2] of pts.slice(1)) doc.lineTo(px2, py2);
      if (dash !== null) doc.dash(dash, { space: dash });
      doc.lineWidth(widthPt).strokeColor(color).stroke().undash();
    };
    line(series.budget, COLORS.budget, 2, 1);
    line(series.forecast, COLORS.actual, 3, 1.2);
    line(series.actual, COLORS.actual, null, 1.6);

    const legendY = y + height - 10;
    const wide = width > 300;
    const legend: [string, string, 'line' | 'dash' | 'box'][] = [
      ['Utfall', COLORS.actual, 'line'],
      [wide ? 'Periodiserad budget' : 'Budget', COLORS.budget, 'dash'],
      ['Prognos', COLORS.actual, 'dash'],
      [wide ? 'Prognosintervall' : 'Intervall', COLORS.band, 'box'],
    ];
    let lx = plot.left;
    for (const [label, color, kind] of legend) {
      if (kind === 'box') doc.rect(lx, legendY - 3, 10, 6).fill(color);
      else {
        doc.moveTo(lx, legendY).lineTo(lx + 10, legendY);
        if (kind === 'dash') doc.dash(2, { space: 2 });
        doc.lineWidth(1.2).strokeColor(color).stroke().undash();
      }
      doc.fillColor(COLORS.muted).fontSize(6.5).text(label, lx + 13, legendY - 3.5, { lineBreak: false });
      lx += 16 + doc.widthOfString(label) + 10;
    }
    doc.fillColor(COLORS.text);
  }

  footers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // Below the bottom margin pdfkit would start a new page; the footer belongs on this one.
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('regular')
        .fontSize(7.5)
        .fillColor(COLORS.muted)
        .text(`Ramprognos · ${this.title} · sida ${i + 1} av ${range.count}`, PAGE.margin, PAGE.height - PAGE.margin + 12, {
          width: CONTENT_WIDTH,
          align: 'center',
          lineBreak: false,
        });
    }
  }

  async finish(): Promise<Buffer> {
    this.footers();
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

const signed = (figures: Partial<FiguresView>, ...pairs: [number, keyof FiguresView][]): [number, number | null][] =>
  pairs.map(([index, field]) => [index, (figures[field] as number | null | undefined) ?? null]);

export async function roundPdf(input: RoundPdfInput, fonts: PdfFonts = defaultFonts()): Promise<Buffer> {
  const { round, snapshot } = input;
  const { frame, area, line } = snapshot.reports;
  const period = periodLabel(round.asOf);
  const w = new Writer(fonts, round.label, new Date(round.approved?.at ?? round.opened.at));
  const doc = w.doc;
  const money = (v: number | null | undefined) => w.money(v);
  const u = line.unclassified;

  // ---- title
  doc.font('bold').fontSize(20).text(round.label, PAGE.margin, PAGE.margin, { width: CONTENT_WIDTH });
  doc.font('regular').fontSize(13).fillColor(COLORS.muted).text('Ekonomisk utveckling under året', { width: CONTENT_WIDTH });
  doc.moveDown(0.5).fillColor(COLORS.text);
  w.paragraph(
    `Utfall ${periodText(round.asOf)} och prognos för helåret ${round.year}. Belopp i tkr. ` +
      `Siffrorna är låsta vid omgångens öppnande (kunskapsläge ${swedishDateTime(round.knownAt)}) och räknas aldrig om.`,
  );
  w.paragraph(
    round.status === 'APPROVED' && round.approved
      ? `Godkänd ${swedishDateTime(round.approved.at)} av ${round.approved.by}. Öppnad ${swedishDateTime(round.opened.at)} av ${round.opened.by}.`
      : `UTKAST – ej godkänd. Öppnad ${swedishDateTime(round.opened.at)} av ${round.opened.by}; ${round.readyCount} av ${round.lineCount} rader klara.`,
    { color: round.status === 'APPROVED' ? COLORS.muted : COLORS.deficit, bold: round.status !== 'APPROVED' },
  );

  // ---- per verksamhetsområde (the seed's first table)
  w.heading('Budgetavvikelse per verksamhetsområde');
  const areaColumns: Column[] = [
    { header: 'Verksamhetsområde (tkr)', width: 200, align: 'left' },
    { header: 'Budget helår', width: 75, align: 'right' },
    { header: `Utfall ${period}`, width: 75, align: 'right' },
    { header: 'Prognos helår', width: 75, align: 'right' },
    { header: 'Prognos budgetavvikelse', width: 85, align: 'right' },
  ];
  const areaRow = (name: string, f: Partial<FiguresView>, bold = false): TableRow => ({
    cells: [name, money(f.annualBudget), money(f.actualYtd), money(f.forecastFullYear), money(f.forecastDeviation)],
    bold,
    signed: signed(f, [4, 'forecastDeviation']),
  });
  const unclassifiedFigures: Partial<FiguresView> = {
    annualBudget: 0,
    budgetYtd: 0,
    actualYtd: u.actualYtd,
    deviationYtd: -u.actualYtd,
    forecastFullYear: u.forecastFullYear,
    forecastDeviation: u.forecastFullYear === null ? null : -u.forecastFullYear,
  };
  const hasUnclassified = u.actualYtd !== 0 || (u.forecastFullYear ?? 0) !== 0;
  w.table(areaColumns, [
    ...area.rows.map((r) => areaRow(`${r.name} (${r.code})`, r)),
    ...(hasUnclassified ? [areaRow('OKLASSIFICERAT (ingen budgetrad matchar)', unclassifiedFigures)] : []),
    areaRow('SUMMA', area.total, true),
  ]);

  // ---- driftbudget
  w.heading('Driftbudget');
  const t = line.total;
  w.table(
    [
      { header: 'Tkr', width: 200, align: 'left' },
      { header: `Utfall ${period}`, width: 100, align: 'right' },
      { header: 'Prognos helår', width: 100, align: 'right' },
    ],
    [
      { cells: ['Nettokostnad', money(-t.actualYtd), money(t.forecastFullYear === null ? null : -t.forecastFullYear)] },
      { cells: ['Budget (periodiserad resp. helår)', money(t.budgetYtd), money(t.annualBudget)] },
      {
        cells: ['Resultat (budgetavvikelse)', money(t.deviationYtd), money(t.forecastDeviation)],
        bold: true,
        signed: signed(t, [1, 'deviationYtd'], [2, 'forecastDeviation']),
      },
    ],
  );

  // ---- per ram, with and without resultatansvar
  w.heading('Budgetavvikelse per ram');
  const accountable = new Set(snapshot.budget.frames.filter((f) => f.accountable).map((f) => f.code));
  const frameColumns: Column[] = [
    { header: 'Ram (tkr)', width: 170, align: 'left' },
    { header: 'Budget helår', width: 70, align: 'right' },
    { header: `Utfall ${period}`, width: 70, align: 'right' },
    { header: 'Avvikelse perioden', width: 70, align: 'right' },
    { header: 'Prognos helår', width: 70, align: 'right' },
    { header: 'Prognos budgetavvikelse', width: 75, align: 'right' },
  ];
  const frameRow = (name: string, f: Partial<FiguresView>, bold = false): TableRow => ({
    cells: [name, money(f.annualBudget), money(f.actualYtd), money(f.deviationYtd), money(f.forecastFullYear), money(f.forecastDeviation)],
    bold,
    signed: signed(f, [3, 'deviationYtd'], [5, 'forecastDeviation']),
  });
  w.table(frameColumns, [
    ...frame.rows.filter((r) => accountable.has(r.code)).map((r) => frameRow(`${r.name} (${r.code})`, r)),
    frameRow('Summa ramar med resultatansvar', frame.subtotals.accountable, true),
    ...frame.rows.filter((r) => !accountable.has(r.code)).map((r) => frameRow(`${r.name} (${r.code})`, r)),
    frameRow('Summa ramar utan resultatansvar', frame.subtotals.notAccountable, true),
    ...(hasUnclassified ? [frameRow('OKLASSIFICERAT', unclassifiedFigures)] : []),
    frameRow('Totalt', frame.total, true),
  ]);

  // ---- the main explanations: the lines' comments
  const rowsByCode = new Map(line.rows.map((r) => [r.code, r]));
  const commented = input.lines
    .filter((l) => l.comment !== null && rowsByCode.has(l.code))
    .map((l) => ({ row: rowsByCode.get(l.code) as RowView, text: l.comment?.text ?? '' }))
    .sort((a, b) => Math.abs(b.row.forecastDeviation ?? 0) - Math.abs(a.row.forecastDeviation ?? 0) || a.row.code.localeCompare(b.row.code));
  w.heading('Prognostiserad budgetavvikelse helår – viktigaste förklaringar');
  const listed = commented.reduce((s, c) => s + (c.row.forecastDeviation ?? 0), 0);
  const rest = t.forecastDeviation === null ? null : t.forecastDeviation - listed;
  w.table(
    [
      { header: 'Tkr', width: 330, align: 'left' },
      { header: 'Prognos budgetavvikelse', width: 110, align: 'right' },
    ],
    [
      ...commented.map(({ row }) => ({
        cells: [`${row.name} (${row.area ?? row.code})`, money(row.forecastDeviation)],
        signed: [[1, row.forecastDeviation] as const],
      })),
      { cells: ['Övriga avvikelser (samtliga verksamhetsområden)', money(rest)], signed: [[1, rest] as const] },
      { cells: ['Summa budgetavvikelser', money(t.forecastDeviation)], bold: true, signed: [[1, t.forecastDeviation] as const] },
    ],
  );
  if (commented.length === 0) w.paragraph('Inga kommentarer är skrivna i denna omgång.', { color: COLORS.muted });
  for (const { row, text } of commented) {
    w.ensure(40);
    doc.moveDown(0.3);
    w.paragraph(`${row.name} (${row.code})`, { bold: true, size: 10 });
    w.paragraph(
      `Budgetavvikelse perioden ${money(row.deviationYtd)} tkr` +
        (row.forecastDeviation === null ? ', ingen helårsprognos ännu.' : `, prognostiserad helår ${money(row.forecastDeviation)} tkr`) +
        (row.previousForecastDeviation === null || row.forecastDeviation === null
          ? row.forecastDeviation === null ? '' : '.'
          : `, förändring sedan föregående prognos ${money(row.forecastDeviation - row.previousForecastDeviation)} tkr.`),
      { color: COLORS.muted, size: 8.5 },
    );
    w.paragraph(text);
  }

  // ---- charts: the total and each commented line
  doc.addPage();
  w.heading('Utfall mot periodiserad budget och prognos, ackumulerat (tkr)');
  const monthly = new Map(snapshot.monthly.lines.map((l) => [l.code, l]));
  const chartOf = (budget: readonly number[], actual: readonly (number | null)[], f: Partial<FiguresView>): ChartInput => ({
    budget,
    actual,
    forecastFullYear: f.forecastFullYear ?? null,
    forecastLow: f.forecastLow ?? null,
    forecastHigh: f.forecastHigh ?? null,
  });
  const top = doc.y;
  w.chart(PAGE.margin, top, CONTENT_WIDTH, 220, 'Totalt', chartOf(snapshot.monthly.total.budget, snapshot.monthly.total.actual, t));
  doc.y = top + 232;
  const lineCharts = commented.map(({ row }) => row).filter((row) => monthly.has(row.code));
  const half = (CONTENT_WIDTH - 16) / 2;
  for (let i = 0; i < lineCharts.length; i += 2) {
    w.ensure(190);
    const y = doc.y;
    for (const [k, row] of lineCharts.slice(i, i + 2).entries()) {
      const m = monthly.get(row.code);
      if (m) w.chart(PAGE.margin + k * (half + 16), y, half, 180, `${row.name} (${row.code})`, chartOf(m.budget, m.actual, row));
    }
    doc.x = PAGE.margin;
    doc.y = y + 192;
  }

  // ---- every line
  doc.addPage();
  w.heading('Budgetavvikelse per kostnadslinje');
  const lineColumns: Column[] = [
    { header: 'Kostnadslinje (tkr)', width: 165, align: 'left' },
    { header: 'Budget helår', width: 62, align: 'right' },
    { header: `Utfall ${period}`, width: 62, align: 'right' },
    { header: 'Avvikelse perioden', width: 62, align: 'right' },
    { header: 'Prognos helår', width: 62, align: 'right' },
    { header: 'Prognos budget­avvikelse', width: 62, align: 'right' },
    { header: 'Förändring mot föreg. prognos', width: 62, align: 'right' },
  ];
  const change = (f: Partial<FiguresView>) =>
    f.forecastDeviation == null || f.previousForecastDeviation == null ? null : f.forecastDeviation - f.previousForecastDeviation;
  const lineRow = (name: string, f: Partial<FiguresView>, bold = false): TableRow => ({
    cells: [
      name,
      money(f.annualBudget),
      money(f.actualYtd),
      money(f.deviationYtd),
      money(f.forecastFullYear),
      money(f.forecastDeviation),
      money(change(f)),
    ],
    bold,
    signed: [...signed(f, [3, 'deviationYtd'], [5, 'forecastDeviation']), [6, change(f)]],
  });
  w.table(
    lineColumns,
    [
      ...line.rows.map((r) => lineRow(`${r.name} (${r.code})`, r)),
      lineRow('OKLASSIFICERAT', unclassifiedFigures),
      lineRow('Totalt', line.total, true),
    ],
    7.5,
  );
  w.paragraph(
    'Budgetavvikelse = budget − nettokostnad: positiv är överskott (grönt), negativ underskott (rött). ' +
      'Prognosintervallet är summan av prognosmotorns intervall per nyckel.',
    { color: COLORS.muted, size: 8 },
  );
  return w.finish();
}
