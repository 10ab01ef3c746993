/**
 * DESIGN.md 4.2: every run leaves qoi.json, a failed one too. A run that blows up at once (no stabiliser,
 * dt = 1e7) keeps no rows after its last good state (step 0), so its qoi.json says "failed" with the
 * steps and time of run.json, and its quantities are null: there is nothing to reduce, and no made-up number.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { readQoiJson } from '../../../src/io/qoiJson.ts';
import { readRunJson } from '../../../src/io/runJson.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-qoi-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('qoi.json of a failed run', () => {
  it('is written, says "failed", and holds nulls where the run recorded nothing', async () => {
    const dir = join(root, 'blowup');
    const r = await runCli([
      'run', 'pfhub-bm1a', '--set', 'grid.cells=[64,64]', '--set', 'grid.size=[64,64]', '--set', 'model.stabilizer=0',
      '--set', 'time.integrator="semiImplicitEuler"', '--set', 'time.control={"kind":"fixed","dt":1e7}', '--t-end', '1e12', '--quiet', '--out', dir,
      '--set', 'output.quantities=[{"name":"f_max","column":"free_energy","reduce":"max"}]',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const run = await readRunJson(join(dir, 'run.json'));
    const qoi = await readQoiJson(join(dir, 'qoi.json'));
    expect(qoi).toMatchObject({ status: 'failed', steps: run.steps, time: run.time });
    expect(readFileSync(join(dir, 'timeseries.csv'), 'utf8').trim().split('\n')).toHaveLength(1); // the header only
    expect(qoi.quantities).toEqual({ time_end: null, free_energy_end: null, c_mean_end: null, f_max: null });
  });
});
