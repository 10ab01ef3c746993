/**
 * Issue #8: `spinode validate` on 600 deterministic mutants of the bundled scenes (and on damaged
 * `--set` overrides) ends with exit 0, or exit 2 and a clear message: "not valid JSON" for text that
 * is not JSON, otherwise every problem on its own line named by the JSON path it concerns. Never an
 * exception escaping main(), a stack trace, a wall of text or a hang.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMutants, type JsonPath, type Mutant } from './sceneMutants.ts';
import { runCli, STACK_LINE, withWatchdog, type CliResult } from './cliHarness.ts';

const SEED = 0x5eed0008;
const COUNT = 600;
/** A message longer than this is not "clear" whatever it says. */
const MAX_STDERR = 8000;
const MAX_PROBLEM_LINES = 30;

const dir = mkdtempSync(join(tmpdir(), 'spinode-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "grid.cells[0]" -> ["grid", "cells", 0]; "(scene)" -> [] */
function parseProblemPath(text: string): JsonPath | undefined {
  if (text === '(scene)') return [];
  if (!/^[A-Za-z$_][\w$]*(\.[A-Za-z$_][\w$]*|\[\d+\])*$/.test(text)) return undefined;
  return text.split(/\.|(?=\[)/).map((p) => (p.startsWith('[') ? Number(p.slice(1, -1)) : p));
}

/** Sections whose rules look at each other: a change in one can be reported in the other. */
const CROSS_SECTIONS = new Map<string | number, string[]>([
  ['units', ['model']],
  ['grid', ['initial']],
  ['initial', ['grid']],
]);

function related(problem: JsonPath, mutated: JsonPath): boolean {
  if (problem.length === 0 || mutated.length === 0) return true;
  return problem[0] === mutated[0] || (CROSS_SECTIONS.get(mutated[0]) ?? []).includes(String(problem[0]));
}

function isJsonObject(content: string | Uint8Array): 'not-json' | 'not-object' | 'object' {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return 'not-json';
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? 'object' : 'not-object';
}

/** Everything wrong with the CLI's answer to one mutant (empty when it is fine). */
function complaints(m: Pick<Mutant, 'content' | 'paths' | 'garbage'>, file: string, r: CliResult): string[] {
  const bad: string[] = [];
  if (r.thrown !== undefined) return [`main() threw: ${String(r.thrown)}`];
  if (r.code !== 0 && r.code !== 2) bad.push(`exit code ${r.code}`);
  if (STACK_LINE.test(r.stderr) || STACK_LINE.test(r.stdout)) bad.push('stack trace in the output');
  if (r.seconds > 5) bad.push(`took ${r.seconds.toFixed(1)} s`);
  if (r.stderr.length > MAX_STDERR) bad.push(`stderr has ${r.stderr.length} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stderr)) bad.push('raw control characters in stderr');
  if (r.code === 0) {
    if (!r.stdout.startsWith(`${file}: valid (`)) bad.push(`exit 0 but stdout is ${JSON.stringify(r.stdout.slice(0, 200))}`);
    for (const line of r.stderr.split('\n').filter(Boolean)) if (!line.startsWith('warning: ')) bad.push(`exit 0 with stderr line ${JSON.stringify(line.slice(0, 200))}`);
    return bad;
  }
  if (r.code !== 2) return bad;
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  const parsed = isJsonObject(m.content);
  if (!lines[0].startsWith(`spinode: ${file}: `)) bad.push(`first line does not name the file: ${JSON.stringify(lines[0].slice(0, 200))}`);
  if (parsed === 'not-json') {
    if (!/: not valid JSON: .*line \d+, column \d+/.test(lines[0]) && !/: not valid JSON: (the file is empty|unexpected end)/.test(lines[0])) {
      bad.push(`not JSON, but the message is ${JSON.stringify(lines[0].slice(0, 300))} (expected "not valid JSON" and where)`);
    }
    if (lines.length !== 1) bad.push(`${lines.length} lines for a JSON syntax error`);
    return bad;
  }
  if (parsed === 'not-object') {
    if (!lines[0].endsWith('a scene must be a JSON object') || lines.length !== 1) bad.push(`not an object, but the message is ${JSON.stringify(r.stderr.slice(0, 300))}`);
    return bad;
  }
  if (!lines[0].endsWith(': invalid scene:')) {
    bad.push(`JSON object rejected without "invalid scene:": ${JSON.stringify(lines[0].slice(0, 300))}`);
    return bad;
  }
  const problems = lines.slice(1);
  if (problems.length === 0) bad.push('invalid scene without any problem listed');
  if (problems.length > MAX_PROBLEM_LINES) bad.push(`${problems.length} problem lines`);
  const paths: JsonPath[] = [];
  for (const line of problems) {
    const match = /^ {2}(\S+): (\S.*)$/.exec(line);
    const path = match ? parseProblemPath(match[1]) : undefined;
    if (!path) bad.push(`problem line without a JSON path: ${JSON.stringify(line.slice(0, 200))}`);
    else paths.push(path);
  }
  if (m.paths.length > 0 && paths.length > 0 && !paths.some((p) => m.paths.some((q) => related(p, q)))) {
    bad.push(`no problem names the changed paths ${JSON.stringify(m.paths)}: ${JSON.stringify(problems.slice(0, 5))}`);
  }
  return bad;
}

describe('spinode validate on mutated scenes (fuzz, seed 0x5eed0008)', () => {
  const mutants = generateMutants(SEED, COUNT);

  it(`${COUNT} mutants: exit 0, or exit 2 naming the JSON path (or "not valid JSON"), never a crash or a stack`, async () => {
    const failures: string[] = [];
    const codes = { 0: 0, 2: 0, other: 0 };
    await withWatchdog(30, join(dir, 'progress.txt'), async (progress) => {
      for (const m of mutants) {
        const file = join(dir, `mutant-${String(m.id).padStart(4, '0')}.json`);
        writeFileSync(file, m.content);
        progress(`mutant #${m.id} (${m.base}: ${m.description.slice(0, 200)})`);
        const r = await runCli(['validate', file]);
        if (r.code === 0) codes[0]++;
        else if (r.code === 2) codes[2]++;
        else codes.other++;
        const bad = complaints(m, file, r);
        if (bad.length > 0) failures.push(`#${m.id} (${m.base}: ${m.description.slice(0, 120)}): ${bad.join('; ')}\n    stderr: ${JSON.stringify(r.stderr.slice(0, 300))}`);
      }
    });
    expect(failures, failures.slice(0, 15).join('\n')).toEqual([]);
    // The generator must actually exercise both outcomes and the JSON-syntax path.
    expect(codes[2]).toBeGreaterThan(COUNT / 2);
    expect(codes[0]).toBeGreaterThan(10);
    expect(mutants.filter((m) => isJsonObject(m.content) === 'not-json').length).toBeGreaterThan(40);
  }, 60_000);

  it('the mutants are deterministic and cover every kind of damage', () => {
    const again = generateMutants(SEED, COUNT);
    expect(again.map((m) => m.description)).toEqual(mutants.map((m) => m.description));
    const all = mutants.map((m) => m.description).join('\n');
    for (const what of ['delete ', 'unknown key', 'grid.cells = ', 'grid.size = ', 'raw NaN', 'nested', ' x 100000]', 'truncated', 'random bytes', 'byte-order mark', 'e+300']) {
      expect(all, what).toContain(what);
    }
  }, 30_000);

  it('damaged --set overrides: exit 2 naming the option, nothing polluted, no huge allocations', async () => {
    const cases: [string, RegExp][] = [
      ['__proto__.polluted=1', /--set __proto__\.polluted=1: .*"__proto__"/],
      ['constructor.prototype.polluted=1', /--set constructor\.prototype\.polluted=1: .*"constructor"/],
      ['model.__proto__.polluted=1', /"__proto__"/],
      ['grid.cells[999999999]=64', /--set grid\.cells\[999999999\]=64: .*index 999999999/],
      ['grid.cells[3]=64', /--set grid\.cells\[3\]=64: .*index 3/],
      ['grid..cells=1', /--set: cannot read the path "grid\.\.cells"/],
      ['=3', /--set =3: expected path=value/],
      ['model.kappa', /--set model\.kappa: expected path=value/],
      ['grid.cells[x]=1', /--set: cannot read the path/],
      ['grid.cells[-1]=1', /--set: cannot read the path/],
    ];
    for (const [assignment, message] of cases) {
      const r = await runCli(['validate', 'pfhub-bm1a', '--set', assignment]);
      expect(r.thrown, assignment).toBeUndefined();
      expect(r.code, `${assignment}: ${r.stderr}`).toBe(2);
      expect(r.stderr, assignment).toMatch(message);
      expect(r.stderr.split('\n').filter(Boolean), assignment).toHaveLength(1);
      expect(({} as Record<string, unknown>).polluted, assignment).toBeUndefined();
    }
    // Well-formed overrides that break the scene are named by path like any other problem.
    const typed = await runCli(['validate', 'pfhub-bm1a', '--set', 'grid.cells=[64,"64"]']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(/^ {2}grid\.cells\[1\]: Invalid input: expected number, received string$/m);
    const third = await runCli(['validate', 'pfhub-bm1a', '--set', 'grid.cells[2]=7']);
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/^ {2}grid\.cells\[2\]: .*>=8$/m);
    expect(third.stderr).toMatch(/^ {2}grid\.size: needs 3 entries/m);
    const ok = await runCli(['validate', 'pfhub-bm1a', '--set', 'grid.cells[1]=96', '--set', 'model.kappa=3']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('bundled:pfhub-bm1a: valid (2D, 200 x 96 cells');
  });
});
