// node --test: Retry-After parsing (run by the Dashboard tests, DashboardNodeTests).
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter } from './api.js';

const now = Date.parse('2026-11-30T12:00:00Z');

test('parseRetryAfter: delta-seconds', () => {
  assert.equal(parseRetryAfter('5', now), 5);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
});

test('parseRetryAfter: an HTTP date is seconds from now, rounded up, never negative', () => {
  assert.equal(parseRetryAfter('Mon, 30 Nov 2026 12:00:10 GMT', now), 10);
  assert.equal(parseRetryAfter(new Date(now + 1500).toUTCString(), now + 500), 1);
  assert.equal(parseRetryAfter('Mon, 30 Nov 2026 11:59:00 GMT', now), 0);
});

test('parseRetryAfter: missing or unreadable is null', () => {
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter('', now), null);
  assert.equal(parseRetryAfter('soon', now), null);
});
