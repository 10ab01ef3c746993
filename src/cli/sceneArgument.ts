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

function describeJsonError(text: string, error: SyntaxError): string {
  const m = /position (\d+)/.exec(error.message);
  if (!m) return error.message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${error.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

export function loadSceneArgument(arg: string): LoadedScene {
  const looksLikePath = arg.endsWith('.json') || arg.includes('/') || existsSync(arg);
  if (looksLikePath) {
    if (!existsSync(arg)) throw new InputError(`${arg}: no such scene file`);
    const text = readFileSync(arg, 'utf8');
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
  let node: Record<string | number, unknown> = json;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    let next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
}
