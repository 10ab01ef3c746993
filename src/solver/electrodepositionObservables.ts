/**
 * What a run of the electrodeposition model reports per recorded step (internal units in, SI out):
 * the tip position, the interface length per electrode width (the branching measure: 1 for a flat
 * front, growing as the deposit branches), the deposited Li and the current density.
 */
import { FARADAY } from '../physics/constants.ts';
import type { ElectrodepositionInternal, ElectrodepositionParameters } from '../physics/electrodeposition.ts';
import type { DepositionGrid, DepositionState } from './electrodepositionReference.ts';

export interface DepositionObservables {
  /** the farthest x where xi crosses 1/2 (linear between cell centres), over all rows [m] */
  tipX: number;
  /** int |grad xi| dA / Ly: the interface length per electrode width (1 for a flat front) */
  interfaceLengthPerWidth: number;
  /** Li deposited since the start per electrode area, c_s int (xi - xi0) dA / Ly [mol/m^2] */
  depositedLithium: number;
  /** n F c_s int dxi/dt dA / Ly [A/m^2], deposition positive */
  currentDensity: number;
  /**
   * the ionic current density through the electrolyte's face x = L, sigma_l dphi/dx there [A/m^2]
   * (deposition positive). Not the deposition current: in the model's single-potential charge balance
   * div(sigma grad phi) = n F c_s dxi/dt metal and electrolyte are one conductor, so this face also carries
   * an ohmic current through the cell, and the interface draws current through both faces
   * (docs/electrodeposition.md, "Status").
   */
  electrolyteCurrentDensity: number;
  cMin: number;
  cMax: number;
  xiMin: number;
  xiMax: number;
  /**
   * the phase field's free energy per metre of depth [J/m]: the double well W int g(xi) dA, g = xi^2 (1 - xi)^2,
   * and the anisotropic gradient energy int (1/2) kappa(theta) |grad xi|^2 dA (the same gradient as the
   * interface length). Not the electrochemical energy: what the viewport plots as F.
   */
  barrierEnergy: number;
  gradientEnergy: number;
}

export function depositionObservables(
  grid: DepositionGrid,
  p: ElectrodepositionParameters,
  q: ElectrodepositionInternal,
  state: DepositionState,
  initialMetal: number,
  rate: ArrayLike<number>,
): DepositionObservables {
  const [nx, ny] = grid.shape;
  const h = grid.lengths[0] / nx;
  const width = grid.lengths[1];
  const { xi, c } = state;
  let tip = 0;
  let gradient = 0;
  let metal = 0;
  let rateSum = 0;
  let barrier = 0;
  let gradientEnergy = 0;
  const { strength, mode } = q.anisotropy;
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      const a0 = xi[i];
      if (ix + 1 < nx && a0 >= 0.5 && xi[i + 1] < 0.5) tip = Math.max(tip, (ix + 0.5 + (a0 - 0.5) / (a0 - xi[i + 1])) * h);
      // central differences inside, the held faces' values (1 at x = 0, 0 at x = L) half a cell out, one-sided at lateral walls
      const left = ix > 0 ? xi[i - 1] : 2 - a0;
      const right = ix + 1 < nx ? xi[i + 1] : -a0;
      const gx = (right - left) / (2 * h);
      const down = iy > 0 ? xi[i - nx] : grid.lateral === 'periodic' ? xi[i + (ny - 1) * nx] : a0;
      const up = iy + 1 < ny ? xi[i + nx] : grid.lateral === 'periodic' ? xi[ix] : a0;
      const gy = ny > 1 ? (up - down) / ((iy > 0 && iy + 1 < ny) || grid.lateral === 'periodic' ? 2 * h : h) : 0;
      gradient += Math.hypot(gx, gy) * h * h;
      // kappa(theta) / kappa0; below |grad xi| = 1e-20 no orientation (as phase_rate.wgsl)
      const a = Math.max(Math.abs(gx), Math.abs(gy)) < 1e-20 ? 1 : 1 + strength * Math.cos(mode * Math.atan2(gy, gx));
      gradientEnergy += 0.5 * a * (gx * gx + gy * gy);
      barrier += a0 * a0 * (1 - a0) * (1 - a0);
      metal += a0;
      rateSum += rate[i];
    }
  }
  let faceFlux = 0;
  for (let iy = 0; iy < ny; iy++) faceFlux += (p.conductivity.electrolyte * 2 * (q.potential.electrolyte - state.phi[iy * nx + nx - 1])) / h;
  const area = h * h;
  const l0 = q.scales.length;
  // internal energies are in W l0^2 per metre of depth (W = kappa0 = 1 there)
  const energy = p.barrierHeight * l0 * l0 * area;
  return {
    tipX: tip * l0,
    interfaceLengthPerWidth: gradient / width,
    depositedLithium: (p.siteDensity * (metal - initialMetal) * area * l0) / width,
    currentDensity: (p.electrons * FARADAY * p.siteDensity * rateSum * area * l0) / (width * q.scales.time),
    electrolyteCurrentDensity: (faceFlux / ny) * (q.scales.potential / l0),
    cMin: c.reduce((m, v) => Math.min(m, v), Infinity),
    cMax: c.reduce((m, v) => Math.max(m, v), -Infinity),
    xiMin: xi.reduce((m, v) => Math.min(m, v), Infinity),
    xiMax: xi.reduce((m, v) => Math.max(m, v), -Infinity),
    barrierEnergy: barrier * energy,
    gradientEnergy: gradientEnergy * energy,
  };
}
