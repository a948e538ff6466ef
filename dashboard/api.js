// The HTTP API (README.md and docs/hosts.md), as the page uses it. Every call resolves (never throws) to
// { ok, status, body, problem, retryAfter, offline }: problem is the RFC 9457 body of an error,
// offline is true when the API did not answer at all.

const KEY_STORAGE = 'urumi.apiKey';

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  } catch {
    return '';
  }
}

export function setApiKey(value) {
  try {
    if (value) sessionStorage.setItem(KEY_STORAGE, value);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage disabled: the key lives until the page is closed.
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value, now = Date.now()) {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

async function call(method, path, body, timeoutMs = 15000) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const key = apiKey();
  if (key) {
    // Urumi.Server reads X-Api-Key; the Functions app reads x-functions-key.
    headers['X-Api-Key'] = key;
    headers['x-functions-key'] = key;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (error) {
    return { ok: false, status: 0, offline: true, problem: { title: 'The API did not answer.', detail: describeNetworkError(error) } };
  } finally {
    clearTimeout(timer);
  }

  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const type = response.headers.get('Content-Type') || '';
  let parsed = null;
  if (type.includes('json')) {
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
  }

  if (response.ok) {
    return { ok: true, status: response.status, body: parsed, retryAfter, location: response.headers.get('Location') };
  }

  const problem = parsed && typeof parsed === 'object' && (parsed.detail || parsed.title)
    ? parsed
    : { title: `The API answered ${response.status}.`, detail: `The API answered ${response.status} ${response.statusText}.`.replace(/ \.$/, '.') };
  // A gateway or proxy in front of a stopped API answers 502/504 without a problem body.
  const offline = (response.status === 502 || response.status === 504) && !type.includes('problem');
  return { ok: false, status: response.status, problem, retryAfter, offline };
}

function describeNetworkError(error) {
  if (error && error.name === 'AbortError') return 'The request timed out.';
  return 'The connection failed (' + (error && error.message ? error.message : 'network error') + ').';
}

export const api = {
  listStores: () => call('GET', '/api/stores'),
  overview: () => call('GET', '/api/overview'),
  createStore: (request) => call('POST', '/api/stores', request),
  deleteStore: (name) => call('DELETE', `/api/stores/${encodeURIComponent(name)}`),
  credentials: (name) => call('GET', `/api/stores/${encodeURIComponent(name)}/credentials`),
  upgradeStore: (name, plan) => call('PATCH', `/api/stores/${encodeURIComponent(name)}`, { plan }),
  rollbackStore: (name, revision) => call('POST', `/api/stores/${encodeURIComponent(name)}/rollback`, revision ? { revision } : {}),
  revisions: (name) => call('GET', `/api/stores/${encodeURIComponent(name)}/revisions`),
  storeEvents: (name, continuation) =>
    call('GET', `/api/stores/${encodeURIComponent(name)}/events?pageSize=50` + (continuation ? `&continuation=${encodeURIComponent(continuation)}` : '')),
  events: (continuation) => call('GET', '/api/events?pageSize=25' + (continuation ? `&continuation=${encodeURIComponent(continuation)}` : '')),
};
