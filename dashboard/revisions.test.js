import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revisionCells, upgradePlans, rollbackTargets, confirmation } from './revisions.js';

test('revisionCells: a deployed revision is current and shows its chart version and plan', () => {
  const cells = revisionCells({ revision: 3, chart: 'urumi-store-0.2.0', chartVersion: '0.2.0', plan: 'medium', status: 'deployed' });
  assert.deepEqual(cells, { revision: '3', chart: 'v0.2.0', plan: 'medium', status: 'deployed', current: true });
});

test('revisionCells: missing version and plan read as a dash, a superseded revision is not current', () => {
  const cells = revisionCells({ revision: 1, chart: null, chartVersion: null, plan: null, status: 'superseded' });
  assert.deepEqual(cells, { revision: '1', chart: '—', plan: '—', status: 'superseded', current: false });
});

const ENGINES = [{ id: 'woocommerce', plans: [{ id: 'small' }, { id: 'medium' }] }, { id: 'medusa', plans: [{ id: 'small' }] }];

test('upgradePlans: the other plans of the store\'s engine, none for an unknown engine', () => {
  assert.deepEqual(upgradePlans(ENGINES, { engine: 'woocommerce', plan: 'small' }).map((p) => p.id), ['medium']);
  assert.deepEqual(upgradePlans(ENGINES, { engine: 'medusa', plan: 'small' }), []);
  assert.deepEqual(upgradePlans(ENGINES, { engine: 'other', plan: 'small' }), []);
});

test('rollbackTargets: the superseded revisions older than the deployed one, not failed ones', () => {
  const revisions = [
    { revision: 4, status: 'failed' },
    { revision: 3, status: 'deployed' },
    { revision: 2, status: 'superseded' },
    { revision: 1, status: 'superseded' },
  ];
  assert.deepEqual(rollbackTargets(revisions).map((r) => r.revision), [2, 1]);
  assert.deepEqual(rollbackTargets([{ revision: 1, status: 'deployed' }]), []);
});

test('confirmation: an upgrade names the store, the new plan and the old one', () => {
  const words = confirmation({ kind: 'upgrade', store: 'shop1', plan: 'medium', from: 'small' });
  assert.equal(words.title, 'Upgrade shop1 to the medium plan?');
  assert.match(words.text, /shop1 with the medium plan \(now small\)/);
  assert.equal(words.confirm, 'Upgrade shop1 to medium');
});

test('confirmation: a rollback names the store, the revision and its plan', () => {
  const words = confirmation({ kind: 'rollback', store: 'shop1', revision: 1, plan: 'small' });
  assert.equal(words.title, 'Roll shop1 back to revision 1?');
  assert.match(words.text, /shop1 to revision 1 \(plan small\)/);
  assert.equal(words.confirm, 'Roll back shop1 to revision 1');
});
