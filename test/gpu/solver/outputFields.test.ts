/**
 * The point fields a simulation offers to views (Simulation.fieldNames / encodeField): the chemical
 * potential mu computed on the GPU against the float64 twin (src/solver/chemicalPotential.ts) for a
 * Cahn-Hilliard scene, a homogeneous-elastic one and an Allen-Cahn-reaction platelet, and the particle
 * indicator psi against its float64 definition.
 *
 * Tolerance: mu = f'(c) + kappa k^2 c_hat (+ B(n) c_hat) through two float32 FFTs of a 32^2..48^2 grid
 * (relative rounding ~ 1e-7 log2 N per transform) plus f'(c) in float32: the deviation from the mean is
 * compared to 1e-4 of the field's spread, well above float32 rounding and far below any missing term
 * (the gradient term alone is >10 % of the spread after a few steps of spinodal growth).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation } from '../../../src/solver/simulation.ts';
import { chemicalPotentialField } from '../../../src/solver/chemicalPotential.ts';
import { particleIndicator, reactionSiteDensity } from '../../../src/solver/geometry.ts';
import { testScene } from './scenes.ts';
import { platelet } from './electrochemScenes.ts';

const gpu = useGpu();

function deviations(v: ArrayLike<number>): Float64Array {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  return Float64Array.from(v, (x) => x - mean);
}

/** Largest |GPU - twin| of the deviations from the mean, relative to the twin's spread. */
function relativeError(gpuField: ArrayLike<number>, twin: ArrayLike<number>): number {
  const a = deviations(gpuField);
  const b = deviations(twin);
  let spread = 0;
  let error = 0;
  for (let i = 0; i < a.length; i++) {
    spread = Math.max(spread, Math.abs(b[i]));
    error = Math.max(error, Math.abs(a[i] - b[i]));
  }
  return error / spread;
}

async function muAfter(scene: Record<string, unknown>, steps: number): Promise<{ gpuMu: Float32Array; twin: Float32Array; names: string[] }> {
  const spec = resolveScene(scene);
  const sim = await Simulation.create(gpu(), spec);
  await sim.run({ maxSteps: steps });
  const c = await sim.readConcentration();
  const gpuMu = await sim.readField('mu');
  // the state is untouched by the mu output: the next steps still run from it
  expect(await sim.readConcentration()).toEqual(c);
  const names = sim.fieldNames();
  sim.dispose();
  return { gpuMu, twin: chemicalPotentialField(spec, c), names };
}

describe('output fields', () => {
  it('mu of a Cahn-Hilliard state equals the float64 twin', async () => {
    const { gpuMu, twin, names } = await muAfter(testScene({ cells: [32, 24] }), 20);
    expect(names).toEqual(['c', 'mu']);
    expect(relativeError(gpuMu, twin)).toBeLessThan(1e-4);
  });

  it('mu with homogeneous-modulus elasticity includes B(n) c_hat', async () => {
    const scene = testScene({ cells: [32, 32] });
    (scene.model as Record<string, unknown>).elasticity = {
      stiffness: { kind: 'cubic', c11: 250, c12: 150, c44: 100 },
      eigenstrain: [0.05, 0.05, 0, 0, 0, 0],
      referenceConcentration: 0.5,
    };
    const { gpuMu, twin, names } = await muAfter(scene, 10);
    expect(names).toContain('sigma_vm');
    expect(relativeError(gpuMu, twin)).toBeLessThan(1e-4);
  });

  it('mu of an Allen-Cahn-reaction platelet is in scene units (J/m^3 per site fraction)', async () => {
    const { gpuMu, twin } = await muAfter(platelet({ cells: [32, 32], initial: { kind: 'noise', mean: 0.3, amplitude: 0.05, seed: 3 } }), 5);
    expect(relativeError(gpuMu, twin)).toBeLessThan(1e-4);
    // RT rho_s ~ 5.7e7 J/m^3: a unit slip (internal units) would be off by that factor
    const spread = Math.max(...deviations(twin).map(Math.abs));
    expect(spread).toBeGreaterThan(1e5);
  });

  it('psi is offered for a scene with a particle geometry and equals its float64 indicator', async () => {
    const scene = testScene({ cells: [32, 32], initial: { kind: 'uniform', value: 0.5 } });
    scene.geometry = { kind: 'sphere', radius: 9, interfaceCells: 2 };
    const spec = resolveScene(scene);
    const sim = await Simulation.create(gpu(), spec);
    expect(sim.fieldNames()).toEqual(['c', 'mu', 'psi']);
    const psi = await sim.readField('psi');
    const expected = particleIndicator(spec)!;
    let error = 0;
    for (let i = 0; i < psi.length; i++) error = Math.max(error, Math.abs(psi[i] - expected[i]));
    expect(error).toBeLessThan(1e-7);
    expect(Math.min(...psi)).toBeLessThan(0.01);
    expect(Math.max(...psi)).toBeGreaterThan(0.99);
    sim.dispose();
  });

  it('a composite electrode also offers its reaction-site density, equal to the float64 one', async () => {
    const scene = testScene({ cells: [16, 16, 16], initial: { kind: 'uniform', value: 0.5 } });
    scene.geometry = { kind: 'composite', fractions: { active: 0.4, electrolyte: 0.35, carbon: 0.15 }, radii: { active: 3, electrolyte: 2.5, carbon: 1.5 }, seed: 3, conductor: 'poor' };
    const spec = resolveScene(scene);
    const sim = await Simulation.create(gpu(), spec);
    expect(sim.fieldNames()).toEqual(['c', 'mu', 'psi', 'reaction_sites']);
    const sites = await sim.readField('reaction_sites');
    const expected = reactionSiteDensity(spec)!;
    expect(expected.some((v) => v > 0)).toBe(true);
    for (let i = 0; i < sites.length; i++) expect(Math.abs(sites[i] - expected[i])).toBeLessThanOrEqual(1e-7 * Math.abs(expected[i]));
    sim.dispose();
  });
});
