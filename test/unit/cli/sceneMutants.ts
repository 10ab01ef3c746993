/**
 * Deterministic scene mutants for the CLI fuzz tests (issue #8): each mutant starts from a bundled
 * scene and breaks it the way a user, an editor or a disk can: wrong types, missing fields, unknown
 * keys, extreme and non-finite numbers, grids with bad factors, huge arrays, deep nesting, switched
 * `kind`s, and byte-level damage (truncation, inserted bytes, BOM, empty files, random bytes).
 * The same seed always gives the same mutants, so a failure names a mutant that can be replayed.
 */
import { mulberry32 } from '../../../src/physics/random.ts';
import { bundledScenes } from '../../../src/scene/bundled.ts';
import { isElectrodepositionScene } from '../../../src/scene/electrodepositionSchema.ts';

/**
 * The Cahn-Hilliard family's bundled scenes: the checks on the mutants' messages (paths like grid.cells[0],
 * the sections whose rules look at each other) are written for its schema; electrodeposition scenes have
 * their own (test/unit/scene/electrodepositionSchema.test.ts).
 */
const BASES = bundledScenes.filter((s) => !isElectrodepositionScene(s.json));

export type JsonPath = (string | number)[];

export interface Mutant {
  id: number;
  /** the bundled scene it started from */
  base: string;
  /** what was done, for failure messages */
  description: string;
  /** the file's content */
  content: string | Uint8Array;
  /** JSON paths that were changed (empty for damage at the byte level) */
  paths: JsonPath[];
  /** damaged at the text or byte level: may not be JSON at all */
  garbage: boolean;
}

/** Deterministic mutation choices from a seed. */
export const prng = mulberry32;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const RAW = '@@RAW@@';

/** Values of the wrong type or out of every sensible range, for any position. */
const WEIRD: Json[] = [
  null, true, false, '', ' ', 'text', 'NaN', 'Infinity', '-Infinity', '1e999', '64', '0x10', 42, 0, -1, -0.5, 0.5,
  1e308, -1e308, 5e-324, 2 ** 53 + 2, [], {}, [1, 2], [null], { kind: 'x' }, [[64, 64]], 'doubleWell', '\u0000', '🙂',
];
/** Raw tokens spliced into the JSON text in place of a value; the first six are not JSON at all. */
const RAW_TOKENS = ['NaN', 'Infinity', '-Infinity', '0x10', '+1', '.5', '1e999', '-1e999', '1e-999', '-0', '"NaN"', '"Infinity"', '"1e3"', '"5"'];
const CELL_VALUES: Json[] = [0, -64, 2, 7, 9, 10, 14, 22, 49, 63, 64, 66, 98, 100, 128, 250, 8191, 8192, 16384, 1e9, 64.5, '64', null, 6];
const SIZE_VALUES: Json[] = [0, -1, -64, 1e-300, 5e-324, 1e300, 1e308, '1', null, 64, 1e-9];
const KINDS: Json[] = ['doubleWell', 'regularSolution', 'polynomial', 'constant', 'diffusivity', 'pfhub-bm1a', 'noise', 'uniform', 'cosine', 'accuracy', 'fixed', 'DoubleWell', '', 3, null];
const UNKNOWN_KEYS = ['kapa', 'Kappa', 'extra', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', 'grid ', 'názov', 'a'.repeat(1000)];
const STRINGS: Json[] = ['', ' ', 'UPPER-case', 'with space', 'si', 'SI ', 'x'.repeat(100_000), '\u0000', '🙂', 'dimensionless', 'SI', '-leading-dash', 42];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)];
}

/** Every path in `node`; the elements of long arrays (the huge ones made here) are not listed. */
function allPaths(node: Json, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(node) && node.length > 100) return out;
  if (Array.isArray(node)) node.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) allPaths(v, [...prefix, k], out);
  return out;
}

function get(root: Json, path: JsonPath): Json {
  let node = root;
  for (const k of path) node = (node as Record<string | number, Json>)[k];
  return node;
}

/** Set as an own property, even for "__proto__" (so JSON.stringify writes it). */
function set(root: Json, path: JsonPath, value: Json): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  Object.defineProperty(parent, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

function remove(root: Json, path: JsonPath): void {
  const parent = get(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, Json>)[key as string];
}

interface Structural {
  json: Json;
  paths: JsonPath[];
  raw: string[];
  notes: string[];
}

function describePath(path: JsonPath): string {
  return path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** One structural mutation of `m.json`, in place. */
function mutateOnce(rnd: () => number, m: Structural): void {
  const paths = allPaths(m.json);
  const nonRoot = paths.filter((p) => p.length > 0);
  const leaves = nonRoot.filter((p) => {
    const v = get(m.json, p);
    return v === null || typeof v !== 'object';
  });
  const numeric = leaves.filter((p) => typeof get(m.json, p) === 'number');
  const objects = paths.filter((p) => {
    const v = get(m.json, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const arrays = nonRoot.filter((p) => Array.isArray(get(m.json, p)));
  const kinds = nonRoot.filter((p) => p[p.length - 1] === 'kind');
  const strings = leaves.filter((p) => typeof get(m.json, p) === 'string');
  const op = pick(rnd, ['wrongType', 'wrongType', 'delete', 'delete', 'unknownKey', 'extreme', 'extreme', 'rawToken', 'cells', 'cells', 'size', 'kind', 'string', 'huge', 'deep'] as const);
  switch (op) {
    case 'wrongType': {
      const p = pick(rnd, nonRoot);
      const v = pick(rnd, WEIRD);
      set(m.json, p, structuredClone(v));
      m.paths.push(p);
      m.notes.push(`${describePath(p)} = ${JSON.stringify(v)?.slice(0, 40)}`);
      return;
    }
    case 'delete': {
      const p = pick(rnd, nonRoot);
      remove(m.json, p);
      m.paths.push(p);
      m.notes.push(`delete ${describePath(p)}`);
      return;
    }
    case 'unknownKey': {
      const p = pick(rnd, objects);
      const key = pick(rnd, UNKNOWN_KEYS);
      set(m.json, [...p, key], structuredClone(pick(rnd, WEIRD)));
      m.paths.push([...p, key]);
      m.notes.push(`unknown key ${JSON.stringify(key.slice(0, 20))} in ${describePath(p)}`);
      return;
    }
    case 'extreme': {
      const p = pick(rnd, numeric.length > 0 ? numeric : nonRoot);
      const x = Number(get(m.json, p)) || 1;
      const v = pick(rnd, [0, -0, -1, -x, x * 1e300, x * 1e-300, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 32 + 8, x + 0.5, x * 1e7, x * 1e-7]);
      set(m.json, p, v);
      m.paths.push(p);
      m.notes.push(`${describePath(p)} = ${v}`);
      return;
    }
    case 'rawToken': {
      const p = pick(rnd, leaves);
      const token = pick(rnd, RAW_TOKENS);
      set(m.json, p, `${RAW}${m.raw.length}`);
      m.raw.push(token);
      m.paths.push(p);
      m.notes.push(`${describePath(p)} = raw ${token}`);
      return;
    }
    case 'cells': {
      const n = pick(rnd, [0, 1, 2, 2, 2, 3, 3, 4, 5]);
      const cells = Array.from({ length: n }, () => structuredClone(pick(rnd, CELL_VALUES)));
      if (get(m.json, ['grid']) === null || typeof get(m.json, ['grid']) !== 'object') set(m.json, ['grid'], {});
      set(m.json, ['grid', 'cells'], cells);
      if (rnd() < 0.5) set(m.json, ['grid', 'size'], cells.map(() => 64));
      m.paths.push(['grid', 'cells']);
      m.notes.push(`grid.cells = ${JSON.stringify(cells)}`);
      return;
    }
    case 'size': {
      if (get(m.json, ['grid']) === null || typeof get(m.json, ['grid']) !== 'object') set(m.json, ['grid'], {});
      const cells = get(m.json, ['grid', 'cells']);
      const n = Array.isArray(cells) ? cells.length : 2;
      const size = Array.from({ length: rnd() < 0.2 ? n + 1 : n }, () => structuredClone(pick(rnd, SIZE_VALUES)));
      set(m.json, ['grid', 'size'], size);
      m.paths.push(['grid', 'size']);
      m.notes.push(`grid.size = ${JSON.stringify(size)}`);
      return;
    }
    case 'kind': {
      const p = pick(rnd, kinds.length > 0 ? kinds : nonRoot);
      const v = pick(rnd, KINDS);
      set(m.json, p, v);
      m.paths.push(p);
      m.notes.push(`${describePath(p)} = ${JSON.stringify(v)}`);
      return;
    }
    case 'string': {
      const p = pick(rnd, strings.length > 0 ? strings : nonRoot);
      const v = pick(rnd, STRINGS);
      set(m.json, p, v);
      m.paths.push(p);
      m.notes.push(`${describePath(p)} = ${JSON.stringify(v).slice(0, 30)}`);
      return;
    }
    case 'huge': {
      const p = pick(rnd, [...arrays, ...arrays, ...nonRoot]);
      const length = pick(rnd, [1000, 10_000, 100_000, 300_000]);
      const element = pick(rnd, [64, 7, 'x', null, 0.5, -1]);
      set(m.json, p, new Array(length).fill(element));
      m.paths.push(p);
      m.notes.push(`${describePath(p)} = [${JSON.stringify(element)} x ${length}]`);
      return;
    }
    case 'deep': {
      const p = pick(rnd, nonRoot);
      const depth = pick(rnd, [100, 1000, 10_000, 100_000]);
      const token = rnd() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      set(m.json, p, `${RAW}${m.raw.length}`);
      m.raw.push(token);
      m.paths.push(p);
      m.notes.push(`${describePath(p)} nested ${depth} deep`);
      return;
    }
  }
}

function render(m: Structural): string {
  let text = JSON.stringify(m.json, null, 2);
  m.raw.forEach((token, i) => {
    text = text.replace(`"${RAW}${i}"`, () => token);
  });
  return text;
}

/** Damage at the text or byte level. */
function damage(rnd: () => number, text: string): { content: string | Uint8Array; note: string } {
  const bytes = new TextEncoder().encode(text);
  const at = Math.floor(rnd() * bytes.length);
  const op = pick(rnd, ['truncate', 'insertBytes', 'flip', 'deleteByte', 'bom', 'trailing', 'whole', 'random', 'comment', 'comma', 'quotes'] as const);
  switch (op) {
    case 'truncate':
      return { content: bytes.slice(0, at), note: `truncated at byte ${at}` };
    case 'insertBytes': {
      const junk = Uint8Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256));
      const out = new Uint8Array(bytes.length + junk.length);
      out.set(bytes.subarray(0, at));
      out.set(junk, at);
      out.set(bytes.subarray(at), at + junk.length);
      return { content: out, note: `${junk.length} random bytes inserted at ${at}` };
    }
    case 'flip': {
      const out = bytes.slice();
      out[at] ^= 1 << Math.floor(rnd() * 8);
      return { content: out, note: `bit flipped at byte ${at}` };
    }
    case 'deleteByte':
      return { content: new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]), note: `byte ${at} deleted` };
    case 'bom':
      return { content: `\ufeff${text}`, note: 'UTF-8 byte-order mark' };
    case 'trailing':
      return { content: `${text}${pick(rnd, ['x', '}', ',', '\u0000', '{}', ' garbage'])}`, note: 'trailing junk' };
    case 'whole': {
      const whole = pick(rnd, ['', '   \n', 'null', '[]', '42', '"scene"', 'true', '{}', '{', '}', '[{}]', '{"name": }', 'NaN']);
      return { content: whole, note: `whole file ${JSON.stringify(whole)}` };
    }
    case 'random':
      return { content: Uint8Array.from({ length: 1 + Math.floor(rnd() * 2000) }, () => Math.floor(rnd() * 256)), note: 'random bytes' };
    case 'comment':
      return { content: `// scene\n${text}`, note: 'a comment line' };
    case 'comma':
      return { content: text.replace(/(\d)\n(\s*)\}/, '$1,\n$2}'), note: 'trailing comma' };
    case 'quotes':
      return { content: text.replace(/"/g, "'"), note: 'single quotes' };
  }
}

/** `count` mutants from `seed`, cycling through the bundled scenes. */
export function generateMutants(seed: number, count: number): Mutant[] {
  const rnd = prng(seed);
  const out: Mutant[] = [];
  for (let id = 0; id < count; id++) {
    const base = BASES[id % BASES.length];
    const m: Structural = { json: structuredClone(base.json) as Json, paths: [], raw: [], notes: [] };
    const garbage = rnd() < 0.15;
    if (garbage) {
      const { content, note } = damage(rnd, JSON.stringify(m.json, null, 2));
      out.push({ id, base: base.name, description: note, content, paths: [], garbage: true });
      continue;
    }
    const n = rnd() < 0.7 ? 1 : rnd() < 0.7 ? 2 : 3;
    for (let i = 0; i < n; i++) mutateOnce(rnd, m);
    out.push({ id, base: base.name, description: m.notes.join('; '), content: render(m), paths: m.paths, garbage: m.raw.length > 0 });
  }
  return out;
}
