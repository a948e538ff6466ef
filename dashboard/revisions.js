// The store panel's revisions: the release's helm history (GET /api/stores/{name}/revisions), newest first,
// with the day-2 actions on it: "Upgrade plan" (PATCH /api/stores/{name} {plan}) and "Roll back to revision N"
// (POST /api/stores/{name}/rollback {revision}), each behind a confirmation naming the store and the target.
// After the API accepts (202), the panel follows the operation as it follows a create (store-accepted).
import { api } from './api.js';
import { state, on, emit, $, el, announce } from './store.js';
import { problemText, exactTime, inFlight } from './format.js';
import { ENGINES } from './store-name.js';

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

/** The plans a store can move to: the other plans of its engine (pure). */
export function upgradePlans(engines, view) {
  const engine = engines.find((e) => e.id === view.engine);
  return engine ? engine.plans.filter((plan) => plan.id !== view.plan) : [];
}

/** The revisions a rollback can return to: those deployed before the current one, i.e. superseded (pure). */
export function rollbackTargets(revisions) {
  const current = revisions.find((r) => r.status === 'deployed');
  return revisions.filter((r) => r.status === 'superseded' && (!current || r.revision < current.revision));
}

/** The confirmation of an action: { title, text, confirm } naming the store and the plan or revision (pure). */
export function confirmation(action) {
  if (action.kind === 'upgrade') {
    return {
      title: `Upgrade ${action.store} to the ${action.plan} plan?`,
      text: `This runs helm upgrade on ${action.store} with the ${action.plan} plan (now ${action.from}), waits for its pods and `
        + 'checks the shop takes an order. If it fails, the store is rolled back to the revision it runs now.',
      confirm: `Upgrade ${action.store} to ${action.plan}`,
    };
  }
  return {
    title: `Roll ${action.store} back to revision ${action.revision}?`,
    text: `This runs helm rollback on ${action.store} to revision ${action.revision}`
      + (action.plan ? ` (plan ${action.plan})` : '') + ', waits for its pods and checks the shop takes an order.',
    confirm: `Roll back ${action.store} to revision ${action.revision}`,
  };
}

let pending = null;
/** After an accepted action: the store and its newest revision then; revisions are read on every poll until a newer one settles. */
let awaiting = null;
let newestShown = 0;

function openDialog(action, opener) {
  pending = { action, opener };
  const words = confirmation(action);
  $('revision-title').textContent = words.title;
  $('revision-text').textContent = words.text;
  $('revision-confirm').textContent = words.confirm;
  $('revision-error').textContent = '';
  $('revision-confirm').disabled = false;
  $('revision-dialog').showModal();
  $('revision-cancel').focus();
}

function closeDialog() {
  const opener = pending && pending.opener;
  pending = null;
  if ($('revision-dialog').open) $('revision-dialog').close();
  if (opener && opener.isConnected) opener.focus();
}

async function confirmAction() {
  if (!pending) return;
  const { action } = pending;
  $('revision-confirm').disabled = true;
  const result = action.kind === 'upgrade'
    ? await api.upgradeStore(action.store, action.plan)
    : await api.rollbackStore(action.store, action.revision);
  $('revision-confirm').disabled = false;
  if (!result.ok) {
    $('revision-error').textContent = problemText(result.problem) + (result.status === 401 ? ' Set the API key at the top of the page.' : '');
    return;
  }
  closeDialog();
  awaiting = { store: action.store, above: newestShown };
  if (result.body) emit('store-accepted', result.body);
  announce(action.kind === 'upgrade' ? `Upgrading ${action.store} to ${action.plan}.` : `Rolling ${action.store} back to revision ${action.revision}.`);
  emit('operation-started', result.retryAfter);
  showRevisions(action.store);
}

function renderActions(view, revisions) {
  const busy = inFlight(view);
  const plans = upgradePlans(ENGINES, view);
  const children = [];
  if (plans.length) {
    const select = el('select', { id: 'upgrade-plan', disabled: busy }, plans.map((plan) => el('option', { value: plan.id }, plan.id)));
    children.push(
      el('label', { for: 'upgrade-plan' }, 'New plan'), select,
      el('button', {
        type: 'button', class: 'secondary', 'data-action': 'upgrade', disabled: busy,
        onclick: (event) => openDialog({ kind: 'upgrade', store: view.name, plan: select.value, from: view.plan }, event.currentTarget),
      }, 'Upgrade plan'));
  }
  $('revision-actions').replaceChildren(...children);
  $('revision-actions').hidden = children.length === 0;
  const targets = new Map(rollbackTargets(revisions).map((r) => [r.revision, r]));
  for (const row of $('revisions').children) {
    const revision = targets.get(Number(row.dataset.revision));
    const cell = el('td', {});
    if (revision) {
      cell.append(el('button', {
        type: 'button', class: 'secondary', 'data-action': 'rollback', disabled: busy,
        onclick: (event) => openDialog({ kind: 'rollback', store: view.name, revision: revision.revision, plan: revision.plan }, event.currentTarget),
      }, `Roll back to revision ${revision.revision}`));
    }
    row.append(cell);
  }
}

let shownFor = null;
let reads = 0;

async function showRevisions(name) {
  // A re-read of the same store keeps its rows until the answer replaces them (no flicker on each poll).
  if (shownFor !== name) {
    $('revisions').replaceChildren();
    $('revision-actions').replaceChildren();
    shownFor = null;
  }
  $('revisions-error').textContent = '';
  const read = ++reads;
  const result = await api.revisions(name);
  if (state.selected !== name || read !== reads) return;
  if (!result.ok) {
    $('revisions-error').textContent = problemText(result.problem);
    return;
  }
  const revisions = result.body.revisions || [];
  newestShown = revisions.length ? Math.max(...revisions.map((r) => r.revision)) : 0;
  const newest = revisions.find((r) => r.revision === newestShown);
  if (awaiting && awaiting.store === name && newest && newestShown > awaiting.above && !String(newest.status).startsWith('pending')) awaiting = null;
  const rows = revisions.map((revision) => {
    const cells = revisionCells(revision);
    return el('tr', { 'data-revision': cells.revision, class: cells.current ? 'current' : '' },
      el('th', { scope: 'row' }, cells.revision),
      el('td', {}, cells.chart),
      el('td', {}, cells.plan),
      el('td', {}, cells.current ? `${cells.status} (current)` : cells.status),
      el('td', {}, revision.updated ? exactTime(revision.updated) : '—'));
  });
  $('revisions').replaceChildren(...rows);
  shownFor = name;
  $('revisions-empty').hidden = rows.length > 0;
  const view = state.stores.get(name);
  if (view && rows.length) renderActions(view, revisions);
  else $('revision-actions').replaceChildren();
}

/** Reads the revisions again when the shown store's operation has just ended, or while an accepted action's revision is still to come. */
let wasBusy = false;
function storesShown() {
  const view = state.selected ? state.stores.get(state.selected) : null;
  const busy = Boolean(view && inFlight(view));
  if (view && ((wasBusy && !busy) || (awaiting && awaiting.store === view.name))) showRevisions(view.name);
  wasBusy = busy;
}

export function startRevisions() {
  on('panel-opened', (name) => {
    wasBusy = false;
    if (awaiting && awaiting.store !== name) awaiting = null;
    showRevisions(name);
  });
  on('stores-shown', storesShown);
  $('revision-cancel').addEventListener('click', closeDialog);
  $('revision-confirm').addEventListener('click', confirmAction);
  $('revision-dialog').addEventListener('cancel', (event) => { event.preventDefault(); closeDialog(); });
}
