// node --test: the page's pure helpers (run by the Dashboard tests, DashboardNodeTests).
import test from 'node:test';
import assert from 'node:assert/strict';
import { relativeTime, exactTime, statusOf, inFlight, problemText, offlineBackoffSeconds } from './format.js';

const now = Date.parse('2026-11-30T12:00:00Z');
const ago = (seconds) => new Date(now - seconds * 1000).toISOString();

test('relativeTime: recent, past and future times read as people say them', () => {
  assert.equal(relativeTime(ago(3), now), 'just now');
  assert.equal(relativeTime(ago(-3), now), 'in a moment');
  assert.equal(relativeTime(ago(42), now), '42 s ago');
  assert.equal(relativeTime(ago(5 * 60), now), '5 min ago');
  assert.equal(relativeTime(ago(3 * 3600), now), '3 h ago');
  assert.equal(relativeTime(ago(2 * 86400), now), '2 d ago');
  assert.equal(relativeTime(ago(-2 * 3600), now), 'in 2 h');
});

test('relativeTime and exactTime: a value that is not a time gives an empty text', () => {
  assert.equal(relativeTime('not a time', now), '');
  assert.equal(exactTime('not a time'), '');
});

test('exactTime: UTC to the second', () => {
  assert.equal(exactTime('2026-11-30T08:05:36.123Z'), '2026-11-30 08:05:36 UTC');
});

test('statusOf and inFlight: a view without a status is provisioning; provisioning, deleting and a running operation are in flight', () => {
  assert.equal(statusOf({}), 'provisioning');
  assert.equal(statusOf({ status: 'Ready' }), 'ready');
  assert.equal(inFlight({ status: 'deleting' }), true);
  assert.equal(inFlight({ status: 'failed' }), false);
  assert.equal(inFlight({ status: 'Ready', operation: { kind: 'upgrade', runtimeStatus: 'Running' } }), true);
  assert.equal(inFlight({ status: 'Ready', operation: { kind: 'upgrade', runtimeStatus: 'Completed' } }), false);
});

test('problemText: detail, else title, else a generic sentence', () => {
  assert.equal(problemText({ title: 'Conflict', detail: 'Store shop1 exists.' }), 'Store shop1 exists.');
  assert.equal(problemText({ title: 'Conflict' }), 'Conflict');
  assert.equal(problemText({}), 'The request failed.');
  assert.equal(problemText(null), '');
});

test('offlineBackoffSeconds: doubles from 2 s and stops at 30 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map(offlineBackoffSeconds), [2, 4, 8, 16, 30, 30, 30]);
});
