// The activity log: every store's recent events, newest first, with older pages on request.
import { api } from './api.js';
import { $ } from './store.js';
import { problemText } from './format.js';
import { eventItem } from './views.js';

let activityNext = null;

/** Reads the first page again; older pages the user loaded stay below it. */
export async function refreshActivity() {
  const result = await api.events();
  if (!result.ok) {
    $('activity-error').textContent = result.offline ? '' : problemText(result.problem);
    return;
  }
  $('activity-error').textContent = '';
  const list = $('activity-list');
  const firstPage = (result.body.events || []).map((e) => eventItem(e, true));
  if (!activityNext || list.children.length <= firstPage.length) {
    list.replaceChildren(...firstPage);
    activityNext = result.body.next || null;
  }
  $('activity-empty').hidden = list.children.length > 0;
  $('activity-more').hidden = !activityNext;
}

async function moreActivity() {
  if (!activityNext) return;
  const result = await api.events(activityNext);
  if (!result.ok) {
    $('activity-error').textContent = problemText(result.problem);
    return;
  }
  $('activity-list').append(...(result.body.events || []).map((e) => eventItem(e, true)));
  activityNext = result.body.next || null;
  $('activity-more').hidden = !activityNext;
}

export function startActivity() {
  $('activity-more').addEventListener('click', moreActivity);
}
