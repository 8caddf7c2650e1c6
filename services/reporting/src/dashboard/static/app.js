/*
 * The dashboard: a static page that calls the reporting service's JSON API with the user's bearer
 * token. It shows what the API answers and computes no figure of its own beyond sums of months,
 * unit costs (amount ÷ volume) and the drawing of the charts. No personal data: only lines,
 * amounts, counts of days and households, and the users' own ids in the audit trail.
 */
(function () {
  'use strict';
  const F = window.RamFormat;
  const TOKEN_KEY = 'ramprognos.token';
  const $ = (id) => document.getElementById(id);
  const GROUP_TITLES = { frame: 'Budgetavvikelse per ram', area: 'Budgetavvikelse per verksamhetsområde', line: 'Budgetavvikelse per kostnadslinje' };
  const UNIT_NAMES = { VARDDYGN: ['Vårddygn', 'Dygnskostnad'], HUSHALLSMANADER: ['Hushåll', 'Kostnad per hushåll'] };
  const EVENT_NAMES = {
    RoundOpened: 'Omgången öppnades (siffrorna låstes)',
    LineCommented: 'Kommentar skrevs',
    LineMarkedReady: 'Raden markerades klar',
    LineReopened: 'Raden öppnades igen',
    RoundApproved: 'Omgången godkändes (frusen)',
  };

  const state = {
    token: null,
    principal: null,
    groupBy: 'area',
    source: 'live',
    data: null, // { year, asOf, knownAt, reports: {frame, area, line}, monthly, budget, round? }
    selectedLine: null,
    rounds: [],
    charts: {},
  };

  // ------------------------------------------------------------ api

  async function api(path, options) {
    const opts = options || {};
    const headers = { authorization: 'Bearer ' + state.token, accept: opts.accept || 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method: opts.method || 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    if (response.status === 401) {
      logout('Inloggningen gäller inte längre; logga in igen.');
      throw new Error('not logged in');
    }
    if (opts.raw) {
      if (!response.ok) throw new Error(await errorText(response));
      return response;
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) throw new Error(messageOf(body, response.status));
    return body;
  }

  async function errorText(response) {
    try { return messageOf(JSON.parse(await response.text()), response.status); } catch (e) { return 'HTTP ' + response.status; }
  }

  function messageOf(body, status) {
    if (body && Array.isArray(body.errors)) return body.errors.map((e) => (e.field ? e.field + ': ' : '') + e.message).join('; ');
    return 'HTTP ' + status;
  }

  function setStatus(text, isError) {
    const el = $('status');
    el.textContent = text || '';
    el.classList.toggle('error', Boolean(isError));
  }

  async function run(label, fn) {
    setStatus(label + ' …');
    try {
      await fn();
      setStatus('');
    } catch (error) {
      if (error.message !== 'not logged in') setStatus(label + ' misslyckades: ' + error.message, true);
    }
  }

  // ------------------------------------------------------------ login

  function decodePrincipal(token) {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    try {
      const json = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
      const roles = Array.isArray(json.roles) ? json.roles.filter((r) => ['ekonom', 'controller', 'admin'].includes(r)) : [];
      return { subject: String(json.sub || 'okänd'), roles };
    } catch (e) {
      return null;
    }
  }

  const can = (...roles) => Boolean(state.principal && state.principal.roles.some((r) => roles.includes(r)));

  async function login(token) {
    const principal = decodePrincipal(token.trim());
    if (!principal || principal.roles.length === 0) {
      $('login-error').textContent = 'Det där är ingen JWT med rollen ekonom, controller eller admin.';
      return;
    }
    state.token = token.trim();
    state.principal = principal;
    try {
      // A cheap authenticated call proves the token before the page shows anything.
      await api('/v1/rounds?year=' + $('year').value);
    } catch (error) {
      state.token = null;
      $('login-error').textContent = 'Inloggningen nekades: ' + error.message;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, state.token);
    $('login-error').textContent = '';
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    $('who').textContent = principal.subject + ' (' + principal.roles.join(', ') + ')';
    $('round-open-panel').hidden = !can('controller', 'admin');
    await refreshAll();
  }

  function logout(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    state.principal = null;
    $('app-view').hidden = true;
    $('login-view').hidden = false;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('login-error').textContent = message || '';
  }

  async function setUpDevLogin() {
    try {
      const response = await fetch('/v1/dev/login');
      const body = response.ok ? await response.json() : null;
      $('dev-form').hidden = !(body && body.enabled);
    } catch (e) {
      $('dev-form').hidden = true;
    }
  }

  async function devLogin() {
    const response = await fetch('/v1/dev/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: $('dev-subject').value, roles: [$('dev-role').value] }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !body.token) {
      $('login-error').textContent = 'Utvecklingsinloggningen nekades: ' + messageOf(body, response.status);
      return;
    }
    await login(body.token);
  }

  // ------------------------------------------------------------ data

  async function loadLive() {
    const year = Number($('year').value);
    const asOf = $('asof').value.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number(asOf.slice(0, 4)) !== year) {
      throw new Error('per datum ska vara ett datum ÅÅÅÅ-MM-DD i ' + year);
    }
    const q = (extra) => '?year=' + year + '&asOf=' + asOf + extra;
    const first = await api('/v1/reports/budget-deviation' + q('&groupBy=' + state.groupBy));
    // The same knowledge time for every call, so that the groupings, the months and the charts agree.
    const knownAt = '&knownAt=' + encodeURIComponent(first.knownAt);
    const groups = ['frame', 'area', 'line'].filter((g) => g !== state.groupBy);
    const [a, b, monthly, budget] = await Promise.all([
      api('/v1/reports/budget-deviation' + q('&groupBy=' + groups[0] + knownAt)),
      api('/v1/reports/budget-deviation' + q('&groupBy=' + groups[1] + knownAt)),
      api('/v1/reports/monthly' + q(knownAt)),
      api('/v1/budgets/' + year),
    ]);
    const reports = { [state.groupBy]: first, [groups[0]]: a, [groups[1]]: b };
    state.data = {
      year, asOf, knownAt: first.knownAt, reports, monthly,
      budget: {
        frames: budget.frames,
        areas: budget.areas,
        lines: budget.lines.map((l) => ({ code: l.code, name: l.name, frame: l.frame, area: l.area, volumeUnit: l.volume ? l.volume.unit : null })),
      },
      volumes: Object.fromEntries(budget.lines.filter((l) => l.volume).map((l) => [l.code, l.volume])),
      round: null,
    };
  }

  async function loadRound(roundId) {
    const round = await api('/v1/rounds/' + roundId);
    const s = round.snapshot;
    state.data = { year: s.year, asOf: s.asOf, knownAt: s.knownAt, reports: s.reports, monthly: s.monthly, budget: s.budget, volumes: null, round };
    $('year').value = s.year;
    $('asof').value = s.asOf;
  }

  async function loadRounds() {
    const body = await api('/v1/rounds?year=' + $('year').value);
    state.rounds = body.rounds;
    const select = $('source');
    const current = state.source;
    select.innerHTML = '';
    select.append(new Option('Aktuellt läge', 'live'));
    for (const r of state.rounds) {
      select.append(new Option(r.label + ' (' + r.asOf + ', ' + (r.status === 'APPROVED' ? 'godkänd' : 'öppen') + ')', r.roundId));
    }
    select.value = state.rounds.some((r) => r.roundId === current) ? current : 'live';
    state.source = select.value;
  }

  async function refreshAll() {
    await run('Hämtar', async () => {
      await loadRounds();
      if (state.source === 'live') await loadLive();
      else await loadRound(state.source);
      render();
      await renderAccuracy();
    });
  }

  // ------------------------------------------------------------ rendering helpers

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  // Coloured by the printed tkr: a deficit of a few hundred kronor prints 0 and is neither.
  const orDash = (v, format) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : format(v));
  const signClass = (v) => {
    const shown = v === null || v === undefined ? 0 : F.divRound(v, 100000);
    return shown === 0 ? '' : shown > 0 ? 'pos' : 'neg';
  };
  const change = (f) => (f.forecastDeviation === null || f.forecastDeviation === undefined || f.previousForecastDeviation === null || f.previousForecastDeviation === undefined ? null : f.forecastDeviation - f.previousForecastDeviation);

  const COLUMNS = [
    ['annualBudget', 'Budget helår'],
    ['budgetYtd', 'Periodiserad budget'],
    ['actualYtd', 'Utfall'],
    ['deviationYtd', 'Avvikelse perioden', true],
    ['forecastFullYear', 'Prognos helår'],
    ['forecastDeviation', 'Prognostiserad avvikelse', true],
    ['change', 'Förändring sedan föregående prognos', true],
  ];

  function figureCells(f) {
    return COLUMNS.map(([field, , signed]) => {
      const value = field === 'change' ? change(f) : f[field];
      const td = el('td', { 'data-field': field, class: signed ? signClass(value) : '', text: F.tkr(value) });
      if (field === 'forecastFullYear' && f.forecastLow !== null && f.forecastLow !== undefined) {
        td.title = 'Prognosintervall ' + F.tkr(f.forecastLow) + ' – ' + F.tkr(f.forecastHigh) + ' tkr';
      }
      return td;
    });
  }

  function figureRow(cls, code, name, f, extra) {
    return el('tr', Object.assign({ class: cls, 'data-code': code }, extra || {}), [
      el('td', { class: 'text', text: code }),
      el('td', { class: 'text', text: name }),
      ...figureCells(f),
    ]);
  }

  const keys = (n) => n + (n === 1 ? ' nyckel' : ' nycklar');

  function unclassifiedFigures(u) {
    return {
      annualBudget: 0, budgetYtd: 0, actualYtd: u.actualYtd, deviationYtd: -u.actualYtd,
      forecastFullYear: u.forecastFullYear, forecastLow: u.forecastLow, forecastHigh: u.forecastHigh,
      forecastDeviation: u.forecastFullYear === null ? null : -u.forecastFullYear, previousForecastDeviation: null,
    };
  }

  // ------------------------------------------------------------ the main view

  function render() {
    const d = state.data;
    const round = d.round;
    $('knownat').textContent = 'Kunskapsläge ' + F.dateTime(d.knownAt);
    $('knownat').dataset.knownAt = d.knownAt;
    $('year').disabled = Boolean(round);
    $('asof').disabled = Boolean(round);
    const banner = $('banner');
    banner.hidden = !round;
    if (round) {
      banner.textContent = round.label + ': siffrorna låstes ' + F.dateTime(round.knownAt) + ' och räknas aldrig om. ' +
        (round.status === 'APPROVED' ? 'Godkänd ' + F.dateTime(round.approved.at) + ' av ' + round.approved.by + '.' : round.readyCount + ' av ' + round.lineCount + ' rader klara.');
    }
    renderSummary();
    renderTotalChart();
    renderTable();
    renderRoundsTab();
    if (state.selectedLine) renderDrilldown(state.selectedLine);
  }

  function renderSummary() {
    const t = state.data.reports.line.total;
    const through = 't.o.m. ' + state.data.asOf;
    const card = (id, label, value, signed) => el('div', { class: 'card', id }, [
      el('div', { class: 'label', text: label }),
      el('div', { class: 'value ' + (signed ? signClass(value) : ''), text: value === null || value === undefined ? '– (ingen prognos ännu)' : F.tkr(value) + ' tkr' }),
    ]);
    $('summary').replaceChildren(
      card('card-budget', 'Budget helår', t.annualBudget),
      card('card-actual', 'Utfall ' + through, t.actualYtd),
      card('card-deviation', 'Avvikelse ' + through, t.deviationYtd, true),
      card('card-forecast', 'Prognos helår', t.forecastFullYear),
      card('card-forecast-deviation', 'Prognostiserad avvikelse helår', t.forecastDeviation, true),
    );
  }

  function renderTable() {
    const d = state.data;
    const view = d.reports[state.groupBy];
    $('table-title').textContent = GROUP_TITLES[state.groupBy];
    document.querySelectorAll('[data-group]').forEach((b) => b.classList.toggle('active', b.dataset.group === state.groupBy));
    const head = el('thead', {}, [el('tr', {}, [el('th', { class: 'text', text: 'Kod' }), el('th', { class: 'text', text: 'Namn' }), ...COLUMNS.map(([, h]) => el('th', { text: h + ' (tkr)' }))])]);
    const body = el('tbody');
    const accountableFrames = new Set(d.budget.frames.filter((f) => f.accountable).map((f) => f.code));
    const isAccountable = (row) => (state.groupBy === 'frame' ? accountableFrames.has(row.code) : state.groupBy === 'line' ? accountableFrames.has(row.frame) : null);
    const lineRow = (row) => {
      const clickable = state.groupBy === 'line';
      const tr = figureRow('row' + (clickable ? ' clickable' : '') + (state.selectedLine === row.code ? ' selected' : ''), row.code, row.name, row, { title: clickable ? 'Visa månader, volym och styckkostnad' : undefined });
      if (clickable) tr.addEventListener('click', () => { state.selectedLine = row.code; renderTable(); renderDrilldown(row.code); });
      if (d.round && clickable) {
        const ls = d.round.lines.find((l) => l.code === row.code);
        if (ls && ls.ready) tr.children[1].append(' ', el('span', { class: 'tag ready', text: 'klar' }));
        if (ls && ls.comment) tr.children[1].append(' ', el('span', { class: 'tag', text: 'kommenterad' }));
      }
      return tr;
    };
    const groupHeader = (text) => el('tr', { class: 'group' }, [el('td', { colSpan: 2 + COLUMNS.length, text })]);
    if (state.groupBy === 'area') {
      view.rows.forEach((row) => body.append(lineRow(row)));
    } else {
      body.append(groupHeader('Ramar med resultatansvar'));
      view.rows.filter((r) => isAccountable(r)).forEach((row) => body.append(lineRow(row)));
      body.append(figureRow('subtotal', 'RESULTATANSVAR', 'Summa ramar med resultatansvar', view.subtotals.accountable));
      body.append(groupHeader('Ramar utan resultatansvar'));
      view.rows.filter((r) => !isAccountable(r)).forEach((row) => body.append(lineRow(row)));
      body.append(figureRow('subtotal', 'EJ_RESULTATANSVAR', 'Summa ramar utan resultatansvar', view.subtotals.notAccountable));
    }
    const u = view.unclassified;
    body.append(figureRow('unclassified', 'OKLASSIFICERAT', 'Oklassificerat (' + keys(u.keyCount !== undefined ? u.keyCount : u.items.length) + ' utan budgetrad)', unclassifiedFigures(u)));
    if (state.groupBy === 'area') {
      body.append(figureRow('subtotal', 'RESULTATANSVAR', 'Varav ramar med resultatansvar', view.subtotals.accountable));
      body.append(figureRow('subtotal', 'EJ_RESULTATANSVAR', 'Varav ramar utan resultatansvar', view.subtotals.notAccountable));
    }
    body.append(figureRow('total', 'TOTAL', 'Totalt', view.total));
    $('deviation-table').replaceChildren(head, body);
  }

  // ------------------------------------------------------------ charts (Chart.js)

  function drawChart(canvasId, input) {
    const s = F.chartSeries(input);
    const toTkr = (v) => (v === null ? null : v / 100000);
    const data = {
      labels: F.MONTHS,
      datasets: [
        { label: 'Prognosintervall', data: s.high.map(toTkr), borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(31,95,168,0.15)', fill: '+1' },
        { label: 'Prognos lägst', data: s.low.map(toTkr), borderWidth: 0, pointRadius: 0, fill: false },
        { label: 'Periodiserad budget', data: s.budget.map(toTkr), borderColor: '#6b6b6b', borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0, fill: false },
        { label: 'Utfall', data: s.actual.map(toTkr), borderColor: '#1f5fa8', borderWidth: 2.5, pointRadius: 2, fill: false },
        { label: 'Prognos', data: s.forecast.map(toTkr), borderColor: '#1f5fa8', borderDash: [3, 3], borderWidth: 2, pointRadius: 0, fill: false },
      ],
    };
    const options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { labels: { filter: (item) => item.text !== 'Prognos lägst' } },
        tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ': ' + F.tkr(Math.round(ctx.parsed.y * 100000)) + ' tkr' } },
      },
      scales: { y: { ticks: { callback: (v) => F.tkr(Math.round(v * 100000)) } } },
    };
    if (state.charts[canvasId]) state.charts[canvasId].destroy();
    state.charts[canvasId] = new window.Chart($(canvasId), { type: 'line', data, options });
  }

  function renderTotalChart() {
    const d = state.data;
    const t = d.reports.line.total;
    drawChart('total-chart', { budget: d.monthly.total.budget, actual: d.monthly.total.actual, forecastFullYear: t.forecastFullYear, forecastLow: t.forecastLow, forecastHigh: t.forecastHigh });
  }

  // ------------------------------------------------------------ drill-down

  function renderDrilldown(code) {
    const d = state.data;
    const row = d.reports.line.rows.find((r) => r.code === code);
    const months = d.monthly.lines.find((l) => l.code === code);
    if (!row || !months) return;
    $('drilldown').hidden = false;
    $('drill-title').textContent = row.name + ' (' + row.code + ')';
    const unit = months.volumeUnit ? UNIT_NAMES[months.volumeUnit] : null;
    const v = row.volume;
    const budgetPrice = v && v.budget > 0 ? row.annualBudget / v.budget : null;
    const forecastPrice = v && v.forecastFullYear ? row.forecastFullYear / v.forecastFullYear : null;
    const fact = (id, label, text, cls) => el('div', { class: 'card', id }, [el('div', { class: 'label', text: label }), el('div', { class: 'value ' + (cls || ''), text })]);
    const facts = [
      fact('drill-deviation', 'Avvikelse t.o.m. ' + d.asOf, F.tkr(row.deviationYtd) + ' tkr', signClass(row.deviationYtd)),
      fact('drill-forecast', 'Prognos helår', orDash(row.forecastFullYear, (v) => F.tkr(v) + ' tkr')),
      fact('drill-forecast-deviation', 'Prognostiserad avvikelse', orDash(row.forecastDeviation, (v) => F.tkr(v) + ' tkr'), signClass(row.forecastDeviation)),
      fact('drill-change', 'Förändring sedan föregående prognos', change(row) === null ? 'ingen tidigare prognos' : F.tkr(change(row)) + ' tkr', signClass(change(row))),
      fact('drill-method', 'Prognosmetod', row.method || '–'),
    ];
    if (row.forecastAdjustment) {
      facts.push(fact('drill-adjustment', 'Prognosjustering (controller)', F.tkr(row.forecastAdjustment) + ' tkr' + (row.forecastAdjustmentComment ? ' – ' + row.forecastAdjustmentComment : '')));
    }
    if (v && unit) {
      const suppressed = v.suppressed || months.volumeSuppressed;
      // For the ekonom role, volumes are the published months only (services/reporting/README.md, "Small counts").
      const published = d.reports.line.volumesPublished;
      const through = published ? (published.through ? ' (publicerat t.o.m. ' + published.through + ')' : ' (ingen månad publicerad ännu)') : '';
      facts.push(
        fact('drill-volume', unit[0] + ' budget / utfall / prognos' + through, suppressed ? F.count(v.budget) + ' / visas ej' : F.count(v.budget) + ' / ' + F.count(v.actualYtd) + ' / ' + orDash(v.forecastFullYear, F.count)),
        fact('drill-price', unit[1] + ' budget / prognos', orDash(budgetPrice, F.kr) + ' / ' + (suppressed ? 'visas ej' : orDash(forecastPrice, F.kr))),
        fact('drill-volume-effect', 'Varav volym', row.volumeEffect === null ? '–' : F.tkr(row.volumeEffect) + ' tkr', signClass(row.volumeEffect)),
        fact('drill-price-effect', 'Varav pris', row.priceEffect === null ? '–' : F.tkr(row.priceEffect) + ' tkr', signClass(row.priceEffect)),
      );
    }
    $('drill-facts').replaceChildren(...facts);
    drawChart('line-chart', { budget: months.budget, actual: months.actual, forecastFullYear: row.forecastFullYear, forecastLow: row.forecastLow, forecastHigh: row.forecastHigh });

    const head = el('tr', {}, [
      el('th', { class: 'text', text: 'Månad' }), el('th', { text: 'Budget (tkr)' }), el('th', { text: 'Utfall (tkr)' }), el('th', { text: 'Avvikelse (tkr)' }),
      ...(unit ? [el('th', { text: unit[0] }), el('th', { text: unit[1] })] : []),
    ]);
    const body = el('tbody');
    // The unit cost of the sum covers the months that have a volume: for the ekonom role the
    // volumes stop at the last published month while the money runs to asOf.
    let sums = { budget: 0, actual: 0, volume: 0, volumeActual: 0 };
    d.monthly.months.forEach((month, i) => {
      const actual = months.actual[i];
      const volume = months.volume ? months.volume[i] : null;
      if (actual !== null) { sums.budget += months.budget[i]; sums.actual += actual; }
      if (actual !== null && volume !== null) { sums.volume += volume; sums.volumeActual += actual; }
      body.append(el('tr', { 'data-month': month }, [
        el('td', { class: 'text', text: month }),
        el('td', { 'data-field': 'budget', text: F.tkr(months.budget[i]) }),
        el('td', { 'data-field': 'actual', text: F.tkr(actual) }),
        el('td', { 'data-field': 'deviation', class: actual === null ? '' : signClass(months.budget[i] - actual), text: actual === null ? '' : F.tkr(months.budget[i] - actual) }),
        ...(unit ? [
          el('td', { 'data-field': 'volume', text: months.volumeSuppressed ? 'visas ej' : F.count(volume) }),
          el('td', { 'data-field': 'unitCost', text: months.volumeSuppressed || !volume ? '' : F.kr(actual / volume) }),
        ] : []),
      ]));
    });
    body.append(el('tr', { class: 'subtotal', 'data-month': 'SUM' }, [
      el('td', { class: 'text', text: 'Summa t.o.m. ' + d.asOf.slice(0, 7) }),
      el('td', { 'data-field': 'budget', text: F.tkr(sums.budget) }),
      el('td', { 'data-field': 'actual', text: F.tkr(sums.actual) }),
      el('td', { 'data-field': 'deviation', class: signClass(sums.budget - sums.actual), text: F.tkr(sums.budget - sums.actual) }),
      ...(unit ? [el('td', { text: months.volumeSuppressed ? 'visas ej' : F.count(sums.volume) }), el('td', { text: months.volumeSuppressed || !sums.volume ? '' : F.kr(sums.volumeActual / sums.volume) })] : []),
    ]));
    $('months-table').replaceChildren(el('thead', {}, [head]), body);
    renderDrillRound(code);
  }

  function renderDrillRound(code) {
    const round = state.data.round;
    $('drill-round').hidden = !round;
    if (!round) return;
    const ls = round.lines.find((l) => l.code === code) || { comment: null, ready: null };
    const frozen = round.status === 'APPROVED';
    $('comment-text').value = ls.comment ? ls.comment.text : '';
    $('comment-text').disabled = frozen || Boolean(ls.ready);
    $('comment-save').disabled = frozen || Boolean(ls.ready);
    $('line-ready').disabled = frozen || Boolean(ls.ready);
    $('line-reopen').disabled = frozen || !ls.ready;
    $('drill-round-state').textContent =
      (ls.comment ? 'Kommentar av ' + ls.comment.by + ' ' + F.dateTime(ls.comment.at) + '. ' : 'Ingen kommentar. ') +
      (ls.ready ? 'Klar (' + ls.ready.by + ' ' + F.dateTime(ls.ready.at) + ').' : 'Inte klar.') +
      (frozen ? ' Omgången är godkänd och frusen.' : '');
  }

  async function roundCommand(path, body) {
    const round = state.data.round;
    await api('/v1/rounds/' + round.roundId + path, { method: body === undefined ? 'POST' : 'PUT', body });
    await loadRound(round.roundId);
    await loadRounds();
    render();
  }

  // ------------------------------------------------------------ rounds tab

  function renderRoundsTab() {
    $('round-label').value = $('round-label').value || 'Delårsrapport ' + $('year').value;
    const head = el('thead', {}, [el('tr', {}, ['Namn', 'Per datum', 'Status', 'Klara rader', 'Kommentarer', 'Öppnad', 'Godkänd'].map((h, i) => el('th', { class: i === 0 ? 'text' : '', text: h })))]);
    const body = el('tbody');
    for (const r of state.rounds) {
      const tr = el('tr', { class: 'clickable' + (state.source === r.roundId ? ' selected' : ''), 'data-round': r.roundId }, [
        el('td', { class: 'text', text: r.label }),
        el('td', { text: r.asOf }),
        el('td', {}, [el('span', { class: 'tag ' + (r.status === 'APPROVED' ? 'approved' : 'open'), text: r.status === 'APPROVED' ? 'godkänd' : 'öppen' })]),
        el('td', { text: r.readyCount + ' av ' + r.lineCount }),
        el('td', { text: String(r.commentCount) }),
        el('td', { text: F.dateTime(r.opened.at) + ' ' + r.opened.by }),
        el('td', { text: r.approved ? F.dateTime(r.approved.at) + ' ' + r.approved.by : '' }),
      ]);
      tr.addEventListener('click', () => selectSource(r.roundId));
      body.append(tr);
    }
    if (state.rounds.length === 0) body.append(el('tr', {}, [el('td', { class: 'text muted', colSpan: 7, text: 'Inga omgångar för ' + $('year').value + '.' })]));
    $('rounds-table').replaceChildren(head, body);

    const round = state.data && state.data.round;
    $('round-detail').hidden = !round;
    if (!round) return;
    const frozen = round.status === 'APPROVED';
    $('round-title').textContent = round.label + ' – per ' + round.asOf;
    $('round-state').textContent = frozen
      ? 'Godkänd ' + F.dateTime(round.approved.at) + ' av ' + round.approved.by + '. Siffror, kommentarer och markeringar är frusna.'
      : 'Öppen: ' + round.readyCount + ' av ' + round.lineCount + ' rader klara. Godkännande kräver att alla rader är klara.';
    $('round-approve').hidden = !can('controller');
    $('round-approve').disabled = frozen || round.readyCount !== round.lineCount;
    const names = new Map(round.snapshot.reports.line.rows.map((r) => [r.code, r]));
    $('round-lines').replaceChildren(
      el('thead', {}, [el('tr', {}, ['Kod', 'Namn', 'Prognostiserad avvikelse (tkr)', 'Kommentar', 'Klar'].map((h, i) => el('th', { class: i === 2 ? '' : 'text', text: h })))]),
      el('tbody', {}, round.lines.map((l) => {
        const row = names.get(l.code) || { name: l.code, forecastDeviation: null };
        const tr = el('tr', { class: 'clickable', 'data-line': l.code }, [
          el('td', { class: 'text', text: l.code }),
          el('td', { class: 'text', text: row.name }),
          el('td', { class: signClass(row.forecastDeviation), text: F.tkr(row.forecastDeviation) }),
          el('td', { class: 'text', text: l.comment ? l.comment.text : '' }),
          el('td', { class: 'text', text: l.ready ? 'klar (' + l.ready.by + ')' : '' }),
        ]);
        tr.addEventListener('click', () => { state.selectedLine = l.code; state.groupBy = 'line'; showTab('deviation'); render(); $('drilldown').scrollIntoView(); });
        return tr;
      })),
    );
    $('audit-table').replaceChildren(
      el('thead', {}, [el('tr', {}, ['#', 'Tid', 'Vem', 'Händelse', 'Rad', 'Text'].map((h, i) => el('th', { class: i > 2 ? 'text' : '', text: h })))]),
      el('tbody', {}, round.audit.map((a) => el('tr', {}, [
        el('td', { text: String(a.seq) }),
        el('td', { text: F.dateTime(a.at) }),
        el('td', { text: a.by }),
        el('td', { class: 'text', text: EVENT_NAMES[a.type] || a.type }),
        el('td', { class: 'text', text: a.line || '' }),
        el('td', { class: 'text', text: a.text || '' }),
      ]))),
    );
  }

  async function download(format) {
    const round = state.data.round;
    const response = await api('/v1/rounds/' + round.roundId + '/export?format=' + format, { raw: true, accept: '*/*' });
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') || '';
    const match = /filename="([^"]+)"/.exec(disposition);
    const a = el('a', { href: URL.createObjectURL(blob), download: match ? match[1] : 'rapport.' + format });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
  }

  // ------------------------------------------------------------ forecast accuracy

  async function renderAccuracy() {
    const target = $('accuracy');
    let body;
    try {
      body = await api('/v1/reports/forecast-accuracy?year=' + $('year').value);
    } catch (error) {
      target.replaceChildren(el('p', { class: 'muted', text: 'Prognossäkerheten kunde inte hämtas: ' + error.message }));
      return;
    }
    const snapshots = (body && (body.snapshots || body.forecasts)) || [];
    if (snapshots.length === 0) {
      target.replaceChildren(el('p', { class: 'muted', text: 'Inga publicerade prognoser att jämföra ännu.' }));
      return;
    }
    const outcome = body.outcome && body.outcome.final === false ? ' (utfallet är hittills i år, inte helår)' : '';
    target.replaceChildren(...snapshots.map((s) => {
      const rows = [...(s.lines || []), ...(s.unclassified ? [s.unclassified] : [])];
      const tr = (r, cls) => el('tr', { class: cls || '' }, [
        el('td', { class: 'text', text: r.code }),
        el('td', { class: 'text', text: r.name }),
        el('td', { text: F.tkr(r.forecastFullYear) }),
        el('td', { text: F.tkr(r.outcome) }),
        el('td', { class: signClass(r.error === null ? null : -r.error), text: F.tkr(r.error) }),
        el('td', { text: r.errorPercent === null || r.errorPercent === undefined ? '' : String(r.errorPercent).replace('.', ',').replace('-', F.MINUS) + ' %' }),
      ]);
      return el('div', { class: 'accuracy-snapshot' }, [
        el('h3', { text: 'Prognos per ' + s.asOf + (s.knownAt ? ' (publicerad ' + F.dateTime(s.knownAt) + ')' : '') + outcome }),
        el('div', { class: 'table-wrap' }, [el('table', { class: 'figures' }, [
          el('thead', {}, [el('tr', {}, ['Kod', 'Namn', 'Prognos helår (tkr)', 'Utfall (tkr)', 'Fel (tkr)', 'Fel (%)'].map((h, i) => el('th', { class: i < 2 ? 'text' : '', text: h })))]),
          el('tbody', {}, [...rows.map((r) => tr(r)), ...(s.total ? [tr(Object.assign({ code: 'TOTAL', name: 'Totalt' }, s.total), 'total')] : [])]),
        ])]),
      ]);
    }));
  }

  // ------------------------------------------------------------ wiring

  function showTab(name) {
    document.querySelectorAll('[data-tab]').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
    for (const t of ['deviation', 'rounds', 'accuracy']) $('tab-' + t).hidden = t !== name;
  }

  async function selectSource(value) {
    state.source = value;
    $('source').value = value;
    await refreshAll();
  }

  function defaults() {
    const params = new URLSearchParams(location.search);
    const today = new Date();
    const lastMonthEnd = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
    const asOf = params.get('asOf') || lastMonthEnd.toISOString().slice(0, 10);
    $('year').value = params.get('year') || asOf.slice(0, 4);
    $('asof').value = asOf;
  }

  function wire() {
    $('token-form').addEventListener('submit', (e) => { e.preventDefault(); login($('token-input').value); });
    $('dev-form').addEventListener('submit', (e) => { e.preventDefault(); devLogin(); });
    $('logout').addEventListener('click', () => logout(''));
    $('refresh').addEventListener('click', () => refreshAll());
    $('year').addEventListener('change', () => {
      const year = $('year').value;
      if ($('asof').value.slice(0, 4) !== year) $('asof').value = year + $('asof').value.slice(4);
      state.source = 'live';
      refreshAll();
    });
    $('asof').addEventListener('change', () => { state.source = 'live'; refreshAll(); });
    $('source').addEventListener('change', () => selectSource($('source').value));
    document.querySelectorAll('[data-tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
    document.querySelectorAll('[data-group]').forEach((b) => b.addEventListener('click', () => {
      state.groupBy = b.dataset.group;
      renderTable();
    }));
    $('drill-close').addEventListener('click', () => { state.selectedLine = null; $('drilldown').hidden = true; renderTable(); });
    $('comment-save').addEventListener('click', () => run('Sparar kommentar', () => roundCommand('/lines/' + encodeURIComponent(state.selectedLine) + '/comment', { text: $('comment-text').value })));
    $('line-ready').addEventListener('click', () => run('Markerar klar', () => roundCommand('/lines/' + encodeURIComponent(state.selectedLine) + '/ready')));
    $('line-reopen').addEventListener('click', () => run('Öppnar raden', () => roundCommand('/lines/' + encodeURIComponent(state.selectedLine) + '/reopen')));
    $('round-approve').addEventListener('click', () => run('Godkänner', () => roundCommand('/approve')));
    $('round-open').addEventListener('click', () => run('Öppnar omgång', async () => {
      const round = await api('/v1/rounds', { method: 'POST', body: { year: Number($('year').value), asOf: $('asof').value, label: $('round-label').value } });
      state.source = round.roundId;
      // The tab first: switching after the refresh would undo a click made while it ran.
      showTab('rounds');
      await refreshAll();
    }));
    for (const format of ['pdf', 'xlsx', 'csv']) {
      $('download-' + format).addEventListener('click', () => run('Hämtar ' + format.toUpperCase(), () => download(format)));
    }
  }

  defaults();
  wire();
  setUpDevLogin();
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) login(saved);
})();
