/**
 * The phase field's free energy that depositionObservables reports (and the viewport plots as F): on the
 * equilibrium flat profile xi = (1 - tanh(x / sqrt 2)) / 2 of g = xi^2 (1 - xi)^2 with kappa0 = W = 1
 * (internal units), the interface energy per unit length is sqrt(2) / 6, half in the double well and half in
 * the gradient (equipartition), i.e. sqrt(2 kappa0 W) / 6 in SI. The anisotropy multiplies the gradient
 * part of a front whose normal is along x by a(0) = 1 + delta. The interface length per width is 1.
 */
import { describe, expect, it } from 'vitest';
import { electrodepositionInternal } from '../../../src/physics/electrodeposition.ts';
import { depositionObservables } from '../../../src/solver/electrodepositionObservables.ts';
import type { DepositionGrid, DepositionState } from '../../../src/solver/electrodepositionReference.ts';
import { depositionScene } from '../../gpu/solver/electrodepositionCases.ts';

function flatFront(h: number, strength: number) {
  const p = { ...depositionScene, anisotropy: { strength, mode: 4 } };
  const q = electrodepositionInternal(p);
  const [Lx, Ly] = [40, 2];
  const [nx, ny] = [Math.round(Lx / h), Math.round(Ly / h)];
  const grid: DepositionGrid = { shape: [nx, ny], lengths: [Lx, Ly], lateral: 'periodic' };
  const state: DepositionState = { xi: new Float64Array(nx * ny), c: new Float64Array(nx * ny).fill(1), phi: new Float64Array(nx * ny) };
  for (let iy = 0; iy < ny; iy++) for (let ix = 0; ix < nx; ix++) state.xi[iy * nx + ix] = 0.5 * (1 - Math.tanh(((ix + 0.5) * h - Lx / 2) / Math.SQRT2));
  const o = depositionObservables(grid, p, q, state, 0, new Float64Array(nx * ny));
  // per unit length of front, in internal units (energies are W l0^2 per metre of depth)
  const perLength = (e: number) => e / (p.barrierHeight * q.scales.length ** 2 * Ly);
  return { o, barrier: perLength(o.barrierEnergy), gradient: perLength(o.gradientEnergy) };
}

describe('depositionObservables: the phase field free energy', () => {
  it('is sqrt(2)/6 per unit length of a flat equilibrium front, split equally, converging as h^2', () => {
    const exact = Math.SQRT2 / 12;
    const errors = [0.5, 0.25].map((h) => {
      const { o, barrier, gradient } = flatFront(h, 0);
      expect(o.interfaceLengthPerWidth).toBeCloseTo(1, 2);
      return Math.max(Math.abs(barrier - exact), Math.abs(gradient - exact)) / exact;
    });
    // the double well is exact to round-off at these h (midpoint sums of a smooth decaying profile); the
    // gradient's central differences are 3.2 % low at h = 0.5 and 0.82 % at h = 0.25 (11 % at the scene's h = 1)
    expect(errors[1]).toBeLessThan(1e-2);
    // second order: halving h divides the error by about 4
    expect(errors[0] / errors[1]).toBeGreaterThan(3.5);
  });

  it('weights the gradient energy by the anisotropy a(theta) = 1 + delta cos(4 theta)', () => {
    const isotropic = flatFront(0.25, 0);
    const anisotropic = flatFront(0.25, 0.05);
    expect(anisotropic.barrier).toBe(isotropic.barrier);
    // the front's normal is along -x: theta = pi, cos(4 pi) = 1
    expect(anisotropic.gradient / isotropic.gradient).toBeCloseTo(1.05, 12);
  });
});

describe('depositionObservables in 3D', () => {
  const p = { ...depositionScene, anisotropy: { strength: 0.05, mode: 4 } };
  const q = electrodepositionInternal(p);
  /** a flat electrode `thickness` thick with a hemisphere of radius r on the edge y = z = 0 (a quarter of it in the box); z-uniform (a half-cylinder) when `column` */
  function nucleus(shape: [number, number, number], h: number, thickness: number, r: number, column: boolean): { grid: DepositionGrid; state: DepositionState } {
    const [nx, ny, nz] = shape;
    const cells = nx * ny * nz;
    const state: DepositionState = { xi: new Float64Array(cells), c: new Float64Array(cells).fill(1), phi: new Float64Array(cells) };
    for (let iz = 0; iz < nz; iz++) {
      for (let iy = 0; iy < ny; iy++) {
        for (let ix = 0; ix < nx; ix++) {
          const [x, y, z] = [(ix + 0.5) * h, (iy + 0.5) * h, column ? 0 : (iz + 0.5) * h];
          const d = Math.min(x - thickness, Math.hypot(x - thickness, y, z) - r);
          const i = (iz * ny + iy) * nx + ix;
          state.xi[i] = 0.5 * (1 - Math.tanh(d / Math.SQRT2));
          state.c[i] = 1 + 0.1 * Math.sin(ix + 2 * iy);
          state.phi[i] = -17.5 * (1 - (x / (nx * h))) + 0.01 * iy;
        }
      }
    }
    return { grid: { shape, lengths: [nx * h, ny * h, nz * h], lateral: 'noFlux' }, state };
  }

  it('reports a z-uniform state as its 2D section: the same measures per electrode area, the energies times the depth', () => {
    const [nx, ny, nz, h] = [32, 16, 4, 0.5];
    const { grid, state } = nucleus([nx, ny, nz], h, 4, 4, true);
    const layer = nx * ny;
    const rate = Float64Array.from(state.xi, (v) => v * (1 - v));
    const o3 = depositionObservables(grid, p, q, state, 0.5 * state.xi.reduce((s, v) => s + v, 0), rate);
    const section: DepositionState = { xi: state.xi.slice(0, layer), c: state.c.slice(0, layer), phi: state.phi.slice(0, layer) };
    const o2 = depositionObservables({ shape: [nx, ny], lengths: [nx * h, ny * h], lateral: 'noFlux' }, p, q, section, 0.5 * section.xi.reduce((s, v) => s + v, 0), rate.slice(0, layer));
    for (const key of ['tipX', 'interfaceLengthPerWidth', 'depositedLithium', 'currentDensity', 'electrolyteCurrentDensity', 'cMin', 'cMax'] as const) {
      expect(o3[key]).toBeCloseTo(o2[key], 10 - Math.max(0, Math.ceil(Math.log10(Math.abs(o2[key]) || 1))));
    }
    // the cubic a(n) of a normal in the x-y plane is 1 + delta cos(4 theta): the gradient energy is the 2D one over the depth
    const depth = nz * h * q.scales.length;
    expect(o3.gradientEnergy / (o2.gradientEnergy * depth)).toBeCloseTo(1, 12);
    expect(o3.barrierEnergy / (o2.barrierEnergy * depth)).toBeCloseTo(1, 12);
    expect(o3.interfaceLengthPerWidth).toBeGreaterThan(1.2);
  });

  it('measures the interface area per electrode area of a hemispherical nucleus: 1 + (pi r^2 / 4) / (Ly Lz) (2 %)', () => {
    const [h, r, Ly] = [0.5, 6, 12];
    const n = Ly / h;
    const { grid, state } = nucleus([48, n, n], h, 6, r, false);
    const o = depositionObservables(grid, p, q, state, 0, new Float64Array(state.xi.length));
    // the hemisphere's cap 2 pi r^2 replaces the disc pi r^2 of the flat front; a quarter of each is in the box
    const expected = 1 + (Math.PI * r * r) / 4 / (Ly * Ly);
    expect(Math.abs(o.interfaceLengthPerWidth / expected - 1)).toBeLessThan(0.02);
    const flat = nucleus([48, n, n], h, 6, 0, false);
    expect(depositionObservables(flat.grid, p, q, flat.state, 0, new Float64Array(state.xi.length)).interfaceLengthPerWidth).toBeCloseTo(1, 3);
    // the tip: the cap's top at x = thickness + r
    expect(o.tipX / q.scales.length).toBeCloseTo(6 + r, 1);
  });
});
