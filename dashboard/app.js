// The Urumi dashboard: plain DOM, no framework, no build step. It reads and changes stores only
// through the HTTP API (/api/...), polls at the pace the API asks for (Retry-After), and keeps
// working, with the last known state, while the API is unreachable. This module polls and shows
// the connection; each panel is a module of its own (store-list, create-form, store-panel,
// revisions, overview, activity), sharing state through store.js.
import { api, apiKey, setApiKey } from './api.js';
import { state, on, $, announce } from './store.js';
import { exactTime, relativeTime, problemText, inFlight, offlineBackoffSeconds } from './format.js';
import { refreshRelativeTimes } from './views.js';
import { applyStores, startStoreList } from './store-list.js';
import { startCreateForm } from './create-form.js';
import { refreshPanel, startStorePanel } from './store-panel.js';
import { startRevisions } from './revisions.js';
import { startOverview } from './overview.js';
import { refreshActivity, startActivity } from './activity.js';

const IDLE_POLL_SECONDS = 15;

const polling = {
  busyPollSeconds: 3,
  holdUntil: 0,
  offlineSince: null,
  failures: 0,
  timer: null,
};

// ---------- connection state ----------

function setOnline() {
  polling.failures = 0;
  if (polling.offlineSince) announce('The API answers again.');
  polling.offlineSince = null;
  $('offline').hidden = true;
  document.body.classList.remove('is-offline');
  $('connection').dataset.state = 'online';
  $('connection-text').textContent = 'API connected';
}

function setOffline(problem, retryInSeconds) {
  polling.failures += 1;
  if (!polling.offlineSince) polling.offlineSince = new Date();
  document.body.classList.add('is-offline');
  $('connection').dataset.state = 'offline';
  $('connection-text').textContent = 'API unreachable';
  const since = state.lastUpdated ? ` The list shows the state of ${exactTime(state.lastUpdated.toISOString())}.` : '';
  $('offline-detail').textContent = `${problemText(problem)}${since} Retrying in ${retryInSeconds} s; you can keep using the page.`;
  $('offline').hidden = false;
}

function refreshTimes() {
  refreshRelativeTimes();
  if (state.lastUpdated) $('updated').textContent = 'Last updated ' + relativeTime(state.lastUpdated.toISOString());
}

// ---------- polling ----------

function schedule(seconds) {
  clearTimeout(polling.timer);
  const wait = Math.max(seconds * 1000, polling.holdUntil - Date.now(), 250);
  polling.timer = setTimeout(refresh, wait);
}

/** Honours a Retry-After: nothing is asked again before it has passed. */
function hold(seconds) {
  if (seconds) polling.holdUntil = Math.max(polling.holdUntil, Date.now() + seconds * 1000);
}

let refreshing = null;

async function refresh() {
  if (refreshing) return refreshing;
  refreshing = refreshCore().finally(() => { refreshing = null; });
  return refreshing;
}

async function refreshCore() {
  clearTimeout(polling.timer);
  const result = await api.listStores();
  if (result.offline) {
    const backoff = offlineBackoffSeconds(polling.failures);
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
  refreshTimes();
  hold(result.retryAfter);
  const busy = [...state.stores.values()].some(inFlight);
  schedule(busy ? polling.busyPollSeconds : IDLE_POLL_SECONDS);
}

/** Polls again soon after a create or delete was accepted, at the pace its Retry-After asks. */
function operationStarted(retryAfter) {
  if (retryAfter) polling.busyPollSeconds = retryAfter;
  schedule(retryAfter || polling.busyPollSeconds);
}

// ---------- start ----------

function start() {
  startStoreList();
  startCreateForm();
  startStorePanel();
  startRevisions();
  startOverview();
  startActivity();
  on('operation-started', operationStarted);
  on('offline', ({ problem, retryInSeconds }) => { setOffline(problem, retryInSeconds); schedule(retryInSeconds); });
  $('api-key').value = apiKey();
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey($('api-key').value.trim());
    $('connection-text').textContent = $('api-key').value ? 'API key saved' : 'API key cleared';
    refresh();
  });
  $('refresh').addEventListener('click', () => { polling.holdUntil = 0; refresh(); });
  $('offline-retry').addEventListener('click', () => { polling.holdUntil = 0; refresh(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
  setInterval(refreshTimes, 15000);
  refresh();
}

start();
