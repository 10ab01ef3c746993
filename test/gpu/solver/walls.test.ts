/**
 * Cahn-Hilliard between no-flux walls (grid.boundary "noFlux": the cosine basis of RealToRealFft) on the
 * real adapter: against the float64 twin whose spectrum is the directly summed DCT
 * (src/fft/realToRealReference.ts), a single cosine mode against its discrete analytic factor with
 * k = pi m / L, and mass and energy over an adaptive run, for both integrators.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { CahnHilliardReference } from '../../../src/solver/referenceStep.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { relativeL2Error } from '../../../src/fft/reference.ts';
import { realToRealForward } from '../../../src/fft/realToRealReference.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';
import { CahnHilliardStepper } from '../../../src/solver/cahnHilliard.ts';
import { readFloat32 } from '../../../src/gpu/buffers.ts';
import { testScene } from './scenes.ts';

async function run(gpu: ReturnType<ReturnType<typeof useGpu>>, json: unknown, maxSteps?: number) {
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu, spec);
  const records: Observables[] = [];
  sim.onObservables((o) => records.push(o));
  const last = await sim.run({ maxSteps, chunk: 50 });
  const c = await sim.readConcentration();
  sim.dispose();
  return { spec, records, c, last };
}

function withIntegrator(json: Record<string, unknown>, integrator: 'etdrk4' | 'semiImplicitEuler'): Record<string, unknown> {
  (json.time as Record<string, unknown>).integrator = integrator;
  return json;
}

describe('Cahn-Hilliard with no-flux walls', () => {
  const gpu = useGpu();

  const lattice = { kind: 'diffusivity', diffusivity: 20, form: 'lattice' };
  const twinCases: { cells: number[]; boundary: unknown; integrator: 'etdrk4' | 'semiImplicitEuler'; steps: number; dt: number; mobility?: typeof lattice }[] = [
    { cells: [32, 24], boundary: 'noFlux', integrator: 'semiImplicitEuler', steps: 30, dt: 0.2 },
    { cells: [16, 12, 10], boundary: ['noFlux', 'periodic', 'noFlux'], integrator: 'semiImplicitEuler', steps: 10, dt: 0.2 },
    { cells: [32, 24], boundary: ['periodic', 'noFlux'], integrator: 'etdrk4', steps: 12, dt: 0.5 },
    { cells: [32, 24], boundary: 'noFlux', integrator: 'semiImplicitEuler', steps: 20, dt: 0.2, mobility: lattice },
    { cells: [16, 12, 10], boundary: ['periodic', 'noFlux', 'noFlux'], integrator: 'semiImplicitEuler', steps: 10, dt: 0.2, mobility: lattice },
    { cells: [32, 24], boundary: ['noFlux', 'periodic'], integrator: 'etdrk4', steps: 12, dt: 0.5, mobility: lattice },
  ];
  for (const { cells, boundary, integrator, steps, dt, mobility } of twinCases) {
    it(`matches the float64 twin with the cosine basis step by step (${cells.join(' x ')}, ${JSON.stringify(boundary)}, ${integrator}, ${mobility ? 'lattice' : 'constant'} mobility)`, async () => {
      const json = withIntegrator(testScene({ cells, boundary, mobility, control: { kind: 'fixed', dt } }), integrator);
      const { spec, records, c } = await run(gpu(), json, steps);
      const twin = new CahnHilliardReference(spec, initialConcentration(spec));
      const energies = [twin.freeEnergy()];
      for (let s = 0; s < steps; s++) {
        if (integrator === 'etdrk4') twin.stepEtdrk4(dt / spec.scales.time);
        else twin.step(dt / spec.scales.time);
        energies.push(twin.freeEnergy());
      }
      // As for the periodic twins (cahnHilliard.test.ts, etdrk4.test.ts): f32 rounding (~6e-8 per value,
      // the r2r transform adding ~1e-7 per transform, realToRealFft.test.ts) accumulates to ~1e-6 of the
      // pattern; 1e-4 leaves two orders of margin, and a wrong wavenumber (2 pi m / L for pi m / L) or a
      // periodic transform instead of the cosine one gives errors of order 1.
      const mean = twin.concentration.reduce((s, v) => s + v, 0) / twin.concentration.length;
      expect(relativeL2Error(Array.from(c, (v) => v - mean), Array.from(twin.concentration, (v) => v - mean))).toBeLessThan(1e-4);
      expect(records.length).toBe(steps + 1);
      // the energies use the cosine basis's Parseval weights for the gradient term
      records.forEach((r, i) => expect(Math.abs(r.freeEnergy / (energies[i] * spec.scales.energy) - 1)).toBeLessThan(2e-5));
      expect(Math.abs(energies[steps] / energies[0] - 1)).toBeGreaterThan(1e-3);
      // no solute crosses the walls (the flux is a sine series along each walled axis)
      expect(Math.abs(records.at(-1)!.mass / records[0].mass - 1)).toBeLessThan(1e-6);
    });
  }

  it('one cosine mode between walls decays per step by the discrete factor with k = pi m / L', async () => {
    // A quadratic f makes the equation linear: cos(pi mx x / Lx) cos(pi my y / Ly) at the cell centres
    // is one mode of the cosine basis and evolves by exactly
    // [1 - dt M k^2 (f'' - A)] / [1 + dt M k^2 (A + kappa k^2)] per step.
    const shape = [40, 30];
    const [mx, my] = [3, 2];
    const a2 = 0.6;
    const dt = 0.05;
    const steps = 10;
    const json = testScene({ cells: shape, boundary: 'noFlux', freeEnergy: { kind: 'polynomial', coefficients: [a2 / 4, -a2, a2] }, control: { kind: 'fixed', dt }, stabilizer: 0.3 });
    const spec = resolveScene(json);
    const initial = new Float64Array(shape[0] * shape[1]);
    for (let j = 0; j < shape[1]; j++)
      for (let i = 0; i < shape[0]; i++) initial[i + shape[0] * j] = 0.5 + 0.1 * Math.cos((Math.PI * mx * (i + 0.5)) / shape[0]) * Math.cos((Math.PI * my * (j + 0.5)) / shape[1]);
    const stepper = new CahnHilliardStepper(gpu(), spec);
    stepper.initialize(initial, dt / spec.scales.time);
    const encoder = gpu().device.createCommandEncoder();
    for (let s = 0; s < steps; s++) stepper.encodeStep(encoder);
    gpu().device.queue.submit([encoder.finish()]);
    const c = await readFloat32(gpu().device, stepper.buffers.concentration, initial.length);
    stepper.dispose();
    const amplitude = (field: ArrayLike<number>) => realToRealForward(field, shape, ['cosine', 'cosine'])[2 * (mx + shape[0] * my)] / ((shape[0] / 2) * (shape[1] / 2));
    const { mobility: m, kappa, stabilizer: a } = spec.internal;
    const k2 = (Math.PI * mx / shape[0]) ** 2 + (Math.PI * my / shape[1]) ** 2;
    const fpp = freeEnergy(spec.internal.freeEnergy).d2f(0.5);
    const dtInternal = dt / spec.scales.time;
    const factor = (1 - dtInternal * m * k2 * (fpp - a)) / (1 + dtInternal * m * k2 * (a + kappa * k2));
    const measured = (amplitude(c) / amplitude(initial)) ** (1 / steps);
    expect(Math.abs(measured / factor - 1)).toBeLessThan(1e-4);
    expect(Math.abs(factor - 1)).toBeGreaterThan(1e-3);
  });

  for (const integrator of ['semiImplicitEuler', 'etdrk4'] as const) {
    it(`conserves mass to float32 accuracy and never raises the free energy (adaptive, ${integrator})`, async () => {
      const json = withIntegrator(testScene({ cells: [48, 40], boundary: 'noFlux', tEnd: 300, initial: { kind: 'noise', mean: 0.45, amplitude: 0.05, seed: 5 }, control: { kind: 'accuracy', tolerance: 1e-4 } }), integrator);
      const { records, last } = await run(gpu(), json);
      expect(last.status).toBe('done');
      const m0 = records[0].mass;
      // f32 field, f32 sums: the k = 0 mode is left untouched by every step, so the mass drifts only by
      // the transforms' rounding (~1e-7 relative per step, random signs); 1e-6 is DESIGN.md's bound.
      for (const r of records) expect(Math.abs(r.mass / m0 - 1)).toBeLessThan(1e-6);
      for (let i = 1; i < records.length; i++) {
        expect(records[i].freeEnergy - records[i - 1].freeEnergy).toBeLessThanOrEqual(2e-6 * Math.abs(records[i - 1].freeEnergy));
      }
      expect(last.freeEnergy).toBeLessThan(0.9 * records[0].freeEnergy);
    });
  }
});
