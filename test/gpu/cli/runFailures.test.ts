/**
 * Issue #8: how `spinode run` ends when things go wrong.
 *  - a run that blows up: exit 1, one line on stderr, run.json "failed", a checkpoint of the last good state;
 *  - bad input through the real binary (two processes): an unknown scene, and a grid too large for the
 *    device, both exit 2 before any GPU buffer is made;
 *  - fuzz mutants that validate run two steps without crashing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/io/checkpoint.ts';
import { readRunJson } from '../../../src/io/runJson.ts';
import { readTimeseries } from '../../../src/io/timeseries.ts';
import { parseVti } from '../../../src/io/vti.ts';
import { bundledScenes } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { runCli, STACK_LINE } from '../../unit/cli/cliHarness.ts';
import { generateMutants } from '../../unit/cli/sceneMutants.ts';

const BIN = resolve('bin/spinode');
const DAWN_NOTE = /^Warning: max\w+ artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.$/;
const root = mkdtempSync(join(tmpdir(), 'spinode-fail-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function ourLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l && !DAWN_NOTE.test(l));
}

describe('a run that blows up', () => {
  it('ends with exit 1, one clear line, run.json "failed" and a checkpoint holding the last good state', async () => {
    const dir = join(root, 'blowup');
    // The first-order step with no stabiliser and a fixed step of 1e7: unstable even at 4^6 times smaller
    // steps (ETDRK4 integrates the stiff part exactly and would not blow up here).
    const r = await runCli([
      'run', 'pfhub-bm1a', '--set', 'grid.cells=[64,64]', '--set', 'grid.size=[64,64]', '--set', 'model.stabilizer=0',
      '--set', 'time.integrator="semiImplicitEuler"', '--set', 'time.control={"kind":"fixed","dt":1e7}', '--t-end', '1e12', '--quiet', '--out', dir,
    ]);
    expect(r.thrown).toBeUndefined();
    expect(r.code, r.stderr).toBe(1);
    const lines = ourLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^spinode: the solution blew up \(NaN\/Inf or c outside its bounds\) after .+; check the scene .+ \(last good state checkpointed in .+checkpoint\)$/);
    expect(STACK_LINE.test(r.stderr)).toBe(false);

    const run = await readRunJson(join(dir, 'run.json'));
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^the solution blew up/);
    expect(run.error).not.toContain('\n');

    const cp = await readCheckpoint(join(dir, 'checkpoint'));
    expect(run.steps).toBe(cp.meta.step);
    expect(run.time).toBe(cp.meta.time);
    // The last good state is the state before the chunk that failed: here the initial condition,
    // exactly as the run wrote it at the start, with the clock at zero.
    expect(cp.meta.step).toBe(0);
    expect(cp.meta.time).toBe(0);
    const c = cp.fields.get('c')!;
    const initial = parseVti(readFileSync(join(dir, 'fields', '00000000.vti'))).arrays.get('c')!;
    expect(new Uint32Array(c.buffer)).toEqual(new Uint32Array(initial.buffer));
    expect(c.every((v) => Number.isFinite(v) && v > 0 && v < 1)).toBe(true);
    // timeseries.csv stops before the checkpointed state: nothing from the failed attempts.
    const rows = readTimeseries(readFileSync(join(dir, 'timeseries.csv'), 'utf8')).rows;
    expect(rows.every((row) => row[0] < cp.meta.step && row.every(Number.isFinite))).toBe(true);

    // The same with --steps: the blow-up shows while the last chunk before the limit drains, and the
    // rollback takes the steps back; the run must not then call it "done" after 0 steps.
    const limited = await runCli([
      'run', 'pfhub-bm1a', '--set', 'grid.cells=[64,64]', '--set', 'grid.size=[64,64]', '--set', 'model.stabilizer=0',
      '--set', 'time.integrator="semiImplicitEuler"', '--set', 'time.control={"kind":"fixed","dt":1e7}', '--t-end', '1e12', '--steps', '50', '--quiet', '--out', join(root, 'blowup-limited'),
    ]);
    expect(limited.code, limited.stderr).toBe(1);
    expect(ourLines(limited.stderr)).toEqual([expect.stringMatching(/^spinode: the solution blew up/)]);
    expect((await readRunJson(join(root, 'blowup-limited', 'run.json'))).status).toBe('failed');
  });
});

describe('bad input through the real binary', () => {
  it('an unknown scene name: exit 2 and the list of bundled scenes', () => {
    const p = spawnSync(BIN, ['run', 'no-such-scene', '--out', join(root, 'unknown')], { encoding: 'utf8', timeout: 60_000 });
    expect(p.status, p.stderr).toBe(2);
    const lines = ourLines(p.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^spinode: unknown scene "no-such-scene": give a \.json file or one of the bundled scenes: /);
    for (const s of bundledScenes) expect(lines[0]).toContain(s.name);
    expect(existsSync(join(root, 'unknown'))).toBe(false);
  });

  it('a grid too large for the device: exit 2 naming the memory needed and allowed, before any allocation', () => {
    const out = join(root, 'huge');
    const started = performance.now();
    const p = spawnSync(BIN, ['run', 'pfhub-bm1a', '--set', 'grid.cells=[8192,8192,8]', '--set', 'grid.size=[8192,8192,8]', '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(p.status, p.stderr).toBe(2);
    const lines = ourLines(p.stderr);
    expect(lines, p.stderr).toHaveLength(1);
    const m = /^spinode: grid 8192 x 8192 x 8 is too large for this device: it needs ([\d.]+) GiB in one buffer \(([\d.]+) GiB in all\) but "[^"]+" allows ([\d.]+) (MiB|GiB) per buffer$/.exec(lines[0]);
    expect(m, lines[0]).not.toBeNull();
    const [, one, all, allowed, unit] = m!;
    expect(Number(one)).toBeCloseTo((4097 * 8192 * 8 * 8) / 2 ** 30, 1); // the half spectrum, complex float32
    expect(Number(all)).toBeGreaterThan(Number(one));
    expect(Number(one) * 2 ** 30).toBeGreaterThan(Number(allowed) * (unit === 'GiB' ? 2 ** 30 : 2 ** 20));
    // Nothing was written: the check comes before the output folder and every GPU buffer.
    expect(existsSync(out)).toBe(false);
    expect((performance.now() - started) / 1000).toBeLessThan(30);
  });
});

describe('fuzz mutants that validate', () => {
  it('run two steps: exit 0, or exit 1 with one line; never a crash', async () => {
    // The same generator and seed as the validate fuzz test; keep the mutants that validate and are cheap.
    const picked = generateMutants(0x5eed0008, 600)
      .filter((m) => !m.garbage && typeof m.content === 'string')
      .filter((m) => {
        try {
          const spec = resolveScene(JSON.parse(m.content as string));
          const cells = spec.shape.reduce((a, b) => a * b, 1);
          return cells <= 200 * 200;
        } catch {
          return false;
        }
      })
      .slice(0, 10);
    expect(picked).toHaveLength(10);
    const outcomes: string[] = [];
    for (const m of picked) {
      const file = join(root, `mutant-${m.id}.json`);
      writeFileSync(file, m.content);
      const r = await runCli(['run', file, '--steps', '2', '--quiet', '--out', join(root, `mutant-${m.id}`)]);
      const what = `#${m.id} (${m.base}: ${m.description.slice(0, 100)})`;
      expect(r.thrown, what).toBeUndefined();
      expect(STACK_LINE.test(r.stderr), `${what}: ${r.stderr}`).toBe(false);
      // warnings, and the lumped thermal model's one-line report of a thermal scene, come besides the summary
      const lines = ourLines(r.stderr).filter((l) => !l.startsWith('warning: ') && !l.startsWith('thermal: '));
      if (r.code === 0) {
        expect(lines, what).toHaveLength(1);
        expect(lines[0], what).toMatch(/^done: \d+ steps, t = /);
        const rows = readTimeseries(readFileSync(join(root, `mutant-${m.id}`, 'timeseries.csv'), 'utf8')).rows;
        // the initial state and every step taken (a protocol may end the run at once: an absurd C-rate
        // reaches its cut-off voltage in the first state, "done: 0 steps")
        const steps = Number(/^done: (\d+) steps/.exec(lines[0])![1]);
        expect(rows.length, what).toBeGreaterThanOrEqual(Math.min(2, steps + 1));
      } else {
        expect(r.code, `${what}: ${r.stderr}`).toBe(1);
        expect(lines, what).toHaveLength(1);
        expect(lines[0], what).toMatch(/^spinode: \S/);
      }
      outcomes.push(`${what}: exit ${r.code}`);
    }
    expect(outcomes).toHaveLength(10);
  });
});
