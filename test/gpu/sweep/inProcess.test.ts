/**
 * Issue #22, "batching on one GPU": `spinode sweep run --in-process` runs the samples one after the other
 * in one process, on one device and one pipeline cache. Its outputs must equal those of the default
 * child-process runs bit for bit (same timeseries.csv text, same qoi.json values), its failures must be
 * recorded like theirs (a sample whose run fails gets status "failed" and the run's own error line), and
 * --jobs with --in-process is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { readSampleRecord } from '../../../src/sweep/sampleRecord.ts';
import { readPlan } from '../../../src/sweep/planIndex.ts';

const SWEEP = {
  name: 'platelet-in-process',
  scene: 'lfp-platelet-slow',
  set: ['grid.cells=[16,16]', 'grid.size=[1.6e-8,1.6e-8]', 'time.tEnd=300', 'output.fieldFrames=0'],
  parameters: [{ path: 'protocol.steps[0].cRate', values: [0.2, 1, 3] }],
  design: { kind: 'cartesian' },
  quantities: ['capacity_end', 'voltage_plateau'],
};

const root = mkdtempSync(join(tmpdir(), 'spinode-sweep-inprocess-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function planned(name: string, sweep: object = SWEEP): Promise<string> {
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(sweep));
  const dir = join(root, name);
  const plan = await runCli(['sweep', 'plan', file, '--out', dir]);
  expect(plan.code, plan.stderr).toBe(0);
  return dir;
}

describe('spinode sweep run --in-process', () => {
  it('gives the same outputs as one process per sample, and records failures the same way', async () => {
    const children = await planned('children');
    const inProcess = await planned('in-process');
    const a = await runCli(['sweep', 'run', children]);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(['sweep', 'run', inProcess, '--in-process']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('one after the other in this process');
    const samples = readPlan(children).samples;
    expect(samples).toHaveLength(3);
    for (const s of samples) {
      expect(readSampleRecord(join(inProcess, s.dir))?.status).toBe('done');
      for (const file of ['timeseries.csv', 'qoi.json']) {
        const text = (dir: string) => readFileSync(join(dir, s.dir, file), 'utf8');
        if (file === 'qoi.json') expect(JSON.parse(text(inProcess)).quantities).toEqual(JSON.parse(text(children)).quantities);
        else expect(text(inProcess), `${s.dir}/${file}`).toBe(text(children));
      }
    }

    // a run that fails inside the process: its record says failed with the run's own error line
    const failing = await planned('failing', { ...SWEEP, name: 'failing', set: [...SWEEP.set, 'time.control={"kind":"fixed","dt":1e9}'], parameters: [{ path: 'protocol.steps[0].cRate', values: [1] }] });
    const c = await runCli(['sweep', 'run', failing, '--in-process']);
    expect(c.code).toBe(1);
    const record = readSampleRecord(join(failing, readPlan(failing).samples[0].dir))!;
    expect(record.status).toBe('failed');
    expect(record.problems[0]).toMatch(/^the solution blew up/);

    const both = await runCli(['sweep', 'run', children, '--in-process', '--jobs', '2']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--jobs 2 with --in-process: in-process samples run one at a time on one device; drop one of the two');
  }, 240_000);
});
