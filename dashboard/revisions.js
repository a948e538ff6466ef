// The store panel's revisions: the release's helm history (GET /api/stores/{name}/revisions), newest first.
// Read-only for now: upgrade and rollback actions arrive with their API (docs/operations.md).
import { api } from './api.js';
import { state, on, $, el } from './store.js';
import { problemText, exactTime } from './format.js';

/** One revision as the words a person reads in a table row (pure; tested with node --test). */
export function revisionCells(revision) {
  return {
    revision: String(revision.revision),
    chart: revision.chartVersion ? `v${revision.chartVersion}` : (revision.chart || '—'),
    plan: revision.plan || '—',
    status: revision.status || 'unknown',
    current: revision.status === 'deployed',
  };
}

async function showRevisions(name) {
  $('revisions').replaceChildren();
  $('revisions-error').textContent = '';
  const result = await api.revisions(name);
  if (state.selected !== name) return;
  if (!result.ok) {
    $('revisions-error').textContent = problemText(result.problem);
    return;
  }
  const rows = (result.body.revisions || []).map((revision) => {
    const cells = revisionCells(revision);
    return el('tr', { 'data-revision': cells.revision, class: cells.current ? 'current' : '' },
      el('th', { scope: 'row' }, cells.revision),
      el('td', {}, cells.chart),
      el('td', {}, cells.plan),
      el('td', {}, cells.current ? `${cells.status} (current)` : cells.status),
      el('td', {}, revision.updated ? exactTime(revision.updated) : '—'));
  });
  $('revisions').replaceChildren(...rows);
  $('revisions-empty').hidden = rows.length > 0;
}

export function startRevisions() {
  on('panel-opened', showRevisions);
}
