/**
 * The flat-front table of docs/electrodeposition.md from the float64 step (src/solver/electrodepositionReference.ts):
 *   npx tsx scripts/electrodeposition.ts
 * prints the error of the measured speed against v = -6 L_eta B sqrt(kappa0 / 2W) at ten overpotentials on
 * three grids (the potential held at eta on both faces, sigma and D large: the kinetics alone). The nucleus
 * runs are `spinode run scenes/li-dendrite-2d.json [--set model.potential.electrode=-0.1]`.
 */
import { electrodepositionInternal, flatFrontSpeed, type ElectrodepositionParameters } from '../src/physics/electrodeposition.ts';
import { depositionStep, type DepositionGrid, type DepositionState } from '../src/solver/electrodepositionReference.ts';
import { depositionScene as scene } from '../test/gpu/solver/electrodepositionCases.ts';


function front(): void {
  console.log('| eta [V] | v expected [µm/s] | h = 0.5 l0 | h = 0.375 l0 | h = 0.25 l0 |');
  console.log('|---|---|---|---|---|');
  for (const eta of [-0.25, -0.2, -0.15, -0.1, -0.05, 0.05, 0.1, 0.15, 0.2, 0.25]) {
    const p: ElectrodepositionParameters = {
      ...scene,
      anisotropy: { strength: 0, mode: 4 },
      diffusivity: { electrode: 7.5e-8, electrolyte: 7.5e-8 },
      conductivity: { electrode: 1e3, electrolyte: 1e3 },
      potential: { electrode: eta, electrolyte: eta },
    };
    const q = electrodepositionInternal(p);
    const expected = flatFrontSpeed(p, eta, 1);
    const errors = [48, 64, 96].map((nx) => {
      const length = 24;
      const h = length / nx;
      const grid: DepositionGrid = { shape: [nx, 1], lengths: [length, 1], lateral: 'noFlux' };
      const state: DepositionState = {
        xi: Float64Array.from({ length: nx }, (_, i) => 0.5 * (1 - Math.tanh(((i + 0.5) * h - length / 2) / Math.SQRT2))),
        c: new Float64Array(nx).fill(1),
        phi: new Float64Array(nx).fill(q.potential.electrode),
      };
      const dt = 0.4 * h * h;
      const position = () => state.xi.reduce((s, v) => s + v, 0) * h;
      let t = 0;
      while (t < 4) t += (depositionStep(grid, q, state, dt), dt);
      const [x0, t0] = [position(), t];
      while (t < 20) t += (depositionStep(grid, q, state, dt), dt);
      const v = ((position() - x0) / (t - t0)) * (q.scales.length / q.scales.time);
      return `${(100 * (v / expected - 1)).toFixed(2)} %`;
    });
    console.log(`| ${eta} | ${(expected * 1e6).toPrecision(4)} | ${errors.join(' | ')} |`);
  }
}

front();
