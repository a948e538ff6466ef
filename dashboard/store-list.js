// The stores table, and the dialog that confirms a delete from it.
import { api } from './api.js';
import { state, on, emit, $, el, announce } from './store.js';
import { STATUS_LABELS, statusOf, inFlight, exactTime, problemText } from './format.js';
import { badge, progressBlock, timeElement } from './views.js';

let pendingDelete = null;

/** Shows `list` (the API's store views, in any order): rows change only where a view did. */
export function applyStores(list) {
  const body = $('stores-body');
  const seen = new Set();
  for (const view of list) {
    seen.add(view.name);
    const previous = state.stores.get(view.name);
    state.stores.set(view.name, view);
    const existing = state.rows.get(view.name);
    if (existing && previous && JSON.stringify(previous) === JSON.stringify(view)) continue;
    if (previous && statusOf(previous) !== statusOf(view)) {
      announce(`${view.name} is now ${STATUS_LABELS[statusOf(view)] || statusOf(view)}.`);
    }
    const row = renderRow(view);
    if (existing) replacePreservingFocus(existing, row);
    else body.append(row);
    state.rows.set(view.name, row);
  }

  for (const [name, row] of [...state.rows]) {
    if (seen.has(name)) continue;
    const wasDeleting = statusOf(state.stores.get(name) || {}) === 'deleting';
    row.remove();
    state.rows.delete(name);
    state.stores.delete(name);
    announce(wasDeleting ? `${name} was deleted.` : `${name} is no longer listed.`);
    emit('store-gone', name);
  }

  // Keep the table ordered by name, as the API lists it.
  const ordered = [...state.rows.keys()].sort();
  const current = [...body.children].map((row) => row.dataset.store);
  if (ordered.join('\n') !== current.join('\n')) ordered.forEach((name) => body.append(state.rows.get(name)));
  $('store-count').textContent = state.rows.size ? `(${state.rows.size})` : '';
  $('stores-empty').hidden = state.rows.size > 0;
  $('stores-table').hidden = state.rows.size === 0;
  emit('stores-shown');
}

/** One store's new view (after a create or a delete), the others unchanged. */
function applyStore(view) {
  applyStores([...[...state.stores.values()].filter((v) => v.name !== view.name), view]);
}

function replacePreservingFocus(oldRow, newRow) {
  const active = document.activeElement;
  const action = oldRow.contains(active) && active.dataset ? active.dataset.action : null;
  oldRow.replaceWith(newRow);
  if (action) {
    const target = newRow.querySelector(`[data-action="${action}"]`);
    if (target) target.focus();
  }
}

function renderRow(view) {
  const status = statusOf(view);
  const nameCell = el('td', { class: 'cell-store', 'data-label': 'Store' },
    el('button', {
      type: 'button', class: 'link-button store-name', 'data-action': 'details',
      'aria-controls': 'store-panel', 'aria-expanded': String(state.selected === view.name),
      'aria-label': `${view.name}: show details`,
    }, view.name),
    el('span', { class: 'meta' }, `${view.engine || ''} · ${view.plan || ''}${view.owner ? ' · ' + view.owner : ''}`));
  if (status === 'failed') {
    nameCell.append(el('p', { class: 'reason' },
      el('strong', {}, 'Why it failed: '),
      view.lastError || (view.progress && view.progress.error) || 'The operation failed without a reason; open the details for its events.'));
  }
  if (inFlight(view)) nameCell.append(progressBlock(view));
  if (view.expiresAt) {
    nameCell.append(el('span', { class: 'meta' }, 'Expires ', timeElement(view.expiresAt)));
  }

  const links = el('td', { class: 'cell-links', 'data-label': 'Links' });
  if (status === 'ready' && view.url) {
    links.append(
      el('a', { href: view.url, target: '_blank', rel: 'noopener noreferrer', class: 'button-link', 'aria-label': `Visit ${view.name} storefront` }, 'Visit'),
      el('a', { href: view.adminUrl, target: '_blank', rel: 'noopener noreferrer', class: 'button-link secondary', 'aria-label': `Open ${view.name} admin` }, 'Admin'),
      el('span', { class: 'url' }, view.url));
  } else if (view.url) {
    links.append(el('span', { class: 'url muted' }, view.url));
  }

  const actions = el('td', { class: 'cell-actions', 'data-label': 'Actions' },
    el('button', { type: 'button', class: 'secondary', 'data-action': 'details-button', 'aria-label': `Details of ${view.name}`, 'aria-controls': 'store-panel' }, 'Details'));
  if (status === 'ready' || status === 'failed') {
    actions.append(el('button', { type: 'button', class: 'danger-outline', 'data-action': 'delete', 'aria-label': `Delete ${view.name}` }, 'Delete'));
  }

  const row = el('tr', { 'data-store': view.name, 'data-status': status, class: state.selected === view.name ? 'selected' : null },
    nameCell,
    el('td', { class: 'cell-status', 'data-label': 'Status' }, badge(status)),
    links,
    el('td', { class: 'cell-created', 'data-label': 'Created' },
      timeElement(view.createdAt),
      view.createdAt ? el('span', { class: 'exact' }, exactTime(view.createdAt)) : null),
    actions);
  row.addEventListener('click', (event) => {
    const target = event.target.closest('[data-action]');
    if (!target) return;
    if (target.dataset.action === 'delete') openDeleteDialog(view.name, target);
    else emit('open-store', view.name);
  });
  return row;
}

/** Marks the row of the store the panel shows (none when `name` is null). */
function markSelected(name) {
  for (const [storeName, row] of state.rows) {
    row.querySelector('[data-action="details"]').setAttribute('aria-expanded', String(storeName === name));
    row.classList.toggle('selected', storeName === name);
  }
}

function focusRow(name) {
  const row = name ? state.rows.get(name) : null;
  if (row) row.querySelector('[data-action="details"]').focus();
}

// ---------- delete ----------

function openDeleteDialog(name, opener) {
  pendingDelete = { name, opener };
  $('delete-title').textContent = `Delete ${name}?`;
  $('delete-text').textContent =
    `This uninstalls the store ${name}, deletes its namespace store-${name} with its database and uploads, and cannot be undone.`;
  $('delete-confirm').textContent = `Delete ${name}`;
  $('delete-error').textContent = '';
  $('delete-confirm').disabled = false;
  $('delete-dialog').showModal();
  $('delete-cancel').focus();
}

function closeDeleteDialog() {
  const pending = pendingDelete;
  pendingDelete = null;
  if ($('delete-dialog').open) $('delete-dialog').close();
  if (pending && pending.opener && pending.opener.isConnected) pending.opener.focus();
}

async function confirmDelete() {
  const pending = pendingDelete;
  if (!pending) return;
  $('delete-confirm').disabled = true;
  const result = await api.deleteStore(pending.name);
  $('delete-confirm').disabled = false;
  if (!result.ok) {
    $('delete-error').textContent = problemText(result.problem) + (result.status === 401 ? ' Set the API key at the top of the page.' : '');
    return;
  }
  closeDeleteDialog();
  if (result.body && state.stores.has(pending.name)) applyStore(result.body);
  announce(`Deleting ${pending.name}.`);
  focusRow(pending.name);
  emit('operation-started', result.retryAfter);
}

export function startStoreList() {
  $('stores-table').hidden = true;
  $('delete-cancel').addEventListener('click', closeDeleteDialog);
  $('delete-confirm').addEventListener('click', confirmDelete);
  $('delete-dialog').addEventListener('cancel', (event) => { event.preventDefault(); closeDeleteDialog(); });
  on('store-accepted', applyStore);
  on('panel-opened', markSelected);
  on('panel-closed', (name) => { markSelected(null); focusRow(name); });
}
