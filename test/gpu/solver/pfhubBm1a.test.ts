import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation } from '../../../src/solver/simulation.ts';
import { checkBand } from '../../../src/analysis/referenceCurves.ts';
import { BM1A_CHECK_TIMES, loadPfhubBm1a } from '../../reference/pfhub/load.ts';

describe('PFHub benchmark 1a (DESIGN.md section 5)', () => {
  const gpu = useGpu();

  it('the bundled scene with the default time-step control stays inside the published band up to t = 1e4', async () => {
    const spec = resolveScene(findBundledScene('pfhub-bm1a')!.json);
    const sim = await Simulation.create(gpu(), spec);
    const curve: [number, number][] = [];
    sim.onObservables((o) => curve.push([o.time, o.freeEnergy]));
    const last = await sim.run({ chunk: 128 });
    sim.dispose();
    expect(last.status).toBe('done');
    expect(last.time).toBeCloseTo(10000, 1);
    const checks = checkBand(curve, loadPfhubBm1a(), BM1A_CHECK_TIMES);
    for (const c of checks) expect(c.inside, `t = ${c.time}: F = ${c.value}, band ${c.lower} .. ${c.upper}`).toBe(true);
    // The first value is the initial condition evaluated on the grid: 319.2 here, the codes 319.03-319.10.
    expect(curve[0][1]).toBeGreaterThan(318.9);
    expect(curve[0][1]).toBeLessThan(319.3);
    // The published spectral entry used dt = 0.1 (100,000 steps); the accuracy controller needs far fewer.
    expect(curve.length - 1).toBeLessThanOrEqual(2000);
  });
});
