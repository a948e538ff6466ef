// The store-name rules of src/Urumi.Domain/Stores/StoreName.cs, ported so the form can say what is
// wrong before sending anything. The messages are the API's, word for word; the test
// StoreNameRules_JsAndCSharp_AgreeOnEveryName runs a table of names through both and compares.

const MIN_LENGTH = 3;
const MAX_LENGTH = 30;

const RESERVED_NAMES = ['default', 'admin', 'api', 'www', 'root', 'system', 'urumi', 'dashboard', 'health', 'events', 'batch', 'operations'];
const RESERVED_PREFIXES = ['kube-', 'openshift-', 'system-', 'urumi-'];

// .NET char.IsWhiteSpace: Unicode space separators, line and paragraph separators, U+0009–U+000D, U+0085, U+00A0.
const WHITESPACE = /^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$/;

function isWhiteSpace(c) {
  return WHITESPACE.test(c);
}

// .NET char.IsControl: category Cc.
function isControl(c) {
  const code = c.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

function printable(c) {
  return isWhiteSpace(c) || isControl(c) ? 'U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') : c;
}

// .NET ToLowerInvariant maps one UTF-16 unit to one (simple case mapping).
function toLowerInvariant(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lower = c.toLowerCase();
    out += lower.length === 1 ? lower : c;
  }
  return out;
}

/** The reason `input` is not a valid store name, in the API's words, or null when it is valid. */
export function validateStoreName(input) {
  if (input === null || input === undefined || [...input].every(isWhiteSpace)) {
    return 'The store name is empty. Use 3 to 30 lowercase letters, digits or hyphens, starting with a letter.';
  }

  if (input.length < MIN_LENGTH) {
    return `The store name '${input}' is too short: use at least ${MIN_LENGTH} characters.`;
  }

  if (input.length > MAX_LENGTH) {
    return `The store name is ${input.length} characters long; the limit is ${MAX_LENGTH} so that its namespace and Helm release names stay within Kubernetes limits.`;
  }

  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c >= 'A' && c <= 'Z') {
      return `The store name '${input}' contains uppercase letters; use lowercase only (for example '${toLowerInvariant(input)}').`;
    }

    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-')) {
      return `The store name contains '${printable(c)}'; only lowercase letters, digits and hyphens are allowed.`;
    }
  }

  if (input[0] < 'a' || input[0] > 'z') {
    return `The store name '${input}' must start with a letter.`;
  }

  if (input[input.length - 1] === '-') {
    return `The store name '${input}' must not end with a hyphen.`;
  }

  if (input.includes('--')) {
    return `The store name '${input}' contains two hyphens in a row; use single hyphens between words.`;
  }

  if (RESERVED_NAMES.includes(input)) {
    return `The store name '${input}' is reserved; choose another name.`;
  }

  for (const prefix of RESERVED_PREFIXES) {
    if (input.startsWith(prefix)) {
      return `Store names must not start with '${prefix}', which is reserved for system namespaces.`;
    }
  }

  return null;
}

/**
 * Engines of src/Urumi.Domain/Engines with their own plans (checked against them by a test), and
 * what their admin signs in with: WordPress takes the user name, Medusa's admin the e-mail.
 */
export const ENGINES = [
  {
    id: 'woocommerce',
    name: 'WooCommerce',
    signInWith: 'adminUser',
    plans: [
      { id: 'small', description: 'Trying things out: one WordPress pod, 1 Gi content and 2 Gi database storage.' },
      { id: 'medium', description: 'A shop with real traffic: more CPU and memory, 5 Gi content and 10 Gi database storage.' },
    ],
  },
  {
    id: 'medusa',
    name: 'MedusaJS',
    signInWith: 'adminEmail',
    plans: [
      { id: 'small', description: 'Trying things out: one Medusa server, PostgreSQL with 2 Gi storage.' },
      { id: 'medium', description: 'A shop with real traffic: more CPU and memory for Medusa and PostgreSQL, 10 Gi database storage.' },
    ],
  },
];
