// Pure helpers of the page: labels for the API's statuses, steps and pod problems, and times as
// people read them. No DOM here, so `node --test` checks them (format.test.js).

export const STATUS_LABELS = { provisioning: 'Provisioning', ready: 'Ready', failed: 'Failed', deleting: 'Deleting', deleted: 'Deleted' };
export const STATUS_ICONS = { provisioning: '◔', ready: '✓', failed: '✕', deleting: '◌', deleted: '–' };

/** A label for every step of src/Urumi.Domain/Workflows/Steps.cs; a test checks both lists agree. */
export const STEP_LABELS = {
  accepted: 'Accepted',
  provisioning: 'Provisioning',
  installing: 'Installing the chart',
  'waiting-for-pods': 'Waiting for the pods',
  'verifying-shop': 'Verifying the shop',
  ready: 'Ready',
  compensating: 'Cleaning up after the failure',
  failed: 'Failed',
  'uninstalling-release': 'Uninstalling the release',
  'waiting-for-namespace': 'Waiting for the namespace to go',
  deleted: 'Deleted',
};

export const POD_PROBLEMS = {
  pending: 'pending',
  notReady: 'not ready',
  unschedulable: 'cannot be scheduled',
  imagePullBackOff: 'image cannot be pulled',
  crashLoopBackOff: 'crashing repeatedly',
  failedCreate: 'could not be created',
  jobFailed: 'job failed',
};

/** The store view's status in lowercase; a view without one is still provisioning. */
export const statusOf = (view) => String(view.status || 'provisioning').toLowerCase();

/** True while an operation runs on the store (the page then polls faster): a create or delete, or an upgrade or rollback of a Ready store. */
export const inFlight = (view) => ['provisioning', 'deleting'].includes(statusOf(view))
  || ['Pending', 'Running'].includes(view.operation && view.operation.runtimeStatus);

/** "2026-11-30 08:05:36 UTC", or '' for a value that is not a time. */
export function exactTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** "just now", "5 min ago", "in 2 h", or '' for a value that is not a time. */
export function relativeTime(iso, now = Date.now()) {
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

/** What an RFC 9457 problem says, in one sentence. */
export function problemText(problem) {
  if (!problem) return '';
  return problem.detail || problem.title || 'The request failed.';
}

const MAX_OFFLINE_BACKOFF_SECONDS = 30;

/** Seconds to wait before asking an unreachable API again, after `failures` failed attempts: 2, 4, 8, 16, then 30. */
export function offlineBackoffSeconds(failures) {
  return Math.min(MAX_OFFLINE_BACKOFF_SECONDS, 2 ** Math.min(failures + 1, 5));
}
