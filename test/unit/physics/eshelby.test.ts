import { describe, expect, it } from 'vitest';
import {
  eshelbyDiscPlaneStrain,
  eshelbySphere,
  inhomogeneousDiscPlaneStrain,
  inhomogeneousSphere,
  type IsotropicModuli,
} from '../../../src/physics/eshelby.ts';

/**
 * Independent reference: a float64 radial finite-element (Ritz) solve of the Lame problem, spherical or
 * plane-strain cylindrical symmetry, with piecewise moduli and the dilatational eigenstrain inside r < a.
 * Linear elements in u(r) on [0, R], u(0) = 0, one-point (midpoint) quadrature of the energy
 * integral W(e - eps*) r^2 dr (sphere) or W r dr (cylinder), W = lambda/2 tr^2 + G e:e. The infinite
 * matrix beyond R is replaced by its exact Dirichlet-to-Neumann spring: with no eigenstrain and no strain
 * at infinity the matrix displacement is u_R (R/r)^2 (sphere) or u_R R/r (cylinder), whose energy per unit
 * solid angle / per radian is 2 G R u_R^2 / G u_R^2. This uses only the form of the eigenstrain-free
 * matrix solution, not the inclusion formulas under test. Discretisation error O(h^2) ~ 1e-6 at h = a/1000.
 */
function radialSolve(
  geometry: 'sphere' | 'cylinder',
  inclusion: IsotropicModuli,
  matrix: IsotropicModuli,
  eigenstrain: number,
  radius: number,
): { stressAt(r: number): [number, number, number] } {
  const perRadius = 1000;
  const outer = 3 * radius;
  const n = Math.round((outer / radius) * perRadius);
  const h = outer / n;
  const lame = (m: IsotropicModuli) => {
    const G = m.youngsModulus / (2 * (1 + m.poissonRatio));
    const lambda = (m.youngsModulus * m.poissonRatio) / ((1 + m.poissonRatio) * (1 - 2 * m.poissonRatio));
    return { G, lambda };
  };
  const inc = lame(inclusion);
  const mat = lame(matrix);
  // strain vector (rr, thth, third) = B [u_i, u_i+1]; third = phiphi (sphere) or zz = 0 (cylinder)
  const element = (e: number) => {
    const rm = (e + 0.5) * h;
    const inside = rm < radius;
    const { G, lambda } = inside ? inc : mat;
    const third = geometry === 'sphere' ? 1 / (2 * rm) : 0;
    const B = [
      [-1 / h, 1 / h],
      [1 / (2 * rm), 1 / (2 * rm)],
      [third, third],
    ];
    const D = [0, 1, 2].map((p) => [0, 1, 2].map((q) => lambda + (p === q ? 2 * G : 0)));
    const eStar = inside ? [eigenstrain, eigenstrain, eigenstrain] : [0, 0, 0];
    const weight = geometry === 'sphere' ? rm * rm * h : rm * h;
    return { B, D, eStar, weight };
  };
  // tridiagonal system for u_1..u_n (u_0 = 0)
  const diag = new Float64Array(n + 1);
  const upper = new Float64Array(n + 1); // K[i][i+1]
  const rhs = new Float64Array(n + 1);
  for (let e = 0; e < n; e++) {
    const { B, D, eStar, weight } = element(e);
    const DB = D.map((row) => [0, 1].map((c) => row[0] * B[0][c] + row[1] * B[1][c] + row[2] * B[2][c]));
    const DeStar = D.map((row) => row[0] * eStar[0] + row[1] * eStar[1] + row[2] * eStar[2]);
    const k = [0, 1].map((a) => [0, 1].map((b) => weight * (B[0][a] * DB[0][b] + B[1][a] * DB[1][b] + B[2][a] * DB[2][b])));
    const f = [0, 1].map((a) => weight * (B[0][a] * DeStar[0] + B[1][a] * DeStar[1] + B[2][a] * DeStar[2]));
    diag[e] += k[0][0];
    diag[e + 1] += k[1][1];
    upper[e] += k[0][1];
    rhs[e] += f[0];
    rhs[e + 1] += f[1];
  }
  diag[n] += geometry === 'sphere' ? 4 * mat.G * outer : 2 * mat.G;
  // Thomas algorithm on nodes 1..n (row 0 removed by u_0 = 0)
  const u = new Float64Array(n + 1);
  const c = new Float64Array(n + 1);
  const d = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) {
    const lower = i > 1 ? upper[i - 1] : 0;
    const denom = diag[i] - (i > 1 ? lower * c[i - 1] : 0);
    c[i] = upper[i] / denom;
    d[i] = (rhs[i] - (i > 1 ? lower * d[i - 1] : 0)) / denom;
  }
  u[n] = d[n];
  for (let i = n - 1; i >= 1; i--) u[i] = d[i] - c[i] * u[i + 1];
  return {
    /** [sigma_rr, sigma_thth, sigma_third] at the midpoint of the element containing r. */
    stressAt(r: number) {
      const e = Math.min(n - 1, Math.floor(r / h));
      const { B, D, eStar } = element(e);
      const strain = [0, 1, 2].map((p) => B[p][0] * u[e] + B[p][1] * u[e + 1] - eStar[p]);
      const s = D.map((row) => row[0] * strain[0] + row[1] * strain[1] + row[2] * strain[2]);
      return [s[0], s[1], s[2]];
    },
  };
}

const steel: IsotropicModuli = { youngsModulus: 200e9, poissonRatio: 0.3 };
const soft: IsotropicModuli = { youngsModulus: 20e9, poissonRatio: 0.35 };
const stiff: IsotropicModuli = { youngsModulus: 150e9, poissonRatio: 0.25 };
const eps = 0.01;
const a = 1e-7;

describe('Eshelby sphere (dilatational eigenstrain, infinite isotropic body)', () => {
  const sphere = eshelbySphere({ ...steel, eigenstrain: eps, radius: a });
  const { youngsModulus: E, poissonRatio: nu } = steel;
  const G = E / (2 * (1 + nu));

  it('interior stress -4 G eps (1 + nu) / (3 (1 - nu)) = -2 E eps / (3 (1 - nu)), uniform and hydrostatic', () => {
    expect(Math.abs(sphere.interiorStress / ((-4 * G * eps * (1 + nu)) / (3 * (1 - nu))) - 1)).toBeLessThan(1e-14);
    expect(sphere.radialStress(0)).toBe(sphere.interiorStress);
    expect(sphere.hoopStress(0.5 * a)).toBe(sphere.interiorStress);
  });
  it('exterior: radial ~ (a/r)^3, hoop = -radial / 2 (tensile for expansion)', () => {
    for (const r of [a, 1.5 * a, 4 * a]) {
      expect(sphere.radialStress(r)).toBeCloseTo(sphere.interiorStress * (a / r) ** 3, 0);
      expect(sphere.hoopStress(r)).toBeCloseTo(-0.5 * sphere.radialStress(r), 0);
      expect(sphere.hoopStress(r)).toBeGreaterThan(0);
    }
  });
  it('agrees with a radial finite-element solve of the Lame equation to 1e-4', () => {
    const fe = radialSolve('sphere', steel, steel, eps, a);
    const scale = Math.abs(sphere.interiorStress);
    for (const r of [0.3 * a, 0.7 * a]) {
      const [rr, tt, pp] = fe.stressAt(r);
      for (const s of [rr, tt, pp]) expect(Math.abs(s - sphere.interiorStress) / scale).toBeLessThan(1e-4);
    }
    for (const r of [1.2 * a, 2 * a, 2.8 * a]) {
      const [rr, tt] = fe.stressAt(r);
      const rm = (Math.floor(r / (a / 1000)) + 0.5) * (a / 1000);
      expect(Math.abs(rr - sphere.radialStress(rm)) / scale).toBeLessThan(1e-4);
      expect(Math.abs(tt - sphere.hoopStress(rm)) / scale).toBeLessThan(1e-4);
    }
  });
});

describe('Eshelby disc in plane strain (cylinder, e_zz = 0, eps* in all three directions)', () => {
  const disc = eshelbyDiscPlaneStrain({ ...steel, eigenstrain: eps, radius: a });
  const { youngsModulus: E, poissonRatio: nu } = steel;

  it('interior: in-plane -E eps / (2 (1 - nu)); axial = nu (sxx + syy) - E eps (e_zz = 0)', () => {
    expect(disc.interiorStress.xx).toBeCloseTo((-E * eps) / (2 * (1 - nu)), 0);
    expect(disc.interiorStress.yy).toBe(disc.interiorStress.xx);
    const axialFromHooke = nu * (disc.interiorStress.xx + disc.interiorStress.yy) - E * eps;
    expect(Math.abs(disc.interiorStress.zz / axialFromHooke - 1)).toBeLessThan(1e-14);
  });
  it('exterior: radial ~ (a/r)^2, hoop = -radial, axial 0', () => {
    for (const r of [a, 2 * a]) {
      expect(disc.radialStress(r)).toBeCloseTo(disc.interiorStress.xx * (a / r) ** 2, 0);
      expect(disc.hoopStress(r)).toBe(-disc.radialStress(r));
      expect(disc.axialStress(r)).toBe(0);
    }
  });
  it('agrees with a radial finite-element solve (cylindrical, plane strain) to 1e-4', () => {
    const fe = radialSolve('cylinder', steel, steel, eps, a);
    const scale = Math.abs(disc.interiorStress.xx);
    for (const r of [0.3 * a, 0.7 * a]) {
      const [rr, tt, zz] = fe.stressAt(r);
      expect(Math.abs(rr - disc.interiorStress.xx) / scale).toBeLessThan(1e-4);
      expect(Math.abs(tt - disc.interiorStress.yy) / scale).toBeLessThan(1e-4);
      expect(Math.abs(zz - disc.interiorStress.zz) / scale).toBeLessThan(1e-4);
    }
    for (const r of [1.2 * a, 2 * a, 2.8 * a]) {
      const [rr, tt, zz] = fe.stressAt(r);
      const rm = (Math.floor(r / (a / 1000)) + 0.5) * (a / 1000);
      expect(Math.abs(rr - disc.radialStress(rm)) / scale).toBeLessThan(1e-4);
      expect(Math.abs(tt - disc.hoopStress(rm)) / scale).toBeLessThan(1e-4);
      expect(Math.abs(zz) / scale).toBeLessThan(1e-4);
    }
  });
});

describe('inhomogeneous inclusions (pressure-mismatch solutions)', () => {
  const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

  it('homogeneous limits equal the homogeneous solutions to 1e-12', () => {
    const s1 = inhomogeneousSphere({ inclusion: steel, matrix: steel, eigenstrain: eps, radius: a });
    const s0 = eshelbySphere({ ...steel, eigenstrain: eps, radius: a });
    expect(rel(s1.interiorStress, s0.interiorStress)).toBeLessThan(1e-12);
    for (const r of [a, 1.7 * a]) {
      expect(rel(s1.radialStress(r), s0.radialStress(r))).toBeLessThan(1e-12);
      expect(rel(s1.hoopStress(r), s0.hoopStress(r))).toBeLessThan(1e-12);
    }
    const d1 = inhomogeneousDiscPlaneStrain({ inclusion: steel, matrix: steel, eigenstrain: eps, radius: a });
    const d0 = eshelbyDiscPlaneStrain({ ...steel, eigenstrain: eps, radius: a });
    for (const k of ['xx', 'yy', 'zz'] as const) expect(rel(d1.interiorStress[k], d0.interiorStress[k])).toBeLessThan(1e-12);
    for (const r of [a, 1.7 * a]) {
      expect(rel(d1.radialStress(r), d0.radialStress(r))).toBeLessThan(1e-12);
      expect(rel(d1.hoopStress(r), d0.hoopStress(r))).toBeLessThan(1e-12);
      expect(d1.axialStress(r)).toBe(0);
    }
  });

  it('radial traction is continuous across r = a', () => {
    for (const [inclusion, matrix] of [
      [stiff, soft],
      [soft, stiff],
    ]) {
      const s = inhomogeneousSphere({ inclusion, matrix, eigenstrain: eps, radius: a });
      expect(rel(s.radialStress(a * (1 - 1e-12)), s.radialStress(a))).toBeLessThan(1e-10);
      const d = inhomogeneousDiscPlaneStrain({ inclusion, matrix, eigenstrain: eps, radius: a });
      expect(rel(d.radialStress(a * (1 - 1e-12)), d.radialStress(a))).toBeLessThan(1e-10);
    }
  });

  for (const [label, inclusion, matrix] of [
    ['stiff particle in a soft matrix', stiff, soft],
    ['soft particle in a stiff matrix', soft, stiff],
  ] as const) {
    it(`${label}: sphere and disc agree with the radial finite-element solve to 1e-4`, () => {
      const s = inhomogeneousSphere({ inclusion, matrix, eigenstrain: eps, radius: a });
      const feS = radialSolve('sphere', inclusion, matrix, eps, a);
      const scaleS = Math.abs(s.interiorStress);
      for (const v of feS.stressAt(0.5 * a)) expect(Math.abs(v - s.interiorStress) / scaleS).toBeLessThan(1e-4);
      const rm = (Math.floor((1.5 * a) / (a / 1000)) + 0.5) * (a / 1000);
      const [rrS, ttS] = feS.stressAt(1.5 * a);
      expect(Math.abs(rrS - s.radialStress(rm)) / scaleS).toBeLessThan(1e-4);
      expect(Math.abs(ttS - s.hoopStress(rm)) / scaleS).toBeLessThan(1e-4);

      const d = inhomogeneousDiscPlaneStrain({ inclusion, matrix, eigenstrain: eps, radius: a });
      const feD = radialSolve('cylinder', inclusion, matrix, eps, a);
      const scaleD = Math.abs(d.interiorStress.zz);
      const [rr, tt, zz] = feD.stressAt(0.5 * a);
      expect(Math.abs(rr - d.interiorStress.xx) / scaleD).toBeLessThan(1e-4);
      expect(Math.abs(tt - d.interiorStress.yy) / scaleD).toBeLessThan(1e-4);
      expect(Math.abs(zz - d.interiorStress.zz) / scaleD).toBeLessThan(1e-4);
      const [rrD, ttD] = feD.stressAt(1.5 * a);
      expect(Math.abs(rrD - d.radialStress(rm)) / scaleD).toBeLessThan(1e-4);
      expect(Math.abs(ttD - d.hoopStress(rm)) / scaleD).toBeLessThan(1e-4);
    });
  }
});
