/**
 * The initial state of an electrodeposition scene (src/scene/electrodepositionSchema.ts), shared by
 * `spinode run` (src/cli/electrodepositionRun.ts) and the viewport's DepositionSimulation: a flat
 * electrode with an optional half-disc nucleus at y = 0 (3D: a hemisphere on the edge y = z = 0; tanh profiles of
 * the equilibrium interface),
 * c~ = c_b everywhere, phi linear between the held potentials. Internal units (physics/electrodeposition.ts).
 */
import { electrodepositionInternal } from '../physics/electrodeposition.ts';
import { electrodepositionParameters, type ElectrodepositionScene } from '../scene/electrodepositionSchema.ts';
import type { DepositionGrid, DepositionState } from './electrodepositionReference.ts';

/** The initial state: a flat electrode with an optional half-disc nucleus at y = 0 (tanh profiles), c~ = c_b, phi linear. */
export function initialDeposition(scene: ElectrodepositionScene): { grid: DepositionGrid; state: DepositionState } {
  const q = electrodepositionInternal(electrodepositionParameters(scene));
  const l0 = q.scales.length;
  const threeD = scene.grid.cells.length === 3;
  const [nx, ny] = scene.grid.cells;
  const nz = threeD ? scene.grid.cells[2]! : 1;
  const lengths = scene.grid.size.map((v) => v / l0);
  const grid: DepositionGrid = threeD
    ? { shape: [nx, ny, nz], lengths: [lengths[0], lengths[1], lengths[2]], lateral: scene.grid.lateral }
    : { shape: [nx, ny], lengths: [lengths[0], lengths[1]], lateral: scene.grid.lateral };
  const h = lengths[0] / nx;
  const thickness = scene.initial.electrodeThickness / l0;
  const radius = scene.initial.nucleusRadius / l0;
  const cells = nx * ny * nz;
  const state: DepositionState = { xi: new Float64Array(cells), c: new Float64Array(cells).fill(q.electrolyteConcentration), phi: new Float64Array(cells) };
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        // the nucleus is centred on the electrode's surface at y = 0 (and z = 0 in 3D)
        const [x, y, z] = [(ix + 0.5) * h, (iy + 0.5) * h, threeD ? (iz + 0.5) * h : 0];
        const distance = radius > 0 ? Math.min(x - thickness, Math.hypot(x - thickness, y, z) - radius) : x - thickness;
        const i = (iz * ny + iy) * nx + ix;
        state.xi[i] = 0.5 * (1 - Math.tanh(distance / Math.SQRT2));
        state.phi[i] = q.potential.electrode + ((q.potential.electrolyte - q.potential.electrode) * x) / lengths[0];
      }
    }
  }
  return { grid, state };
}
