/**
 * SCENE arguments of the CLI: a path to a JSON file or the name of a bundled scene, plus
 * `--set path=json` overrides (e.g. `--set model.kappa=3`, `--set grid.cells=[64,64]`,
 * `--set initial.kind="noise"`). Values that are not valid JSON are taken as strings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { bundledScenes, findBundledScene } from '../scene/bundled.ts';
import { InputError } from './inputError.ts';

export interface LoadedScene {
  json: Record<string, unknown>;
  /** where it came from: a file path or "bundled:NAME" */
  source: string;
}

/** Characters outside printable ASCII as \uXXXX, so damaged files cannot put control bytes on the terminal. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Scan a JSON string literal starting at the quote at `i`: the offset after it, or -(offset of the error) - 1. */
function scanJsonString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"') return j + 1;
    if (ch < ' ') return -j - 1;
    if (ch === '\\') {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -(j + 1) - 1;
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else return -(j + 1) - 1;
    }
  }
  return -text.length - 1;
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first JSON syntax error in `text` (V8 does not say where for some errors, e.g.
 * "Unexpected token"), or -1 if there is none. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonSyntaxErrorOffset(text: string): number {
  const stack: string[] = [];
  let state: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'afterValue' = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    if (i >= text.length) return state === 'afterValue' && stack.length === 0 ? -1 : i;
    const ch = text[i];
    if (state === 'afterValue') {
      if (stack.length === 0) return i;
      const top = stack[stack.length - 1];
      if (ch === ',') state = top === '{' ? 'key' : 'value';
      else if (ch === (top === '{' ? '}' : ']')) stack.pop();
      else return i;
      i++;
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (state === 'keyOrEnd' && ch === '}') {
        stack.pop();
        i++;
        state = 'afterValue';
        continue;
      }
      if (ch !== '"') return i;
      const end = scanJsonString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else {
      const emptyArrayAllowed = state === 'valueOrEnd';
      state = 'afterValue';
      if (ch === ']' && emptyArrayAllowed) {
        stack.pop();
        i++;
      } else if (ch === '{' || ch === '[') {
        stack.push(ch);
        i++;
        state = ch === '{' ? 'keyOrEnd' : 'valueOrEnd';
      } else if (ch === '"') {
        const end = scanJsonString(text, i);
        if (end < 0) return -end - 1;
        i = end;
      } else {
        const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        JSON_NUMBER.lastIndex = i;
        const number = JSON_NUMBER.exec(text);
        if (literal) i += literal.length;
        else if (number && number[0] !== '-') i += number[0].length;
        else return i;
      }
    }
  }
}

/** A JSON.parse error as one printable line: what is wrong and where (line and column, from 1). */
export function describeJsonError(text: string, error: SyntaxError): string {
  if (text.trim() === '') return 'the file is empty';
  const fromV8 = /position (\d+)/.exec(error.message);
  const scanned = fromV8 ? -1 : jsonSyntaxErrorOffset(text);
  const pos = fromV8 ? Number(fromV8[1]) : scanned;
  const token = /^Unexpected token '([\s\S]+?)', /.exec(error.message);
  let what = token
    ? `unexpected character '${token[1]}'`
    : error.message.replace(/,? "[\s\S]*" is not valid JSON$/, '').replace(/ (in JSON )?at position \d+.*$/s, '').replace(/^Unexpected/, 'unexpected');
  what = what.charAt(0).toLowerCase() + what.slice(1);
  if (pos < 0) return printable(what);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return printable(`${what} at line ${line}, column ${column}`);
}

export function loadSceneArgument(arg: string): LoadedScene {
  const looksLikePath = arg.endsWith('.json') || arg.includes('/') || existsSync(arg);
  if (looksLikePath) {
    if (!existsSync(arg)) throw new InputError(`${arg}: no such scene file`);
    // A byte-order mark (some editors write one) is not part of the JSON.
    const text = readFileSync(arg, 'utf8').replace(/^\ufeff/, '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${arg}: not valid JSON: ${describeJsonError(text, e as SyntaxError)}`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`${arg}: a scene must be a JSON object`);
    return { json: json as Record<string, unknown>, source: arg };
  }
  const bundled = findBundledScene(arg);
  if (!bundled) {
    throw new InputError(`unknown scene "${arg}": give a .json file or one of the bundled scenes: ${bundledScenes.map((s) => s.name).join(', ')}`);
  }
  return { json: structuredClone(bundled.json) as Record<string, unknown>, source: `bundled:${arg}` };
}

/** Split "a.b[2].c" into ["a", "b", 2, "c"]. */
export function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const piece of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!m || (m[1] === '' && m[2] === '')) throw new InputError(`--set: cannot read the path "${path}"`);
    if (m[1]) parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

/** Apply one `path=value` override in place. */
export function applyOverride(json: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new InputError(`--set ${assignment}: expected path=value, e.g. --set model.kappa=3`);
  const path = parsePath(assignment.slice(0, eq));
  const raw = assignment.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  // Scene keys are plain names: these would reach Object.prototype instead of the scene.
  const forbidden = path.find((k) => k === '__proto__' || k === 'constructor' || k === 'prototype');
  if (forbidden !== undefined) throw new InputError(`--set ${assignment}: "${forbidden}" is not a scene key`);
  let node: Record<string | number, unknown> = json;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    // Indices stay within an array or append to it: a far index would make a huge sparse array.
    if (Array.isArray(node) !== (typeof key === 'number')) {
      const where = printablePath(path.slice(0, i));
      throw new InputError(`--set ${assignment}: ${where} is ${Array.isArray(node) ? 'an array: use an index, e.g. [0]' : 'not an array'}`);
    }
    if (Array.isArray(node) && (key as number) > node.length) {
      throw new InputError(`--set ${assignment}: index ${key} is past the end of ${printablePath(path.slice(0, i))} (${node.length} entries)`);
    }
    if (i === path.length - 1) break;
    let next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function printablePath(path: (string | number)[]): string {
  return path.length === 0 ? 'the scene' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}
