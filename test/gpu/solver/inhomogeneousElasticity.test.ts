/**
 * Inhomogeneous moduli on the GPU: the iterative (Moulinec-Suquet) solver against the analytic
 * inhomogeneous Eshelby disc (plane strain), for a phase-dependent stiffness C(c) and for a particle in
 * a matrix C(psi), and against the exact homogeneous solution when the moduli are equal.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation } from '../../../src/solver/simulation.ts';
import { eshelbyDiscPlaneStrain, inhomogeneousDiscPlaneStrain } from '../../../src/physics/eshelby.ts';
import { testScene } from './scenes.ts';

// The diffuse interface biases the interior stress of an inhomogeneous inclusion by ~ (interface
// width) / radius (7 % at a = 8 cells with a 2-cell interface, 0.7 % at a = 16 with a 1-cell one);
// volume fraction 1.2 %: the periodic images change the interior stress by ~f. The bias also grows with
// the modulus contrast (linear mixing of C across the interface): 3 % for a 3:1 particle in a matrix.
const n = 256;
const a = 16;
const nu = 0.3;
const eps = 0.01;
const iso = (E: number) => ({ kind: 'isotropic', youngsModulus: E, poissonRatio: nu });

function scene(elasticity: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const s = testScene({ cells: [n, n], size: [n, n], initial: { kind: 'precipitate', shape: { kind: 'sphere', radius: a, interfaceCells: 1 } } }) as Record<string, unknown> & {
    model: Record<string, unknown>;
  };
  s.model.elasticity = { eigenstrain: [eps, eps, eps, 0, 0, 0], solver: { tolerance: 1e-5, maxIterations: 100 }, ...elasticity };
  return { ...s, ...extra };
}

async function centreStress(gpu: ReturnType<ReturnType<typeof useGpu>>, json: unknown) {
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu, spec);
  // one step from the relaxed initial state (fixed point warm-started), to read the history's residual
  await sim.run({ maxSteps: 1 });
  const residual = sim.latest!.elasticResidual;
  const iterations = sim.latest!.elasticIterations;
  const xx = await sim.readField('sigma_xx');
  const yy = await sim.readField('sigma_yy');
  const c = await sim.readConcentration();
  sim.dispose();
  const centre = n / 2 + n * (n / 2);
  let f = 0;
  for (const v of c) f += v;
  f /= c.length;
  return { xx: xx[centre], yy: yy[centre], residual, iterations, f };
}

describe('inhomogeneous elasticity (FFT fixed point) on the GPU', () => {
  const gpu = useGpu();

  it('with equal moduli it reproduces the exact homogeneous (Khachaturyan) solution', async () => {
    const s = await centreStress(gpu(), scene({ stiffness: iso(100), stiffnessLithiated: iso(100) }, { time: { tEnd: 1e-6, control: { kind: 'fixed', dt: 1e-9 } } }));
    const exact = eshelbyDiscPlaneStrain({ youngsModulus: 100, poissonRatio: nu, eigenstrain: eps, radius: a }).interiorStress.xx * (1 - s.f);
    expect(Math.abs(s.xx / exact - 1)).toBeLessThan(1e-3);
    expect(s.residual).toBeLessThan(1e-4);
  }, 400_000);

  for (const [inclusionE, matrixE] of [[200, 100], [100, 300]]) {
    it(`phase-dependent stiffness C(c): disc E = ${inclusionE} in E = ${matrixE}, interior stress within 2 % of the analytic value`, async () => {
      const s = await centreStress(gpu(), scene({ stiffness: iso(matrixE), stiffnessLithiated: iso(inclusionE) }, { time: { tEnd: 1e-6, control: { kind: 'fixed', dt: 1e-9 } } }));
      const analytic = inhomogeneousDiscPlaneStrain({ inclusion: { youngsModulus: inclusionE, poissonRatio: nu }, matrix: { youngsModulus: matrixE, poissonRatio: nu }, eigenstrain: eps, radius: a });
      console.log(`C(c) disc ${inclusionE}/${matrixE}: sigma_xx ${s.xx.toPrecision(6)} vs ${analytic.interiorStress.xx.toPrecision(6)}, residual ${s.residual.toExponential(2)} after ${s.iterations} iterations`);
      expect(Math.abs(s.xx / analytic.interiorStress.xx - 1)).toBeLessThan(0.02);
      expect(Math.abs(s.yy / analytic.interiorStress.yy - 1)).toBeLessThan(0.02);
      expect(s.residual).toBeLessThan(1e-4);
    }, 400_000);
  }

  it('particle in a matrix C(psi): disc E = 150 in a softer matrix E = 75, interior stress within 2 %', async () => {
    const json = scene(
      { stiffness: iso(150), matrix: { stiffness: iso(75) } },
      { geometry: { kind: 'sphere', radius: a, interfaceCells: 1 }, initial: { kind: 'uniform', value: 1 }, time: { tEnd: 1e-6, control: { kind: 'fixed', dt: 1e-9 } } },
    );
    const s = await centreStress(gpu(), json);
    const analytic = inhomogeneousDiscPlaneStrain({ inclusion: { youngsModulus: 150, poissonRatio: nu }, matrix: { youngsModulus: 75, poissonRatio: nu }, eigenstrain: eps, radius: a });
    console.log(`matrix disc: sigma_xx ${s.xx.toPrecision(6)} vs ${analytic.interiorStress.xx.toPrecision(6)}, residual ${s.residual.toExponential(2)} after ${s.iterations} iterations`);
    expect(Math.abs(s.xx / analytic.interiorStress.xx - 1)).toBeLessThan(0.02);
  }, 400_000);

  it('coupled to Cahn-Hilliard, a particle in a softer matrix: the free energy never rises (eigenstress and laminate interfaces)', async () => {
    for (const iface of ['eigenstress', 'laminate']) {
      const json = testScene({ cells: [64, 64], size: [50, 50], freeEnergy: { kind: 'doubleWell', rho: 1, ca: 0.05, cb: 0.95 }, kappa: 4, mobility: { kind: 'constant', value: 1 }, initial: { kind: 'noise', mean: 0.5, amplitude: 0.05, seed: 3 }, control: { kind: 'fixed', dt: 0.05 }, stabilizer: 0.85 }) as Record<string, any>;
      json.geometry = { kind: 'sphere', radius: 15, interfaceCells: 2 };
      json.model.elasticity = {
        stiffness: { kind: 'cubic', c11: 250, c12: 150, c44: 100 },
        eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0],
        referenceConcentration: 0.05,
        matrix: { stiffness: iso(30), interface: iface },
        solver: { tolerance: 1e-6, maxIterations: 64 },
      };
      const sim = await Simulation.create(gpu(), resolveScene(json));
      const energies: number[] = [];
      sim.onObservables((o) => energies.push(o.freeEnergy));
      await sim.run({ maxSteps: 120 });
      sim.dispose();
      let worst = 0;
      for (let i = 1; i < energies.length; i++) worst = Math.max(worst, (energies[i] - energies[i - 1]) / Math.abs(energies[i - 1]));
      console.log(`${iface}: F ${energies[0].toExponential(4)} -> ${energies[energies.length - 1].toExponential(4)} in ${energies.length - 1} steps, largest relative rise ${worst.toExponential(1)}`);
      // float32 sums of ~4e3 cells: relative round-off ~1e-6
      expect(worst).toBeLessThan(1e-6);
      expect(energies[energies.length - 1]).toBeLessThan(0.8 * energies[0]);
    }
  }, 400_000);
});
