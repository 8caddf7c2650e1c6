/*
 * Swedish number formatting and the cumulative chart rule, shared by the page and by the unit
 * tests (format.spec.ts runs this very file in Node): tkr rounded per cell half away from zero
 * (SPEC §6), digits grouped by three with a no-break space, a true minus sign (U+2212).
 */
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.RamFormat = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  const MINUS = '\u2212';
  const GROUP = '\u00a0';

  function group(whole) {
    const negative = whole < 0;
    const digits = String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
    return negative && whole !== 0 ? MINUS + digits : digits;
  }

  /** Integer division rounding halves away from zero, exact for safe integers. */
  function divRound(value, divisor) {
    const negative = value < 0;
    const abs = Math.abs(value);
    let q = Math.floor(abs / divisor);
    if ((abs - q * divisor) * 2 >= divisor) q += 1;
    return negative ? -q : q;
  }

  /** öre → "1 654 597" (tkr); '' for null. */
  function tkr(ore) {
    if (ore === null || ore === undefined) return '';
    return group(divRound(ore, 100000));
  }

  /** öre → "3 412 kr" (whole kronor). */
  function kr(ore) {
    if (ore === null || ore === undefined || !Number.isFinite(ore)) return '';
    return group(divRound(Math.round(ore), 100)) + '\u00a0kr';
  }

  function count(value) {
    if (value === null || value === undefined) return '';
    return group(Math.round(value));
  }

  /** An ISO instant as "2023-09-05 14:03" in Swedish time. */
  function dateTime(iso) {
    if (!iso) return '';
    const parts = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const get = (type) => (parts.find((p) => p.type === type) || {}).value || '';
    return get('year') + '-' + get('month') + '-' + get('day') + ' ' + get('hour') + ':' + get('minute');
  }

  const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

  function cumulative(values) {
    let sum = 0;
    return values.map((v) => (sum += v));
  }

  /**
   * Cumulative actual through asOf against the periodised budget, and from asOf the forecast path
   * to the full-year forecast and its band, the remainder spread like the remaining budget (evenly
   * when that is zero or changes sign). The same rule as the PDF's chart-series.ts.
   */
  function chartSeries(input) {
    const budget = cumulative(input.budget);
    let last = -1;
    input.actual.forEach((v, i) => { if (v !== null && v !== undefined) last = i; });
    const actualCum = cumulative(input.actual.map((v) => v || 0));
    const actual = actualCum.map((v, i) => (i <= last ? v : null));
    const start = last >= 0 ? actualCum[last] : 0;
    const remaining = input.budget.slice(last + 1);
    const remainingTotal = remaining.reduce((s, v) => s + v, 0);
    const sameSign = remaining.every((v) => Math.sign(v) * Math.sign(remainingTotal) >= 0);
    const shares = cumulative(remaining).map((c, k) => (remainingTotal !== 0 && sameSign ? c / remainingTotal : (k + 1) / remaining.length));
    const path = (end) => input.budget.map((_, i) => {
      if (end === null || end === undefined || i < last || last < 0) return null;
      if (i === last) return start;
      return start + (end - start) * shares[i - last - 1];
    });
    return { budget, actual, forecast: path(input.forecastFullYear), low: path(input.forecastLow), high: path(input.forecastHigh) };
  }

  return { MINUS, GROUP, MONTHS, tkr, kr, count, group, divRound, dateTime, chartSeries };
});
