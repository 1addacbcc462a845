// JSON Patch (RFC 6902) and JSON Pointer (RFC 6901), small and strict, for a conversation's shared state: the
// server sends each change as a patch (STATE_DELTA) and the client applies it to the state it holds.
//
// `applyPatch` never changes the document it is given: it works on a copy and returns it, and a patch that fails
// at any operation changes nothing (RFC 6902 §5: the whole patch, or none of it).

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const INDEX = /^(0|[1-9][0-9]*)$/;

/** Why a patch or a pointer was refused: `code` is `invalid_patch`, `invalid_pointer`, `not_found` or `test_failed`. */
export class PatchError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{index?: number, operation?: object}} [details] the operation that failed, and its place in the patch
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'PatchError';
    this.code = code;
    if (details.index !== undefined) this.index = details.index;
    if (details.operation !== undefined) this.operation = details.operation;
  }
}

/**
 * The reference tokens of a JSON Pointer (RFC 6901): `""` is the whole document (no tokens), `"/a~1b/0"` is
 * `["a/b", "0"]`. `~1` stands for `/` and `~0` for `~`; any other `~` is an error.
 * @param {string} pointer
 * @returns {string[]}
 */
export function parsePointer(pointer) {
  if (typeof pointer !== 'string') throw new PatchError('invalid_pointer', 'a JSON Pointer is a string');
  if (pointer === '') return [];
  if (pointer[0] !== '/') throw new PatchError('invalid_pointer', `a JSON Pointer starts with "/": ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map((token) => {
    if (/~[^01]|~$/.test(token)) {
      throw new PatchError('invalid_pointer', `"~" is followed by 0 or 1 in a JSON Pointer: ${JSON.stringify(pointer)}`);
    }
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

/**
 * A JSON Pointer made of `tokens` (each escaped: `~` → `~0`, `/` → `~1`); `formatPointer(['a/b', 0])` is `"/a~1b/0"`.
 * @param {(string|number)[]} tokens
 * @returns {string}
 */
export function formatPointer(tokens) {
  return tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The value `pointer` names in `document`, or `undefined` when there is none.
 * @param {unknown} document
 * @param {string} pointer
 */
export function resolvePointer(document, pointer) {
  let node = document;
  for (const token of parsePointer(pointer)) {
    const child = childOf(node, token);
    if (!child.found) return undefined;
    node = child.value;
  }
  return node;
}

/**
 * Checks that `patch` is a JSON Patch document (an array of operations, each with a known `op`, a valid `path`,
 * and the `value` or `from` its op needs), without applying it. Throws a PatchError `invalid_patch` or
 * `invalid_pointer`.
 * @param {unknown} patch
 */
export function validatePatch(patch) {
  if (!Array.isArray(patch)) throw new PatchError('invalid_patch', 'a JSON Patch is an array of operations');
  patch.forEach((operation, index) => checkOperation(operation, index));
}

/**
 * Applies an RFC 6902 patch to `document` and returns the result; `document` itself is left as it was, and so it
 * is when any operation fails (a PatchError with the failing operation's `index`).
 * @template T
 * @param {T} document a JSON value
 * @param {object[]} patch the operations: add, remove, replace, move, copy, test
 * @returns {unknown} the patched document (a new value)
 */
export function applyPatch(document, patch) {
  validatePatch(patch);
  let root = clone(document);
  patch.forEach((operation, index) => {
    try {
      root = applyOperation(root, operation);
    } catch (error) {
      if (error instanceof PatchError) {
        error.index = index;
        error.operation = operation;
        error.message = `operation ${index} (${operation.op} ${operation.path}): ${error.message}`;
      }
      throw error;
    }
  });
  return root;
}

/**
 * Whether two JSON values are equal as RFC 6902's `test` compares them: same type, numbers by value, strings
 * exactly, arrays element by element, objects by their members whatever their order.
 */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
}

// ---- operations ------------------------------------------------------------------------------------------------

function checkOperation(operation, index) {
  const fail = (message) => {
    throw new PatchError('invalid_patch', `operation ${index}: ${message}`, { index, operation });
  };
  if (operation === null || typeof operation !== 'object' || Array.isArray(operation)) fail('not an object');
  if (!OPS.has(operation.op)) fail(`unknown op ${JSON.stringify(operation.op)}`);
  if (typeof operation.path !== 'string') fail('no path');
  parsePointer(operation.path);
  if ((operation.op === 'add' || operation.op === 'replace' || operation.op === 'test')
      && !Object.prototype.hasOwnProperty.call(operation, 'value')) {
    fail(`${operation.op} needs a value`);
  }
  if (operation.op === 'move' || operation.op === 'copy') {
    if (typeof operation.from !== 'string') fail(`${operation.op} needs from`);
    parsePointer(operation.from);
  }
}

function applyOperation(root, operation) {
  const path = parsePointer(operation.path);
  switch (operation.op) {
    case 'add':
      return add(root, path, clone(operation.value));
    case 'remove':
      return remove(root, path).root;
    case 'replace':
      return replace(root, path, clone(operation.value));
    case 'move': {
      const from = parsePointer(operation.from);
      if (from.length < path.length && from.every((token, i) => token === path[i])) {
        throw new PatchError('invalid_patch', 'cannot move a value into one of its own children');
      }
      if (from.length === path.length && from.every((token, i) => token === path[i])) {
        get(root, from);
        return root;
      }
      const removed = remove(root, from);
      return add(removed.root, path, removed.value);
    }
    case 'copy':
      return add(root, path, clone(get(root, parsePointer(operation.from))));
    case 'test': {
      const actual = get(root, path);
      if (!jsonEqual(actual, operation.value)) {
        throw new PatchError('test_failed', `the value is ${JSON.stringify(actual)}, not ${JSON.stringify(operation.value)}`);
      }
      return root;
    }
    default:
      throw new PatchError('invalid_patch', `unknown op ${operation.op}`);
  }
}

/** The value at `path`, which must be there. */
function get(root, path) {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const child = childOf(node, path[i]);
    if (!child.found) throw new PatchError('not_found', `nothing at ${formatPointer(path.slice(0, i + 1))}`);
    node = child.value;
  }
  return node;
}

function add(root, path, value) {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1));
  const token = path.at(-1);
  if (Array.isArray(parent)) {
    const index = token === '-' ? parent.length : arrayIndex(token, parent.length, path);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    setMember(parent, token, value);
  } else {
    throw new PatchError('not_found', `${formatPointer(path.slice(0, -1)) || 'the document'} is not an object or an array`);
  }
  return root;
}

function replace(root, path, value) {
  get(root, path); // it must be there
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1));
  const token = path.at(-1);
  if (Array.isArray(parent)) parent[Number(token)] = value;
  else setMember(parent, token, value);
  return root;
}

function remove(root, path) {
  if (path.length === 0) throw new PatchError('invalid_patch', 'cannot remove the whole document (replace it)');
  const parent = get(root, path.slice(0, -1));
  const token = path.at(-1);
  let value;
  if (Array.isArray(parent)) {
    const index = arrayIndex(token, parent.length - 1, path);
    [value] = parent.splice(index, 1);
  } else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, token)) {
    value = parent[token];
    delete parent[token];
  } else {
    throw new PatchError('not_found', `nothing at ${formatPointer(path)}`);
  }
  return { root, value };
}

/** An array index token: digits without leading zeros, at most `max`. */
function arrayIndex(token, max, path) {
  if (!INDEX.test(token)) throw new PatchError('invalid_pointer', `${JSON.stringify(token)} is not an array index (at ${formatPointer(path)})`);
  const index = Number(token);
  if (index > max) throw new PatchError('not_found', `index ${index} is out of bounds (at ${formatPointer(path)})`);
  return index;
}

function childOf(node, token) {
  if (Array.isArray(node)) {
    if (!INDEX.test(token) || Number(token) >= node.length) return { found: false };
    return { found: true, value: node[Number(token)] };
  }
  if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) return { found: true, value: node[token] };
  return { found: false };
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets an own member, whatever its name (`__proto__` included: a member, never the prototype). */
function setMember(object, key, value) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A deep copy of a JSON value. */
export function clone(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone);
  const out = {};
  for (const key of Object.keys(value)) setMember(out, key, clone(value[key]));
  return out;
}
