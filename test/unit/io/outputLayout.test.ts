import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputLayout } from '../../../src/io/outputLayout.ts';

describe('output folder layout', () => {
  it('names the files of DESIGN 4.2', () => {
    const out = outputLayout('runs/bm1a');
    expect(out.runJson).toBe(join('runs/bm1a', 'run.json'));
    expect(out.timeseries).toBe(join('runs/bm1a', 'timeseries.csv'));
    expect(out.fieldFile(1200)).toBe(join('runs/bm1a', 'fields', '00001200.vti'));
    expect(out.snapshotFile(0)).toBe(join('runs/bm1a', 'snapshots', '00000000.png'));
    expect(out.checkpoint).toBe(join('runs/bm1a', 'checkpoint'));
    expect(out.fieldsSeries).toBe(join('runs/bm1a', 'fields', 'fields.vti.series'));
  });
});
