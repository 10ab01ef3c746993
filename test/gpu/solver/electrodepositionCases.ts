/**
 * Small electrodeposition cases shared by the GPU-vs-twin test (test/gpu/solver/electrodeposition.test.ts),
 * the float64 unit tests (test/unit/solver/electrodeposition.test.ts) and scripts/electrodeposition*.ts: the
 * scene's parameters (Hong & Viswanathan 2018, their MOOSE inputs in µm and s, with W = 2.4e5 J/m^3 fixing
 * the energy unit, and the electrolyte) at -0.45 V on
 *   flat:    48 x 8 cells of l0, a flat electrode 16 l0 thick, periodic lateral faces;
 *   nucleus: 32 x 32 cells of l0, an electrode 8 l0 thick with a half-disc nucleus of radius 5 l0 at y = 0, no-flux lateral faces;
 *   nucleus3d: 24 x 8 x 8 cells of l0, an electrode 4 l0 thick with a hemispherical nucleus of radius 3 l0 on the
 *            edge y = z = 0 (a quarter of it in the box: with the no-flux faces, the mirror images complete it);
 *   column3d: the nucleus case's x-y section extruded along z (24 x 8 x 4, a half-cylinder along z), for the check
 *            that a z-uniform 3D state steps as its 2D section.
 * c~ = 1, phi linear between the held potentials; dt = 0.005 t0 (the scene's).
 */
import { electrodepositionInternal, type ElectrodepositionParameters } from '../../../src/physics/electrodeposition.ts';
import type { DepositionGrid, DepositionState } from '../../../src/solver/electrodepositionReference.ts';

export const depositionScene: ElectrodepositionParameters = {
  interfaceMobility: 6.25e-5,
  reactionConstant: 1e-3,
  gradientCoefficient: 3e-8,
  barrierHeight: 2.4e5,
  anisotropy: { strength: 0.05, mode: 4 },
  diffusivity: { electrode: 7.5e-13, electrolyte: 7.5e-10 },
  conductivity: { electrode: 1.19e3, electrolyte: 1.19 },
  siteDensity: 7.64e4,
  bulkConcentration: 1e3,
  transferCoefficient: 0.5,
  electrons: 1,
  temperature: 298,
  potential: { electrode: -0.45, electrolyte: 0 },
  electrolyteConcentration: 1,
};

export function depositionCase(name: 'flat' | 'nucleus', scene: ElectrodepositionParameters = depositionScene): { grid: DepositionGrid; scene: ElectrodepositionParameters; state: DepositionState; dt: number } {
  const q = electrodepositionInternal(scene);
  const [nx, ny, thickness, radius] = name === 'flat' ? [48, 8, 16, 0] : [32, 32, 8, 5];
  const grid: DepositionGrid = { shape: [nx, ny], lengths: [nx, ny], lateral: name === 'flat' ? 'periodic' : 'noFlux' };
  const state: DepositionState = { xi: new Float64Array(nx * ny), c: new Float64Array(nx * ny).fill(1), phi: new Float64Array(nx * ny) };
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const [x, y] = [ix + 0.5, iy + 0.5];
      const d = radius > 0 ? Math.min(x - thickness, Math.hypot(x - thickness, y) - radius) : x - thickness;
      state.xi[iy * nx + ix] = 0.5 * (1 - Math.tanh(d / Math.SQRT2));
      state.phi[iy * nx + ix] = q.potential.electrode + ((q.potential.electrolyte - q.potential.electrode) * x) / nx;
    }
  }
  return { grid, scene, state, dt: 0.005 };
}

/** The 3D cases (see the header): nucleus3d, a hemispherical nucleus; column3d, a z-uniform half-cylinder. */
export function depositionCase3d(name: 'nucleus3d' | 'column3d', scene: ElectrodepositionParameters = depositionScene): { grid: DepositionGrid; scene: ElectrodepositionParameters; state: DepositionState; dt: number } {
  const q = electrodepositionInternal(scene);
  const [nx, ny, nz, thickness, radius] = name === 'nucleus3d' ? [24, 8, 8, 4, 3] : [24, 8, 4, 4, 3];
  const cells = nx * ny * nz;
  const grid: DepositionGrid = { shape: [nx, ny, nz], lengths: [nx, ny, nz], lateral: 'noFlux' };
  const state: DepositionState = { xi: new Float64Array(cells), c: new Float64Array(cells).fill(1), phi: new Float64Array(cells) };
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const [x, y, z] = [ix + 0.5, iy + 0.5, name === 'nucleus3d' ? iz + 0.5 : 0];
        const d = Math.min(x - thickness, Math.hypot(x - thickness, y, z) - radius);
        const i = (iz * ny + iy) * nx + ix;
        state.xi[i] = 0.5 * (1 - Math.tanh(d / Math.SQRT2));
        state.phi[i] = q.potential.electrode + ((q.potential.electrolyte - q.potential.electrode) * x) / nx;
      }
    }
  }
  return { grid, scene, state, dt: 0.005 };
}
