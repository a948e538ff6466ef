// The "New store" form: checks the name and expiry as they are typed (in the API's words), sends
// the request, and puts each problem of the answer next to its field.
import { api } from './api.js';
import { emit, $, el } from './store.js';
import { problemText } from './format.js';
import { validateStoreName, ENGINES } from './store-name.js';

const FIELDS = ['name', 'engine', 'plan', 'expiresInHours'];
const FIELD_ERROR_IDS = { name: 'name-error', engine: 'engine-error', plan: 'plan-error', expiresInHours: 'expires-error' };
const FIELD_INPUT_IDS = { name: 'name', engine: 'engine', plan: 'plan', expiresInHours: 'expires' };

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
      fillPlans();
      $('create-status').textContent = `Deploying ${view.name}: follow its progress in the list.`;
      emit('store-accepted', view);
      emit('operation-started', result.retryAfter);
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
    emit('offline', { problem: result.problem, retryInSeconds: 5 });
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

/** The engine and plan choices, from the catalog of store-name.js. */
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

export function startCreateForm() {
  fillSelects();
  $('name').addEventListener('input', () => { $('create-status').textContent = ''; $('create-error').textContent = ''; validateNameField(); });
  $('expires').addEventListener('input', validateExpiresField);
  $('engine').addEventListener('change', fillPlans);
  $('plan').addEventListener('change', fillPlanHint);
  $('create-form').addEventListener('submit', submitCreate);
}
