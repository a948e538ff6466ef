// The overview's plots as inline SVG, without a framework. Each builder is pure: it returns a tree of
// { tag, attrs, children } (text children are strings) that overview.js turns into SVG elements, so
// `node --test` checks the shapes and their text alternatives (charts.test.js).

const PHASE_ORDER = ['provisioning', 'ready', 'failed', 'deleting', 'deleted'];
const PHASE_COLOURS = { provisioning: '#1d4ed8', ready: '#15803d', failed: '#b91c1c', deleting: '#4a5568', deleted: '#4a5568' };
const OUTCOME_COLOURS = { succeeded: '#15803d', failed: '#b91c1c' };

const node = (tag, attrs = {}, ...children) => ({ tag, attrs, children });
const round = (value) => Math.round(value * 10) / 10;
const seconds = (value) => (value === null || value === undefined ? '—' : `${round(value)} s`);

/** "p50 12.3 s, p95 20.1 s over 8 creates" — the duration chart's words. */
export function durationSentence(creates) {
  if (!creates || !creates.operations) return 'No create has finished yet.';
  if (!creates.succeeded) return `None of the last ${creates.operations} creates reached Ready.`;
  return `Time to Ready over the last ${creates.succeeded} successful creates: median (p50) ${seconds(creates.p50Seconds)}, p95 ${seconds(creates.p95Seconds)}.`;
}

/** "7 of 8 creates succeeded (88%)." */
export function successSentence(creates) {
  if (!creates || !creates.operations) return 'No create has finished yet.';
  return `${creates.succeeded} of ${creates.operations} creates succeeded (${Math.round(creates.successRate * 100)}%).`;
}

/** Phases summed over engines, in lifecycle order: [{ status, count }]. */
export function phaseTotals(phases) {
  const totals = new Map();
  for (const phase of phases || []) {
    const status = String(phase.status).toLowerCase();
    totals.set(status, (totals.get(status) || 0) + phase.count);
  }
  return [...totals].map(([status, count]) => ({ status, count }))
    .sort((a, b) => PHASE_ORDER.indexOf(a.status) - PHASE_ORDER.indexOf(b.status));
}

/** "2 ready, 1 failed." */
export function phaseSentence(phases) {
  const totals = phaseTotals(phases);
  if (!totals.length) return 'No stores.';
  return totals.map((t) => `${t.count} ${t.status}`).join(', ') + '.';
}

/**
 * Bars of the last creates' durations, oldest left, coloured by outcome, with p50 and p95 as dashed lines.
 * `recent` is newest first, as the API sends it.
 */
export function durationChart(recent, creates, width = 480, height = 160) {
  const label = durationSentence(creates);
  const pad = { left: 64, right: 8, top: 10, bottom: 18 };
  const operations = [...(recent || [])].reverse();
  const max = Math.max(1, ...operations.map((o) => o.durationSeconds), creates && creates.p95Seconds ? creates.p95Seconds : 0);
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const y = (value) => pad.top + plotHeight - (value / max) * plotHeight;
  const slot = operations.length ? plotWidth / operations.length : plotWidth;
  const barWidth = Math.min(28, Math.max(1, slot * 0.7));
  const bars = operations.map((o, i) => {
    const top = y(o.durationSeconds);
    return node('rect', {
      class: `bar bar-${o.outcome}`, x: round(pad.left + i * slot + (slot - barWidth) / 2), y: round(top),
      width: round(barWidth), height: round(pad.top + plotHeight - top), fill: OUTCOME_COLOURS[o.outcome] || '#4a5568',
      'data-store': o.store,
    }, node('title', {}, `${o.store}: ${seconds(o.durationSeconds)}, ${o.outcome}`));
  });
  const lines = [['p50', creates && creates.p50Seconds], ['p95', creates && creates.p95Seconds]]
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => node('g', { class: `line line-${name}` },
      node('line', { x1: pad.left, x2: width - pad.right, y1: round(y(value)), y2: round(y(value)), stroke: '#1a202c', 'stroke-dasharray': name === 'p50' ? '4 3' : '1 3' }),
      node('text', { x: pad.left - 4, y: round(y(value) + 4), 'text-anchor': 'end', 'font-size': 11 }, `${name} ${seconds(value)}`)));
  return node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart chart-duration' },
    node('title', {}, label),
    node('line', { x1: pad.left, x2: width - pad.right, y1: pad.top + plotHeight, y2: pad.top + plotHeight, stroke: '#8a94a6' }),
    node('text', { x: pad.left, y: height - 4, 'font-size': 11 }, operations.length ? 'oldest' : 'no creates yet'),
    node('text', { x: width - pad.right, y: height - 4, 'font-size': 11, 'text-anchor': 'end' }, operations.length ? 'newest' : ''),
    ...bars, ...lines);
}

/** One horizontal bar: the share of creates that succeeded. */
export function successChart(creates, width = 480, height = 28) {
  const label = successSentence(creates);
  const rate = creates && creates.operations ? creates.successRate : 0;
  return node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart chart-success' },
    node('title', {}, label),
    node('rect', { x: 0, y: 4, width, height: height - 8, fill: creates && creates.operations ? OUTCOME_COLOURS.failed : '#e2e8f0', rx: 4 }),
    node('rect', { class: 'bar bar-succeeded', x: 0, y: 4, width: round(width * rate), height: height - 8, fill: OUTCOME_COLOURS.succeeded, rx: 4 }));
}

/** Horizontal bars of stores per phase, each labelled with its count. */
export function phaseChart(phases, width = 480) {
  const totals = phaseTotals(phases);
  const label = `Stores by phase: ${phaseSentence(phases)}`;
  const row = 22;
  const labelWidth = 96;
  const max = Math.max(1, ...totals.map((t) => t.count));
  const height = Math.max(row, totals.length * row);
  return node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart chart-phases' },
    node('title', {}, label),
    ...totals.map((t, i) => node('g', { class: `phase phase-${t.status}`, 'data-status': t.status, 'data-count': t.count },
      node('text', { x: 0, y: i * row + 15, 'font-size': 12 }, t.status),
      node('rect', { x: labelWidth, y: i * row + 4, height: row - 8, width: round(((width - labelWidth - 40) * t.count) / max), fill: PHASE_COLOURS[t.status] || '#4a5568', rx: 3 }),
      node('text', { x: round(labelWidth + ((width - labelWidth - 40) * t.count) / max + 6), y: i * row + 15, 'font-size': 12 }, String(t.count)))));
}
