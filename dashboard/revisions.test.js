import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revisionCells } from './revisions.js';

test('revisionCells: a deployed revision is current and shows its chart version and plan', () => {
  const cells = revisionCells({ revision: 3, chart: 'urumi-store-0.2.0', chartVersion: '0.2.0', plan: 'medium', status: 'deployed' });
  assert.deepEqual(cells, { revision: '3', chart: 'v0.2.0', plan: 'medium', status: 'deployed', current: true });
});

test('revisionCells: missing version and plan read as a dash, a superseded revision is not current', () => {
  const cells = revisionCells({ revision: 1, chart: null, chartVersion: null, plan: null, status: 'superseded' });
  assert.deepEqual(cells, { revision: '1', chart: '—', plan: '—', status: 'superseded', current: false });
});
