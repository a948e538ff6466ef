// The Urumi dashboard: plain DOM, no framework, no build step. It reads and changes stores only
// through the HTTP API (/api/...), polls at the pace the API asks for (Retry-After), and keeps
// working, with the last known state, while the API is unreachable.
import { api, apiKey, setApiKey } from './api.js';
import { validateStoreName, ENGINES } from './store-name.js';

const IDLE_POLL_SECONDS = 15;
const DEFAULT_BUSY_POLL_SECONDS = 3;
const MAX_OFFLINE_BACKOFF_SECONDS = 30;

const STATUS_LABELS = { provisioning: 'Provisioning', ready: 'Ready', failed: 'Failed', deleting: 'Deleting', deleted: 'Deleted' };
const STATUS_ICONS = { provisioning: '◔', ready: '✓', failed: '✕', deleting: '◌', deleted: '–' };
const STEP_LABELS = {
  accepted: 'Accepted',
  provisioning: 'Provisioning',
  'preparing-namespace': 'Preparing the namespace',
  installing: 'Installing the chart',
  'waiting-for-pods': 'Waiting for the pods',
  'verifying-shop': 'Verifying the shop',
  ready: 'Ready',
  compensating: 'Cleaning up after the failure',
  failed: 'Failed',
  'uninstalling-release': 'Uninstalling the release',
  'deleting-namespace': 'Deleting the namespace',
  'waiting-for-namespace': 'Waiting for the namespace to go',
  deleted: 'Deleted',
};
const POD_PROBLEMS = {
  pending: 'pending',
  notReady: 'not ready',
  unschedulable: 'cannot be scheduled',
  imagePullBackOff: 'image cannot be pulled',
  crashLoopBackOff: 'crashing repeatedly',
  failedCreate: 'could not be created',
  jobFailed: 'job failed',
};
const FIELDS = ['name', 'engine', 'plan', 'expiresInHours'];
const FIELD_ERROR_IDS = { name: 'name-error', engine: 'engine-error', plan: 'plan-error', expiresInHours: 'expires-error' };
const FIELD_INPUT_IDS = { name: 'name', engine: 'engine', plan: 'plan', expiresInHours: 'expires' };

const $ = (id) => document.getElementById(id);

const state = {
  stores: new Map(),
  rows: new Map(),
  selected: null,
  busyPollSeconds: DEFAULT_BUSY_POLL_SECONDS,
  holdUntil: 0,
  offlineSince: null,
  failures: 0,
  timer: null,
  lastUpdated: null,
  activityNext: null,
  timelineNext: null,
  credentialsShown: false,
  pendingDelete: null,
};

// ---------- small helpers ----------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const statusOf = (view) => String(view.status || 'provisioning').toLowerCase();
const inFlight = (view) => ['provisioning', 'deleting'].includes(statusOf(view));

function exactTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function relativeTime(iso, now = Date.now()) {
  const date = new Date(iso).getTime();
  if (Number.isNaN(date)) return '';
  const seconds = Math.round((now - date) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  let text;
  if (abs < 10) return future ? 'in a moment' : 'just now';
  if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.round(abs / 60)} min`;
  else if (abs < 86400) text = `${Math.round(abs / 3600)} h`;
  else text = `${Math.round(abs / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

function timeElement(iso, className = '') {
  if (!iso) return el('span', { class: 'muted', text: '—' });
  return el('time', { datetime: iso, title: exactTime(iso), class: className, 'data-relative': '' }, relativeTime(iso));
}

function refreshRelativeTimes() {
  for (const node of document.querySelectorAll('time[data-relative]')) {
    node.textContent = relativeTime(node.getAttribute('datetime'));
  }
  if (state.lastUpdated) $('updated').textContent = 'Last updated ' + relativeTime(state.lastUpdated.toISOString());
}

function problemText(problem) {
  if (!problem) return '';
  return problem.detail || problem.title || 'The request failed.';
}

function announce(text) {
  $('stores-status').textContent = text;
}

// ---------- connection state ----------

function setOnline() {
  state.failures = 0;
  if (state.offlineSince) announce('The API answers again.');
  state.offlineSince = null;
  $('offline').hidden = true;
  document.body.classList.remove('is-offline');
  $('connection').dataset.state = 'online';
  $('connection-text').textContent = 'API connected';
}

function setOffline(problem, retryInSeconds) {
  state.failures += 1;
  if (!state.offlineSince) state.offlineSince = new Date();
  document.body.classList.add('is-offline');
  $('connection').dataset.state = 'offline';
  $('connection-text').textContent = 'API unreachable';
  const since = state.lastUpdated ? ` The list shows the state of ${exactTime(state.lastUpdated.toISOString())}.` : '';
  $('offline-detail').textContent = `${problemText(problem)}${since} Retrying in ${retryInSeconds} s; you can keep using the page.`;
  $('offline').hidden = false;
}

// ---------- polling ----------

function schedule(seconds) {
  clearTimeout(state.timer);
  const wait = Math.max(seconds * 1000, state.holdUntil - Date.now(), 250);
  state.timer = setTimeout(refresh, wait);
}

/** Honours a Retry-After: nothing is asked again before it has passed. */
function hold(seconds) {
  if (seconds) state.holdUntil = Math.max(state.holdUntil, Date.now() + seconds * 1000);
}

let refreshing = null;

async function refresh() {
  if (refreshing) return refreshing;
  refreshing = refreshCore().finally(() => { refreshing = null; });
  return refreshing;
}

async function refreshCore() {
  clearTimeout(state.timer);
  const result = await api.listStores();
  if (result.offline) {
    const backoff = Math.min(MAX_OFFLINE_BACKOFF_SECONDS, 2 ** Math.min(state.failures + 1, 5));
    setOffline(result.problem, backoff);
    schedule(backoff);
    return;
  }

  if (!result.ok) {
    setOnline();
    // With keys configured every read needs one too.
    $('stores-error').textContent = problemText(result.problem) + (result.status === 401 ? ' Set the API key at the top of the page.' : '');
    if (result.status === 503) {
      $('connection').dataset.state = 'degraded';
      $('connection-text').textContent = 'API degraded';
    }
    hold(result.retryAfter);
    schedule(result.retryAfter || IDLE_POLL_SECONDS);
    return;
  }

  setOnline();
  $('stores-error').textContent = '';
  state.lastUpdated = new Date();
  applyStores(result.body.stores || []);
  await Promise.all([refreshActivity(), state.selected ? refreshPanel(false) : null]);
  refreshRelativeTimes();
  hold(result.retryAfter);
  const busy = [...state.stores.values()].some(inFlight);
  schedule(busy ? state.busyPollSeconds : IDLE_POLL_SECONDS);
}

// ---------- stores table ----------

function applyStores(list) {
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
    if (state.selected === name) closePanel();
  }

  // Keep the table ordered by name, as the API lists it.
  const ordered = [...state.rows.keys()].sort();
  const current = [...body.children].map((row) => row.dataset.store);
  if (ordered.join('\n') !== current.join('\n')) ordered.forEach((name) => body.append(state.rows.get(name)));
  $('store-count').textContent = state.rows.size ? `(${state.rows.size})` : '';
  $('stores-empty').hidden = state.rows.size > 0;
  $('stores-table').hidden = state.rows.size === 0;
  if (state.selected && state.stores.has(state.selected)) renderPanelSummary(state.stores.get(state.selected));
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

function badge(status) {
  return el('span', { class: `badge badge-${status}` },
    el('span', { class: 'badge-icon', 'aria-hidden': 'true' }, STATUS_ICONS[status] || '•'),
    STATUS_LABELS[status] || status);
}

function progressBlock(view) {
  const progress = view.progress;
  const status = statusOf(view);
  const percent = progress ? Math.max(0, Math.min(100, progress.percent || 0)) : 0;
  const step = progress ? (STEP_LABELS[progress.step] || progress.step) : (status === 'deleting' ? 'Deleting' : 'Waiting to start');
  const labelId = `progress-label-${view.name}`;
  const block = el('div', { class: 'progress-block' },
    el('p', { class: 'progress-label', id: labelId },
      el('span', { class: 'step' }, step),
      el('span', { class: 'percent' }, ` ${percent}%`)),
    el('progress', { max: '100', value: String(percent), 'aria-labelledby': labelId }));
  const pods = (progress && progress.pods) || [];
  // With pods listed, their lines say what the message would (the message repeats them).
  if (progress && progress.message && progress.message.replace(/\.$/, '') !== step && !pods.length) {
    block.append(el('p', { class: 'progress-message' }, progress.message));
  }
  if (pods.length) {
    block.append(el('ul', { class: 'pods', 'aria-label': `Pods of ${view.name}` },
      pods.map((pod) => {
        // Pending and NotReady are what 'not ready' already says; the others are real trouble.
        const problem = pod.problem && !['none', 'pending', 'notReady'].includes(pod.problem) ? POD_PROBLEMS[pod.problem] || pod.problem : null;
        const state = pod.ready ? 'ready' : problem ? 'problem' : 'waiting';
        return el('li', { class: `pod pod-${state}` },
          el('span', { class: 'pod-dot', 'aria-hidden': 'true' }),
          el('span', { class: 'pod-name' }, pod.name),
          ' ',
          el('span', { class: 'pod-state' },
            [pod.phase || 'Unknown', pod.ready ? 'ready' : 'not ready', problem, pod.restarts ? `${pod.restarts} restarts` : null].filter(Boolean).join(', ')),
          pod.message && !pod.ready ? el('span', { class: 'pod-message' }, pod.message) : null);
      })));
  }
  return block;
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

  const row = el('tr', { 'data-store': view.name, 'data-status': status },
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
    else openPanel(view.name);
  });
  return row;
}

// ---------- create form ----------

function clearFieldErrors() {
  for (const field of FIELDS) setFieldError(field, '');
  $('create-error').textContent = '';
}

function setFieldError(field, message) {
  $(FIELD_ERROR_IDS[field]).textContent = message;
  const input = $(FIELD_INPUT_IDS[field]);
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function validateNameField() {
  const value = $('name').value;
  const error = value === '' ? null : validateStoreName(value);
  setFieldError('name', error || '');
  return error;
}

function validateExpiresField() {
  const raw = $('expires').value.trim();
  if ($('expires').validity.badInput) {
    setFieldError('expiresInHours', 'Enter the number of hours, e.g. 24.');
    return 'bad';
  }
  if (raw === '') {
    setFieldError('expiresInHours', '');
    return null;
  }
  const hours = Number(raw);
  // The API takes whole hours only (docs/security.md).
  const error = Number.isInteger(hours) && hours >= 1 ? null : 'expiresInHours must be a whole number of hours, at least 1.';
  setFieldError('expiresInHours', error || '');
  return error;
}

async function submitCreate(event) {
  event.preventDefault();
  clearFieldErrors();
  const nameError = validateNameField();
  const expiresError = validateExpiresField();
  if (nameError || expiresError) {
    (nameError ? $('name') : $('expires')).focus();
    return;
  }

  const request = { engine: $('engine').value, plan: $('plan').value };
  const name = $('name').value;
  if (name) request.name = name;
  if ($('expires').value.trim()) request.expiresInHours = Number($('expires').value);

  const button = $('create-button');
  button.disabled = true;
  button.textContent = 'Deploying…';
  $('create-status').textContent = '';
  try {
    const result = await api.createStore(request);
    if (result.ok) {
      const view = result.body;
      $('create-form').reset();
      fillPlanHint();
      $('create-status').textContent = `Deploying ${view.name}: follow its progress in the list.`;
      if (result.retryAfter) state.busyPollSeconds = result.retryAfter;
      applyStores([...[...state.stores.values()].filter((v) => v.name !== view.name), view]);
      schedule(result.retryAfter || state.busyPollSeconds);
      return;
    }

    showCreateProblem(result, name);
  } finally {
    button.disabled = false;
    button.textContent = 'Deploy store';
  }
}

function showCreateProblem(result, name) {
  if (result.offline) {
    $('create-error').textContent = `${problemText(result.problem)} The store was not created; try again when the API is back.`;
    setOffline(result.problem, 5);
    schedule(5);
    return;
  }
  const problem = result.problem;
  const errors = problem.errors || {};
  let placed = false;
  for (const [field, messages] of Object.entries(errors)) {
    if (FIELD_ERROR_IDS[field]) {
      setFieldError(field, (messages || []).join(' ') || problemText(problem));
      placed = true;
    }
  }
  const type = String(problem.type || '');
  if (!placed && name && (type.endsWith('/store-exists') || type.endsWith('/operation-running'))) {
    setFieldError('name', problemText(problem));
    placed = true;
  }
  if (placed) {
    const first = FIELDS.find((f) => $(FIELD_INPUT_IDS[f]).getAttribute('aria-invalid') === 'true');
    if (first) $(FIELD_INPUT_IDS[first]).focus();
    return;
  }
  let text = problemText(problem);
  if (result.status === 401) text += ' Set the API key at the top of the page.';
  if (result.retryAfter && result.status === 429) text += ` (You can try again in ${result.retryAfter} s.)`;
  $('create-error').textContent = text;
}

function fillSelects() {
  for (const engine of ENGINES) $('engine').append(el('option', { value: engine.id }, engine.name));
  fillPlans();
}

const selectedEngine = () => ENGINES.find((e) => e.id === $('engine').value) || ENGINES[0];

/** The chosen engine's plans, keeping the chosen plan id when the new engine has it too. */
function fillPlans() {
  const previous = $('plan').value;
  const plans = selectedEngine().plans;
  $('plan').replaceChildren(...plans.map((plan) => el('option', { value: plan.id }, plan.id[0].toUpperCase() + plan.id.slice(1))));
  if (plans.some((p) => p.id === previous)) $('plan').value = previous;
  fillPlanHint();
}

function fillPlanHint() {
  const plan = selectedEngine().plans.find((p) => p.id === $('plan').value);
  $('plan-hint').textContent = plan ? plan.description : '';
}

// ---------- per-store panel ----------

function openPanel(name) {
  const changed = state.selected !== name;
  state.selected = name;
  if (changed) {
    state.credentialsShown = false;
    hideCredentials();
    $('timeline').replaceChildren();
    $('timeline-error').textContent = '';
    state.timelineNext = null;
  }
  for (const [storeName, row] of state.rows) {
    row.querySelector('[data-action="details"]').setAttribute('aria-expanded', String(storeName === name));
    row.classList.toggle('selected', storeName === name);
  }
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
  for (const row of state.rows.values()) {
    row.classList.remove('selected');
    row.querySelector('[data-action="details"]').setAttribute('aria-expanded', 'false');
  }
  const row = name ? state.rows.get(name) : null;
  if (row) row.querySelector('[data-action="details"]').focus();
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

async function refreshPanel(reset) {
  const name = state.selected;
  if (!name) return;
  const result = await api.storeEvents(name);
  if (state.selected !== name) return;
  if (!result.ok) {
    $('timeline-error').textContent = problemText(result.problem);
    return;
  }
  $('timeline-error').textContent = '';
  if (reset || !state.timelineNext) {
    $('timeline').replaceChildren(...(result.body.events || []).map((e) => eventItem(e, false)));
    state.timelineNext = result.body.next || null;
  }
  $('timeline-empty').hidden = $('timeline').children.length > 0;
  $('timeline-more').hidden = !state.timelineNext;
}

async function moreTimeline() {
  const name = state.selected;
  if (!name || !state.timelineNext) return;
  const result = await api.storeEvents(name, state.timelineNext);
  if (!result.ok) {
    $('timeline-error').textContent = problemText(result.problem);
    return;
  }
  $('timeline').append(...(result.body.events || []).map((e) => eventItem(e, false)));
  state.timelineNext = result.body.next || null;
  $('timeline-more').hidden = !state.timelineNext;
}

function eventItem(entry, showStore) {
  const outcome = String(entry.outcome || 'info').toLowerCase();
  const words = (entry.action || entry.step || '').replace(/-/g, ' ');
  return el('li', { class: `event event-${outcome}` },
    el('span', { class: 'event-dot', 'aria-hidden': 'true' }),
    el('div', { class: 'event-body' },
      el('p', { class: 'event-head' },
        showStore ? el('strong', { class: 'event-store' }, entry.store) : null,
        showStore ? ' ' : null,
        el('span', { class: 'event-action' }, words),
        ' ',
        el('span', { class: `outcome outcome-${outcome}` }, outcome)),
      entry.detail ? el('p', { class: 'event-detail' }, entry.detail) : null,
      el('p', { class: 'event-meta' }, timeElement(entry.time), ` · ${exactTime(entry.time)} · by ${entry.actor || 'unknown'}`)));
}

// ---------- credentials ----------

function hideCredentials() {
  state.credentialsShown = false;
  $('credentials').hidden = true;
  $('credentials').replaceChildren();
  $('credentials-error').textContent = '';
  $('credentials-button').textContent = 'Show admin credentials';
  $('credentials-button').setAttribute('aria-expanded', 'false');
}

async function toggleCredentials() {
  if (state.credentialsShown) {
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
  state.credentialsShown = true;
  button.textContent = 'Hide admin credentials';
  button.setAttribute('aria-expanded', 'true');
  refreshPanel(true);
}

// ---------- delete ----------

function openDeleteDialog(name, opener) {
  state.pendingDelete = { name, opener };
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
  const pending = state.pendingDelete;
  state.pendingDelete = null;
  if ($('delete-dialog').open) $('delete-dialog').close();
  if (pending && pending.opener && pending.opener.isConnected) pending.opener.focus();
}

async function confirmDelete() {
  const pending = state.pendingDelete;
  if (!pending) return;
  $('delete-confirm').disabled = true;
  const result = await api.deleteStore(pending.name);
  $('delete-confirm').disabled = false;
  if (!result.ok) {
    $('delete-error').textContent = problemText(result.problem) + (result.status === 401 ? ' Set the API key at the top of the page.' : '');
    return;
  }
  if (result.retryAfter) state.busyPollSeconds = result.retryAfter;
  closeDeleteDialog();
  const current = state.stores.get(pending.name);
  if (result.body && current) applyStores([...state.stores.values()].map((v) => (v.name === pending.name ? result.body : v)));
  announce(`Deleting ${pending.name}.`);
  const row = state.rows.get(pending.name);
  if (row) row.querySelector('[data-action="details"]').focus();
  schedule(result.retryAfter || state.busyPollSeconds);
}

// ---------- activity log ----------

async function refreshActivity() {
  const result = await api.events();
  if (!result.ok) {
    $('activity-error').textContent = result.offline ? '' : problemText(result.problem);
    return;
  }
  $('activity-error').textContent = '';
  const list = $('activity-list');
  // Only the first page is refreshed; older pages the user loaded stay below it.
  const firstPage = (result.body.events || []).map((e) => eventItem(e, true));
  if (!state.activityNext || list.children.length <= firstPage.length) {
    list.replaceChildren(...firstPage);
    state.activityNext = result.body.next || null;
  }
  $('activity-empty').hidden = list.children.length > 0;
  $('activity-more').hidden = !state.activityNext;
}

async function moreActivity() {
  if (!state.activityNext) return;
  const result = await api.events(state.activityNext);
  if (!result.ok) {
    $('activity-error').textContent = problemText(result.problem);
    return;
  }
  $('activity-list').append(...(result.body.events || []).map((e) => eventItem(e, true)));
  state.activityNext = result.body.next || null;
  $('activity-more').hidden = !state.activityNext;
}

// ---------- start ----------

function start() {
  fillSelects();
  $('api-key').value = apiKey();
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey($('api-key').value.trim());
    $('connection-text').textContent = $('api-key').value ? 'API key saved' : 'API key cleared';
    refresh();
  });
  $('name').addEventListener('input', () => { $('create-status').textContent = ''; $('create-error').textContent = ''; validateNameField(); });
  $('expires').addEventListener('input', validateExpiresField);
  $('engine').addEventListener('change', fillPlans);
  $('plan').addEventListener('change', fillPlanHint);
  $('create-form').addEventListener('submit', submitCreate);
  $('refresh').addEventListener('click', () => { state.holdUntil = 0; refresh(); });
  $('offline-retry').addEventListener('click', () => { state.holdUntil = 0; refresh(); });
  $('panel-close').addEventListener('click', closePanel);
  $('credentials-button').addEventListener('click', toggleCredentials);
  $('timeline-more').addEventListener('click', moreTimeline);
  $('activity-more').addEventListener('click', moreActivity);
  $('delete-cancel').addEventListener('click', closeDeleteDialog);
  $('delete-confirm').addEventListener('click', confirmDelete);
  $('delete-dialog').addEventListener('cancel', (event) => { event.preventDefault(); closeDeleteDialog(); });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.selected && !$('delete-dialog').open) closePanel();
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
  setInterval(refreshRelativeTimes, 15000);
  $('stores-table').hidden = true;
  refresh();
}

start();
