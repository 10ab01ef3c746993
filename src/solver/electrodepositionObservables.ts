/**
 * What a run of the electrodeposition model reports per recorded step (internal units in, SI out):
 * the tip position, the interface length per electrode width (the branching measure: 1 for a flat
 * front, growing as the deposit branches; in 3D the interface area per electrode area), the deposited Li
 * and the current density. 2D grids [nx, ny] or 3D grids [nx, ny, nz]; "per electrode area" is per width Ly in 2D
 * (per metre of depth) and per Ly Lz in 3D.
 */
import { FARADAY } from '../physics/constants.ts';
import type { ElectrodepositionInternal, ElectrodepositionParameters } from '../physics/electrodeposition.ts';
import { cubicAnisotropy, gridExtent, type DepositionGrid, type DepositionState } from './electrodepositionReference.ts';

/**
 * A run ends when the deposit's tip comes this close to the counter electrode x = L [interface lengths l0]:
 * the dendrite short-circuits the cell, and the face's held values (c~ = 1, phi = 0, xi = 0) stop being a far
 * field (measured on li-dendrite-3d at -0.45 V: c~ at the tip 15 with 7 um of electrolyte ahead, 85 at 1.4 um,
 * 264 at 0.8 um, then a non-finite state). `spinode run` and the viewport check it at every state they observe.
 */
export const SHORT_CIRCUIT_GAP = 4;

/** Whether a deposit whose tip is at `tipX` [m] has short-circuited a cell `length` [m] long (x = L the counter electrode), l0 [m]. */
export function shortCircuited(tipX: number, length: number, l0: number): boolean {
  return tipX >= length - SHORT_CIRCUIT_GAP * l0;
}

export interface DepositionObservables {
  /** the farthest x where xi crosses 1/2 (linear between cell centres), over all rows [m] */
  tipX: number;
  /**
   * int |grad xi| dA / Ly: the interface length per electrode width (1 for a flat front); in 3D
   * int |grad xi| dV / (Ly Lz), the interface area per electrode area
   */
  interfaceLengthPerWidth: number;
  /** Li deposited since the start per electrode area, c_s int (xi - xi0) dA / Ly [mol/m^2] (3D: dV / (Ly Lz)) */
  depositedLithium: number;
  /** n F c_s int dxi/dt dA / Ly [A/m^2] (3D: dV / (Ly Lz)), deposition positive */
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
  /** the viewport's adapter: this state ended the run at a short circuit (shortCircuited) */
  shortCircuit?: boolean;
  /**
   * the phase field's free energy per metre of depth [J/m] (3D: of the box [J]): the double well W int g(xi) dA,
   * g = xi^2 (1 - xi)^2, and the anisotropic gradient energy int (1/2) kappa(theta) |grad xi|^2 dA (the same
   * gradient as the interface length; kappa0 a(n), the cubic a(n) in 3D). Not the electrochemical energy: what
   * the viewport plots as F.
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
  const [nx, ny, nz] = gridExtent(grid);
  const threeD = grid.shape.length === 3;
  const h = grid.lengths[0] / nx;
  // the electrode's area in internal units (its width in 2D)
  const electrodeArea = grid.lengths[1] * (threeD ? grid.lengths[2]! : 1);
  const { xi, c } = state;
  let tip = 0;
  let gradient = 0;
  let metal = 0;
  let rateSum = 0;
  let barrier = 0;
  let gradientEnergy = 0;
  const { strength, mode } = q.anisotropy;
  const periodic = grid.lateral === 'periodic';
  // the derivative along a lateral axis of extent n, stride `stride`, at index k: central inside, one-sided at
  // a no-flux wall, wrapped when periodic, 0 for a single layer
  const lateral = (i: number, k: number, n: number, stride: number) => {
    if (n === 1) return 0;
    const a0 = xi[i];
    const down = k > 0 ? xi[i - stride] : periodic ? xi[i + (n - 1) * stride] : a0;
    const up = k + 1 < n ? xi[i + stride] : periodic ? xi[i - (n - 1) * stride] : a0;
    return (up - down) / ((k > 0 && k + 1 < n) || periodic ? 2 * h : h);
  };
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const i = (iz * ny + iy) * nx + ix;
        const a0 = xi[i];
        if (ix + 1 < nx && a0 >= 0.5 && xi[i + 1] < 0.5) tip = Math.max(tip, (ix + 0.5 + (a0 - 0.5) / (a0 - xi[i + 1])) * h);
        // central differences inside, the held faces' values (1 at x = 0, 0 at x = L) half a cell out, one-sided at lateral walls
        const left = ix > 0 ? xi[i - 1] : 2 - a0;
        const right = ix + 1 < nx ? xi[i + 1] : -a0;
        const gx = (right - left) / (2 * h);
        const gy = lateral(i, iy, ny, nx);
        const gz = lateral(i, iz, nz, nx * ny);
        gradient += Math.hypot(gx, gy, gz) * h * h;
        // kappa / kappa0; below |grad xi| = 1e-20 no orientation (as phase_rate.wgsl)
        const small = Math.max(Math.abs(gx), Math.abs(gy), Math.abs(gz)) < 1e-20;
        const a = small ? 1 : threeD ? cubicAnisotropy(gx, gy, gz, strength) : 1 + strength * Math.cos(mode * Math.atan2(gy, gx));
        gradientEnergy += 0.5 * a * (gx * gx + gy * gy + gz * gz);
        barrier += a0 * a0 * (1 - a0) * (1 - a0);
        metal += a0;
        rateSum += rate[i];
      }
    }
  }
  let faceFlux = 0;
  for (let row = 0; row < ny * nz; row++) faceFlux += (p.conductivity.electrolyte * 2 * (q.potential.electrolyte - state.phi[row * nx + nx - 1])) / h;
  // the cell's measure: area in 2D (per unit depth), volume in 3D (square cells)
  const area = threeD ? h * h * h : h * h;
  if (threeD) gradient *= h;
  const l0 = q.scales.length;
  // internal energies are in W l0^2 per metre of depth in 2D, W l0^3 in 3D (W = kappa0 = 1 there)
  const energy = p.barrierHeight * l0 * l0 * (threeD ? l0 : 1) * area;
  return {
    tipX: tip * l0,
    interfaceLengthPerWidth: gradient / electrodeArea,
    depositedLithium: (p.siteDensity * (metal - initialMetal) * area * l0) / electrodeArea,
    currentDensity: (p.electrons * FARADAY * p.siteDensity * rateSum * area * l0) / (electrodeArea * q.scales.time),
    electrolyteCurrentDensity: (faceFlux / (ny * nz)) * (q.scales.potential / l0),
    cMin: c.reduce((m, v) => Math.min(m, v), Infinity),
    cMax: c.reduce((m, v) => Math.max(m, v), -Infinity),
    xiMin: xi.reduce((m, v) => Math.min(m, v), Infinity),
    xiMax: xi.reduce((m, v) => Math.max(m, v), -Infinity),
    barrierEnergy: barrier * energy,
    gradientEnergy: gradientEnergy * energy,
  };
}
