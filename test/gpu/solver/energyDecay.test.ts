import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { bundledScenes } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { isElectrodepositionScene } from '../../../src/scene/electrodepositionSchema.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';

/**
 * Issue 17: with the default settings the free energy of a closed scene (no reaction: a gradient flow of
 * F) never rises by more than float32 round-off, in every bundled scene. Each runs 24 steps (the static
 * particle-in-electrolyte scenes end sooner) on a reduced grid in the same box (48^2, 16^3: seconds on the
 * software adapter), from its own initial condition.
 * The round-off bound is that of the sums behind F: about 1e-6 relative per part for ~1e6 float32 terms
 * with compensated partials, so 1e-5 of the sum of the parts' magnitudes.
 */
const STEPS = 24;
/**
 * PFHub 4a runs longer: the rounding precipitate is where the first-order step (time.integrator
 * "semiImplicitEuler") raised F, by 1 % at step 114 of this setup (measured when this test was written).
 */
const LONGER = new Map([['pfhub-bm4a', 150]]);
const ROUNDOFF = 1e-5;

// the Cahn-Hilliard family without a reaction (electrodeposition is driven, and has its own schema)
const closedScenes = bundledScenes.filter((b) => !(b.json as { model: { reaction?: unknown } }).model.reaction && !isElectrodepositionScene(b.json));

describe('free energy of closed scenes (issue 17)', () => {
  const gpu = useGpu();

  it('covers the closed bundled scenes', () => {
    expect(closedScenes.length).toBeGreaterThanOrEqual(10);
  });

  for (const bundled of closedScenes) {
    const steps = LONGER.get(bundled.name) ?? STEPS;
    it(`${bundled.name}: F never rises by more than round-off in ${steps} steps (or to its end) with the defaults`, async () => {
      const scene = structuredClone(bundled.json) as { grid: { cells: number[] } };
      scene.grid.cells = scene.grid.cells.map((n) => Math.min(n, scene.grid.cells.length === 3 ? 16 : 48));
      const spec = resolveScene(scene);
      const sim = await Simulation.create(gpu(), spec);
      const rows: Observables[] = [];
      sim.onObservables((o) => rows.push(o));
      const last = await sim.run({ maxSteps: steps, chunk: 64 });
      sim.dispose();
      expect(last.status === 'running' || last.status === 'done', `${bundled.name}: status ${last.status}`).toBe(true);
      expect(rows.length, `${bundled.name}: records`).toBeGreaterThanOrEqual(last.status === 'done' ? 2 : steps);
      let worst = -Infinity;
      let where = 0;
      for (let k = 1; k < rows.length; k++) {
        const scale = Math.abs(rows[k - 1].bulkEnergy) + Math.abs(rows[k - 1].gradientEnergy) + Math.abs(rows[k - 1].elasticEnergy) || Math.abs(rows[k - 1].freeEnergy);
        const rise = (rows[k].freeEnergy - rows[k - 1].freeEnergy) / scale;
        if (rise > worst) [worst, where] = [rise, rows[k].step];
      }
      expect(worst, `${bundled.name}: largest rise of F (relative to its parts) at step ${where}`).toBeLessThanOrEqual(ROUNDOFF);
    });
  }
});
