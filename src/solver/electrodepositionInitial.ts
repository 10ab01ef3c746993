/**
 * The initial state of an electrodeposition scene (src/scene/electrodepositionSchema.ts), shared by
 * `spinode run` (src/cli/electrodepositionRun.ts) and the viewport's DepositionSimulation: a flat
 * electrode with an optional half-disc nucleus at y = 0 (tanh profiles of the equilibrium interface),
 * c~ = c_b everywhere, phi linear between the held potentials. Internal units (physics/electrodeposition.ts).
 */
import { electrodepositionInternal } from '../physics/electrodeposition.ts';
import { electrodepositionParameters, type ElectrodepositionScene } from '../scene/electrodepositionSchema.ts';
import type { DepositionGrid, DepositionState } from './electrodepositionReference.ts';

/** The initial state: a flat electrode with an optional half-disc nucleus at y = 0 (tanh profiles), c~ = c_b, phi linear. */
export function initialDeposition(scene: ElectrodepositionScene): { grid: DepositionGrid; state: DepositionState } {
  const q = electrodepositionInternal(electrodepositionParameters(scene));
  const l0 = q.scales.length;
  const [nx, ny] = scene.grid.cells;
  const lengths: [number, number] = [scene.grid.size[0] / l0, scene.grid.size[1] / l0];
  const grid: DepositionGrid = { shape: [nx, ny], lengths, lateral: scene.grid.lateral };
  const h = lengths[0] / nx;
  const thickness = scene.initial.electrodeThickness / l0;
  const radius = scene.initial.nucleusRadius / l0;
  const state: DepositionState = { xi: new Float64Array(nx * ny), c: new Float64Array(nx * ny).fill(q.electrolyteConcentration), phi: new Float64Array(nx * ny) };
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const [x, y] = [(ix + 0.5) * h, (iy + 0.5) * h];
      const distance = radius > 0 ? Math.min(x - thickness, Math.hypot(x - thickness, y) - radius) : x - thickness;
      state.xi[iy * nx + ix] = 0.5 * (1 - Math.tanh(distance / Math.SQRT2));
      state.phi[iy * nx + ix] = q.potential.electrode + ((q.potential.electrolyte - q.potential.electrode) * x) / lengths[0];
    }
  }
  return { grid, state };
}
