#!/usr/bin/env node
// `npm run demo [-- --scale small|medium|malmo] [--port-base 3001]`: the stack (scripts/lib/stack.mjs)
// with a generated municipality loaded through the public APIs — the 2023 budget with its
// adjustments, then three years of events to intake and payments — then the budget deviation per
// frame and area as of 2023-08-31 in tkr, the dashboard URL and login tokens. Runs until Ctrl-C.
// test/e2e/demo.e2e-spec.ts reads the tables: keep one row per line, the label then six figures.
import { createRequire } from 'node:module';
import { LOCAL_SECRETS, say, startStack } from './lib/stack.mjs';

const require = createRequire(import.meta.url);
const { generateMunicipality, demoBudget2023, demoAdjustments2023, DEMO_SEED } = require('../dist/libs/generator/src/index.js');
const { signLocalToken } = require('../dist/libs/service-kit/src/index.js');
const { formatTkr } = require('../dist/libs/money/src/index.js');

const args = process.argv.slice(2);
const scaleArg = args.includes('--scale') ? args[args.indexOf('--scale') + 1] : 'medium';
const scale = ['small', 'medium', 'malmo'].includes(scaleArg) ? scaleArg : Number(scaleArg);
if (scale !== scaleArg && !(scale > 0 && scale <= 1)) {
  console.error(`--scale must be small, medium, malmo or a fraction of Malmö, not ${scaleArg}`);
  process.exit(2);
}
const AS_OF = '2023-08-31';
const INGEST_TOKENS = { 'urn:system:lifecare': 'local-lifecare-token', 'urn:system:utbetalning': 'local-payments-token', 'urn:system:raindance': 'local-payments-token' };

const started = Date.now();
const { services, stop } = await startStack({ echo: false });
const url = (name) => services[name].url;
const controller = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'demo-controller', roles: ['controller'] });
const ekonom = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'demo-ekonom', roles: ['ekonom'] });

async function call(method, target, body, token) {
  const response = await fetch(target, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${target}: ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

try {
  say(`generating a municipality at scale ${scaleArg} (seed ${DEMO_SEED}) …`);
  const { events } = generateMunicipality({ seed: DEMO_SEED, scale });

  const budgetUrl = `${url('reporting')}/v1/budgets`;
  const existing = await fetch(`${budgetUrl}/2023`, { headers: { authorization: `Bearer ${controller}` } });
  if (existing.status === 404) {
    await call('POST', budgetUrl, demoBudget2023(scale), controller);
    for (const adjustment of demoAdjustments2023(scale)) await call('POST', `${budgetUrl}/2023/adjustments`, adjustment, controller);
    say('budget 2023 adopted, with its adjustments');
  } else say('budget 2023 already there (an earlier demo run); keeping it');

  // Batches of up to 1,000 events, one source each, in time order; two requests in flight.
  const batches = [];
  let current = null;
  for (const event of events) {
    const target = /\.(case|placement)\./.test(event.type) ? 'intake' : 'payments';
    if (!current || current.source !== event.source || current.events.length === 1000) {
      current = { target, source: event.source, events: [] };
      batches.push(current);
    }
    current.events.push(event);
  }
  let sent = 0;
  let duplicates = 0;
  const loadStarted = Date.now();
  const progress = () => {
    const seconds = (Date.now() - loadStarted) / 1000;
    const rate = sent / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.round((events.length - sent) / rate) : 0;
    const width = 30;
    const done = Math.round((width * sent) / events.length);
    const line = `[demo] loading [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${sent}/${events.length} events, ${Math.round(rate)} events/s, ETA ${eta} s`;
    process.stdout.write(process.stdout.isTTY ? `\r${line}` : `${line}\n`);
  };
  let next = 0;
  let lastLogged = 0;
  async function worker() {
    while (next < batches.length) {
      const batch = batches[next++];
      const result = await call('POST', `${url(batch.target)}/v1/events`, batch.events, INGEST_TOKENS[batch.source]);
      sent += batch.events.length;
      duplicates += result.duplicates ?? 0;
      if (process.stdout.isTTY || sent - lastLogged >= events.length / 10) {
        lastLogged = sent;
        progress();
      }
    }
  }
  await Promise.all([worker(), worker()]);
  progress();
  process.stdout.write('\n');
  if (duplicates > 0) say(`${duplicates} events were already there (an earlier demo run): acknowledged, not published again`);

  say('waiting until the forecast service has applied everything …');
  for (;;) {
    const [intake, payments, forecast] = await Promise.all(
      ['intake', 'payments', 'forecast'].map((name) => fetch(`${url(name)}/v1/status`).then((r) => r.json())),
    );
    if (intake.outboxPending === 0 && payments.outboxPending === 0 && forecast.caughtUp && forecast.eventsApplied >= events.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  // Exact from the öre (formatTkr, no float on the way), written the sv-SE way: no-break space
  // between thousands, U+2212 for minus, an en dash for no figure. Every figure is one
  // whitespace-free word, so a reader can take a row as its label followed by six figures.
  const tkr = (ore) => {
    if (ore === null || ore === undefined) return '–';
    const value = formatTkr(BigInt(ore));
    const digits = (value < 0n ? -value : value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
    return value < 0n ? `\u2212${digits}` : digits;
  };
  const negate = (ore) => (ore === null ? null : -BigInt(ore));
  for (const [groupBy, title] of [['frame', 'Ram'], ['area', 'Verksamhetsområde']]) {
    const report = await call('GET', `${url('reporting')}/v1/reports/budget-deviation?year=2023&asOf=${AS_OF}&groupBy=${groupBy}`, undefined, controller);
    const header = [title, 'Budget helår', 'Periodiserad budget', 'Utfall', 'Avvikelse', 'Prognos helår', 'Progn. avvikelse'];
    // What no budget line matches: budget 0, so the deviations are minus the amounts. The total
    // includes it (total = Σ rows + unclassified), so the table has to show it to add up.
    const { unclassified } = report;
    const hasUnclassified = unclassified.items.length > 0 || BigInt(unclassified.actualYtd) !== 0n || BigInt(unclassified.forecastFullYear ?? 0) !== 0n;
    const unclassifiedRow = {
      name: 'Oklassificerat',
      annualBudget: 0,
      budgetYtd: 0,
      actualYtd: unclassified.actualYtd,
      deviationYtd: negate(unclassified.actualYtd),
      forecastFullYear: unclassified.forecastFullYear,
      forecastDeviation: negate(unclassified.forecastFullYear),
    };
    const rows = [...report.rows, ...(hasUnclassified ? [unclassifiedRow] : []), { ...report.total, name: 'Totalt' }];
    const table = rows.map((r) => [r.name ?? r.code, ...['annualBudget', 'budgetYtd', 'actualYtd', 'deviationYtd', 'forecastFullYear', 'forecastDeviation'].map((k) => tkr(r[k]))]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
    console.log(`\nBudgetavvikelse per ${title.toLowerCase()} 2023, per ${AS_OF} (tkr; positiv = överskott)`);
    console.log(header.map((h, i) => (i === 0 ? h.padEnd(widths[i]) : h.padStart(widths[i]))).join('  '));
    for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  }
  console.log(`\nDashboard: ${url('reporting')}/`);
  console.log(`Login token (controller): ${controller}`);
  console.log(`Login token (ekonom):     ${ekonom}`);
  say(`ready in ${Math.round((Date.now() - started) / 1000)} s. Ctrl-C stops everything the demo started.`);
} catch (error) {
  say(`demo failed: ${error.stack ?? error}`);
  await stop(1);
}
