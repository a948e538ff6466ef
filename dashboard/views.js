// Pieces of DOM more than one panel shows: a status badge, an operation's progress, a time, an event.
import { el } from './store.js';
import { STATUS_LABELS, STATUS_ICONS, STEP_LABELS, POD_PROBLEMS, statusOf, exactTime, relativeTime } from './format.js';

export function badge(status) {
  return el('span', { class: `badge badge-${status}` },
    el('span', { class: 'badge-icon', 'aria-hidden': 'true' }, STATUS_ICONS[status] || '•'),
    STATUS_LABELS[status] || status);
}

/** A time that says how long ago it was (kept current by refreshRelativeTimes) with the exact time as its title. */
export function timeElement(iso, className = '') {
  if (!iso) return el('span', { class: 'muted', text: '—' });
  return el('time', { datetime: iso, title: exactTime(iso), class: className, 'data-relative': '' }, relativeTime(iso));
}

export function refreshRelativeTimes() {
  for (const node of document.querySelectorAll('time[data-relative]')) {
    node.textContent = relativeTime(node.getAttribute('datetime'));
  }
}

export function progressBlock(view) {
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
        const podState = pod.ready ? 'ready' : problem ? 'problem' : 'waiting';
        return el('li', { class: `pod pod-${podState}` },
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

/** One audit event; with `showStore`, it names its store (the activity log lists every store's). */
export function eventItem(entry, showStore) {
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
