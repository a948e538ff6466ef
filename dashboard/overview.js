// The overview panel: GET /api/overview drawn as inline SVG (charts.js) with the numbers also in words and
// in a visually hidden table. Read again when a store's status changes, else at most once a minute: the
// endpoint queries the task hub, so it does not follow the list's fast polling.
import { api } from './api.js';
import { state, on, $, el } from './store.js';
import { problemText, exactTime } from './format.js';
import { durationChart, successChart, phaseChart, durationSentence, successSentence, phaseSentence } from './charts.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_AGE_MS = 60_000;

let shownSignature = null;
let shownAt = 0;
let loading = false;

/** Turns a charts.js tree into SVG elements. */
function draw(tree) {
  const node = document.createElementNS(SVG, tree.tag);
  for (const [key, value] of Object.entries(tree.attrs)) node.setAttribute(key, String(value));
  for (const child of tree.children) node.append(typeof child === 'string' ? document.createTextNode(child) : draw(child));
  return node;
}

function recentTable(recent) {
  // Hidden by its wrapper: a table would widen itself to its content past a 1 px width.
  return el('div', { class: 'visually-hidden' }, el('table', { id: 'overview-table' },
    el('caption', {}, 'The last finished creates, newest first'),
    el('thead', {}, el('tr', {}, ['Store', 'Plan', 'Finished', 'Seconds', 'Outcome'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, recent.map((o) => el('tr', { 'data-create': o.store },
      el('th', { scope: 'row' }, o.store), el('td', {}, o.plan), el('td', {}, exactTime(o.finishedAt)),
      el('td', {}, String(o.durationSeconds)), el('td', {}, o.outcome))))));
}

function render(body) {
  const creates = body.creates;
  $('overview-duration').replaceChildren(draw(durationChart(body.recent, creates)));
  $('overview-duration-text').textContent = durationSentence(creates);
  $('overview-success').replaceChildren(draw(successChart(creates)));
  $('overview-success-text').textContent = successSentence(creates);
  $('overview-phases').replaceChildren(draw(phaseChart(body.phases)));
  $('overview-phases-text').textContent = `${body.stores} stores: ${phaseSentence(body.phases)}`;
  $('overview-recent').replaceChildren(recentTable(body.recent || []));
}

async function refreshOverview() {
  const signature = [...state.stores.values()].map((v) => `${v.name}:${v.status}`).sort().join(',');
  if (loading || (signature === shownSignature && Date.now() - shownAt < MAX_AGE_MS)) return;
  loading = true;
  const result = await api.overview();
  loading = false;
  if (!result.ok) {
    $('overview-error').textContent = result.offline ? '' : problemText(result.problem);
    return;
  }
  $('overview-error').textContent = '';
  shownSignature = signature;
  shownAt = Date.now();
  render(result.body);
}

export function startOverview() {
  on('stores-shown', refreshOverview);
}
