// The panel of one store: its summary, its admin credentials on request, and its event timeline.
import { api } from './api.js';
import { state, on, emit, $, el } from './store.js';
import { statusOf, inFlight, exactTime, problemText } from './format.js';
import { badge, progressBlock, timeElement, eventItem } from './views.js';
import { ENGINES } from './store-name.js';

let timelineNext = null;
let credentialsShown = false;

function openPanel(name) {
  const changed = state.selected !== name;
  state.selected = name;
  if (changed) {
    hideCredentials();
    $('timeline').replaceChildren();
    $('timeline-error').textContent = '';
    timelineNext = null;
  }
  emit('panel-opened', name);
  $('store-panel').hidden = false;
  $('panel-heading').textContent = name;
  renderPanelSummary(state.stores.get(name));
  $('panel-heading').focus();
  $('store-panel').scrollIntoView({ block: 'nearest' });
  refreshPanel(true);
}

function closePanel() {
  const name = state.selected;
  state.selected = null;
  $('store-panel').hidden = true;
  hideCredentials();
  emit('panel-closed', name);
}

function renderPanelSummary(view) {
  const target = $('panel-summary');
  if (!view) {
    target.replaceChildren(el('p', { class: 'muted' }, 'This store is no longer listed.'));
    return;
  }
  const status = statusOf(view);
  const list = el('dl', { class: 'summary' },
    el('dt', {}, 'Status'), el('dd', {}, badge(status)),
    el('dt', {}, 'Engine and plan'), el('dd', {}, `${view.engine} · ${view.plan}`),
    el('dt', {}, 'Store URL'), el('dd', {}, view.url ? el('a', { href: view.url, target: '_blank', rel: 'noopener noreferrer' }, view.url) : '—'),
    el('dt', {}, 'Admin URL'), el('dd', {}, view.adminUrl ? el('a', { href: view.adminUrl, target: '_blank', rel: 'noopener noreferrer' }, view.adminUrl) : '—'),
    el('dt', {}, 'Created'), el('dd', {}, timeElement(view.createdAt), view.createdAt ? ` (${exactTime(view.createdAt)})` : ''),
    el('dt', {}, 'Owner'), el('dd', {}, view.owner || '—'));
  if (view.expiresAt) list.append(el('dt', {}, 'Expires'), el('dd', {}, timeElement(view.expiresAt), ` (${exactTime(view.expiresAt)})`));
  if (view.operation) list.append(el('dt', {}, 'Last operation'), el('dd', {}, `${view.operation.id} (${view.operation.runtimeStatus || 'unknown'})`));
  const children = [list];
  if (status === 'failed') {
    children.push(el('p', { class: 'reason' }, el('strong', {}, 'Why it failed: '), view.lastError || (view.progress && view.progress.error) || 'No reason was recorded.'));
  }
  if (inFlight(view)) children.push(progressBlock(view));
  target.replaceChildren(...children);
}

/** Reads the shown store's first page of events again (all of them again when `reset`). */
export async function refreshPanel(reset) {
  const name = state.selected;
  if (!name) return;
  const result = await api.storeEvents(name);
  if (state.selected !== name) return;
  if (!result.ok) {
    $('timeline-error').textContent = problemText(result.problem);
    return;
  }
  $('timeline-error').textContent = '';
  if (reset || !timelineNext) {
    $('timeline').replaceChildren(...(result.body.events || []).map((e) => eventItem(e, false)));
    timelineNext = result.body.next || null;
  }
  $('timeline-empty').hidden = $('timeline').children.length > 0;
  $('timeline-more').hidden = !timelineNext;
}

async function moreTimeline() {
  const name = state.selected;
  if (!name || !timelineNext) return;
  const result = await api.storeEvents(name, timelineNext);
  if (!result.ok) {
    $('timeline-error').textContent = problemText(result.problem);
    return;
  }
  $('timeline').append(...(result.body.events || []).map((e) => eventItem(e, false)));
  timelineNext = result.body.next || null;
  $('timeline-more').hidden = !timelineNext;
}

// ---------- credentials ----------

function hideCredentials() {
  credentialsShown = false;
  $('credentials').hidden = true;
  $('credentials').replaceChildren();
  $('credentials-error').textContent = '';
  $('credentials-button').textContent = 'Show admin credentials';
  $('credentials-button').setAttribute('aria-expanded', 'false');
}

async function toggleCredentials() {
  if (credentialsShown) {
    hideCredentials();
    return;
  }
  const name = state.selected;
  if (!name) return;
  const button = $('credentials-button');
  button.disabled = true;
  const result = await api.credentials(name);
  button.disabled = false;
  if (state.selected !== name) return;
  if (!result.ok) {
    let text = problemText(result.problem);
    if (result.status === 401) text += ' Set the API key at the top of the page.';
    $('credentials-error').textContent = text;
    return;
  }
  const c = result.body;
  $('credentials-error').textContent = '';
  // Show only what the store's admin signs in with (WordPress: user name; Medusa: e-mail).
  const engine = ENGINES.find((e) => e.id === (state.stores.get(name) || {}).engine) || ENGINES[0];
  const byEmail = engine.signInWith === 'adminEmail';
  $('credentials').replaceChildren(
    ...(byEmail
      ? [el('dt', {}, 'Email'), el('dd', {}, el('code', { class: 'secret' }, c.adminEmail))]
      : [el('dt', {}, 'User'), el('dd', {}, el('code', { class: 'secret' }, c.adminUser))]),
    el('dt', {}, 'Password'), el('dd', {}, el('code', { class: 'secret', id: 'admin-password' }, c.adminPassword)),
    ...(byEmail ? [] : [el('dt', {}, 'Email'), el('dd', {}, c.adminEmail)]),
    el('dt', {}, 'Sign in at'), el('dd', {}, el('a', { href: c.adminUrl, target: '_blank', rel: 'noopener noreferrer' }, c.adminUrl)));
  $('credentials').hidden = false;
  credentialsShown = true;
  button.textContent = 'Hide admin credentials';
  button.setAttribute('aria-expanded', 'true');
  refreshPanel(true);
}

export function startStorePanel() {
  $('panel-close').addEventListener('click', closePanel);
  $('credentials-button').addEventListener('click', toggleCredentials);
  $('timeline-more').addEventListener('click', moreTimeline);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.selected && !document.querySelector('dialog[open]')) closePanel();
  });
  on('open-store', openPanel);
  on('store-gone', (name) => { if (state.selected === name) closePanel(); });
  on('stores-shown', () => { if (state.selected && state.stores.has(state.selected)) renderPanelSummary(state.stores.get(state.selected)); });
}
