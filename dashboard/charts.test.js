import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationChart, successChart, phaseChart, phaseTotals, durationSentence, successSentence, phaseSentence } from './charts.js';

const creates = { operations: 3, succeeded: 2, successRate: 0.6667, p50Seconds: 4, p95Seconds: 8 };
const recent = [
  { store: 'c', durationSeconds: 8, outcome: 'succeeded' },
  { store: 'b', durationSeconds: 2, outcome: 'failed' },
  { store: 'a', durationSeconds: 4, outcome: 'succeeded' },
];
const find = (tree, predicate, found = []) => {
  if (tree && typeof tree === 'object') {
    if (predicate(tree)) found.push(tree);
    for (const child of tree.children) find(child, predicate, found);
  }
  return found;
};

test('durationChart: one bar per create, oldest left, the tallest for the longest; p50 and p95 lines; a title that says the numbers', () => {
  const svg = durationChart(recent, creates, 480, 160);
  assert.equal(svg.tag, 'svg');
  assert.equal(svg.attrs.role, 'img');
  assert.equal(svg.attrs['aria-label'], 'Time to Ready over the last 2 successful creates: median (p50) 4 s, p95 8 s.');
  assert.equal(find(svg, (n) => n.tag === 'title')[0].children[0], svg.attrs['aria-label']);
  const bars = find(svg, (n) => n.tag === 'rect');
  assert.deepEqual(bars.map((b) => b.attrs['data-store']), ['a', 'b', 'c']);
  assert.ok(bars[2].attrs.height > bars[0].attrs.height && bars[0].attrs.height > bars[1].attrs.height);
  assert.equal(bars[2].attrs.y, 10, 'the longest create reaches the top of the plot');
  assert.equal(bars[1].attrs.class, 'bar bar-failed');
  assert.deepEqual(find(svg, (n) => n.tag === 'g').map((g) => g.attrs.class), ['line line-p50', 'line line-p95']);
});

test('durationChart: without creates it still draws an empty, labelled chart', () => {
  const svg = durationChart([], { operations: 0, succeeded: 0, successRate: null, p50Seconds: null, p95Seconds: null });
  assert.equal(svg.attrs['aria-label'], 'No create has finished yet.');
  assert.equal(find(svg, (n) => n.tag === 'rect').length, 0);
});

test('successChart: the green bar is the success rate of the width', () => {
  const svg = successChart(creates, 300, 28);
  assert.equal(svg.attrs['aria-label'], '2 of 3 creates succeeded (67%).');
  assert.equal(find(svg, (n) => n.attrs.class === 'bar bar-succeeded')[0].attrs.width, 200);
});

test('phaseTotals and phaseChart: engines summed, lifecycle order, bars as long as their counts', () => {
  const phases = [{ status: 'failed', engine: 'woocommerce', count: 1 }, { status: 'ready', engine: 'medusa', count: 1 }, { status: 'ready', engine: 'woocommerce', count: 3 }];
  assert.deepEqual(phaseTotals(phases), [{ status: 'ready', count: 4 }, { status: 'failed', count: 1 }]);
  assert.equal(phaseSentence(phases), '4 ready, 1 failed.');
  const svg = phaseChart(phases, 480);
  assert.equal(svg.attrs['aria-label'], 'Stores by phase: 4 ready, 1 failed.');
  const groups = find(svg, (n) => n.tag === 'g');
  assert.deepEqual(groups.map((g) => [g.attrs['data-status'], g.attrs['data-count']]), [['ready', 4], ['failed', 1]]);
  const widths = groups.map((g) => g.children.find((c) => c.tag === 'rect').attrs.width);
  assert.equal(widths[0], 4 * widths[1]);
});

test('sentences: nothing finished yet, and no success at all', () => {
  assert.equal(successSentence({ operations: 0 }), 'No create has finished yet.');
  assert.equal(durationSentence({ operations: 2, succeeded: 0 }), 'None of the last 2 creates reached Ready.');
  assert.equal(phaseSentence([]), 'No stores.');
});
