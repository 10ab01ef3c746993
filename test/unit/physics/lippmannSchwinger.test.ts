/**
 * The float64 twin of the inhomogeneous elastic solvers (src/physics/lippmannSchwinger.ts), the Green
 * operator tables (src/physics/greenOperator.ts) and the composite references (src/physics/eshelby.ts).
 */
import { describe, expect, it } from 'vitest';
import { greenDirection, greenTable } from '../../../src/physics/greenOperator.ts';
import { greenMatrix, IDENTITY_STIFFNESS, SHEAR_WEIGHT, solveLippmannSchwinger } from '../../../src/physics/lippmannSchwinger.ts';
import { isotropicStiffness } from '../../../src/physics/elasticity.ts';
import { compositeCylinderBulkModulus, compositeCylinderPlaneStrain, compositeSphere, eshelbyDiscPlaneStrain, eshelbySphere } from '../../../src/physics/eshelby.ts';

describe('Green operators', () => {
  it("Willot's rotated frequency k_j = (e^{i th_j} - 1) prod (e^{i th_a} + 1) / (2 h_j) is a common phase times the table's real direction", () => {
    const shape = [12, 10, 8];
    const spacing = [1, 1.5, 0.7];
    for (const index of [[1, 2, 3], [5, 9, 2], [6, 3, 7], [11, 0, 4]]) {
      const theta = index.map((m, a) => (2 * Math.PI * m) / shape[a]);
      // complex k_j
      const k = theta.map((t, j) => {
        let re = (Math.cos(t) - 1) / spacing[j];
        let im = Math.sin(t) / spacing[j];
        theta.forEach((s, a) => {
          if (a === j) return;
          const [cr, ci] = [(Math.cos(s) + 1) / 2, Math.sin(s) / 2];
          [re, im] = [re * cr - im * ci, re * ci + im * cr];
        });
        return [re, im];
      });
      const r = greenDirection('willot', index, shape, spacing);
      // k_j = z r_j for one complex z: k_j conj(k_m) real and equal to |z|^2 r_j r_m
      const z2 = k.reduce((s, [re, im]) => s + re * re + im * im, 0) / r.reduce((s, v) => s + v * v, 0);
      for (let j = 0; j < 3; j++)
        for (let m = 0; m < 3; m++) {
          const re = k[j][0] * k[m][0] + k[j][1] * k[m][1];
          const im = k[j][1] * k[m][0] - k[j][0] * k[m][1];
          expect(re).toBeCloseTo(z2 * r[j] * r[m], 12);
          expect(im).toBeCloseTo(0, 12);
        }
    }
  });

  it('the tables: continuous n = k, Nyquist dropped on request; Willot zero where two axes are at Nyquist', () => {
    expect(greenDirection('continuous', [3, 9, 0], [16, 16], [1, 2])).toEqual([3 / 16, (9 - 16) / 32, 0]);
    expect(greenDirection('continuous', [8, 3], [16, 16], [1, 1], { dropNyquist: true })).toEqual([0, 0, 0]);
    expect(greenDirection('willot', [8, 8], [16, 16], [1, 1]).map(Math.abs)).toEqual([0, 0, 0]);
    expect(greenDirection('willot', [8, 3], [16, 16], [1, 1])[1]).toBe(0);
    expect(greenTable('willot', [16, 8], [1, 1]).length).toBe(2 * (9 + 8 + 1));
  });

  it('with C0 = I_s, Gamma is an orthogonal projection (G G = G, symmetric in a : b) for any direction', () => {
    const n = [0.3, -0.5, 0.8];
    const norm = Math.hypot(...n);
    const G = greenMatrix(IDENTITY_STIFFNESS, n.map((v) => v / norm));
    for (let p = 0; p < 6; p++)
      for (let q = 0; q < 6; q++) {
        let gg = 0;
        for (let m = 0; m < 6; m++) gg += G[p][m] * G[m][q];
        expect(gg).toBeCloseTo(G[p][q], 12);
        // symmetric in the weighted inner product: w_p G_pq = w_q G_qp
        expect(SHEAR_WEIGHT[p] * G[p][q]).toBeCloseTo(SHEAR_WEIGHT[q] * G[q][p], 12);
      }
  });
});

describe('composite references', () => {
  it("the composite cylinder gives the issue's interior formula and tends to Eshelby's disc as f -> 0", () => {
    const inc = { youngsModulus: 10, poissonRatio: 0.3 };
    const mat = { youngsModulus: 1, poissonRatio: 0.3 };
    const c = compositeCylinderPlaneStrain({ inclusion: inc, matrix: mat, eigenstrain: 0.01, radius: 1, outerRadius: 3 });
    const lame = (m: typeof inc) => {
      const G = m.youngsModulus / (2 * (1 + m.poissonRatio));
      const l = (m.youngsModulus * m.poissonRatio) / ((1 + m.poissonRatio) * (1 - 2 * m.poissonRatio));
      return { G, l, k: l + G };
    };
    const [i, m] = [lame(inc), lame(mat)];
    const f = 1 / 9;
    const sStar = 2 * i.k * 0.01 + i.l * 0.01;
    expect(c.interiorStress).toBeCloseTo((-sStar * (m.k * f + m.G)) / (i.k * (1 - f) + m.k * f + m.G), 14);
    // traction continuity at r = a and zero displacement work at b (clamped): radial stress continuous
    expect(c.radialStress(1)).toBeCloseTo(c.interiorStress, 14);
    const dilute = compositeCylinderPlaneStrain({ inclusion: mat, matrix: mat, eigenstrain: 0.01, radius: 1, outerRadius: 1e4 });
    expect(dilute.interiorStress / eshelbyDiscPlaneStrain({ ...mat, eigenstrain: 0.01, radius: 1 }).interiorStress.xx).toBeCloseTo(1, 6);
    const sphere = compositeSphere({ inclusion: mat, matrix: mat, eigenstrain: 0.01, radius: 1, outerRadius: 1e4 });
    expect(sphere.interiorStress / eshelbySphere({ ...mat, eigenstrain: 0.01, radius: 1 }).interiorStress).toBeCloseTo(1, 6);
    expect(compositeCylinderBulkModulus(inc, mat, 0)).toBeCloseTo(m.k, 14);
    expect(compositeCylinderBulkModulus(inc, mat, 1)).toBeCloseTo(i.k, 14);
  });
});

describe('solveLippmannSchwinger (float64)', () => {
  function disc(n: number, a: number, contrast: number) {
    const cells = n * n;
    const Ci = isotropicStiffness(contrast, 0.3);
    const Cm = isotropicStiffness(1, 0.3);
    const stiffness = new Float64Array(36 * cells);
    const eigenstress = new Float64Array(6 * cells);
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const idx = i + n * j;
        const inside = Math.hypot(i - n / 2, j - n / 2) < a;
        stiffness.set(inside ? Ci : Cm, 36 * idx);
        if (inside) for (let p = 0; p < 3; p++) eigenstress[p * cells + idx] = (Ci[p * 6] + Ci[p * 6 + 1] + Ci[p * 6 + 2]) * 0.01;
      }
    return { stiffness, eigenstress, reference: Float64Array.from(Ci, (v, k) => 0.5 * (v + Cm[k])) };
  }
  const clamped = { prescribed: Array(6).fill(true), strain: Array(6).fill(0), stress: Array(6).fill(0) };

  it('CG and the basic scheme converge to the same field (Willot, 10:1); CG in fewer iterations; equilibrium and mean conditions hold', () => {
    const n = 32;
    const { stiffness, eigenstress, reference } = disc(n, 6, 10);
    const common = { shape: [n, n], spacing: [1, 1], stiffness, eigenstress, mean: clamped, green: 'willot' as const, tolerance: 1e-10, maxIterations: 3000, reference: reference as never };
    const cg = solveLippmannSchwinger({ ...common, scheme: 'cg' });
    const basic = solveLippmannSchwinger({ ...common, scheme: 'basic' });
    let diff = 0;
    let size = 0;
    for (let i = 0; i < cg.stress.length; i++) {
      diff = Math.max(diff, Math.abs(cg.stress[i] - basic.stress[i]));
      size = Math.max(size, Math.abs(cg.stress[i]));
    }
    expect(diff / size).toBeLessThan(1e-8);
    expect(cg.iterations).toBeLessThan(basic.iterations / 2);
    // the CG residual decreases to the tolerance
    expect(cg.residuals[cg.residuals.length - 1]).toBeLessThanOrEqual(1e-10);
    // clamped: every mean strain stays zero (plane strain zz too)
    for (let p = 0; p < 6; p++) {
      let m = 0;
      for (let i = 0; i < n * n; i++) m += cg.strain[p * n * n + i];
      expect(Math.abs(m / (n * n))).toBeLessThan(1e-14);
    }
  });

  it('a stress-free mean: the mean stress is zero; a void inclusion converges without NaN', () => {
    const n = 32;
    const { stiffness, eigenstress } = disc(n, 6, 10);
    const free = { prescribed: [false, false, true, true, true, false], strain: Array(6).fill(0), stress: Array(6).fill(0) };
    const s = solveLippmannSchwinger({ shape: [n, n], spacing: [1, 1], stiffness, eigenstress, mean: free, green: 'willot', scheme: 'cg', tolerance: 1e-9, maxIterations: 500 });
    for (const p of [0, 1, 5]) {
      let m = 0;
      for (let i = 0; i < n * n; i++) m += s.stress[p * n * n + i];
      expect(Math.abs(m / (n * n))).toBeLessThan(1e-10);
    }
    const pore = disc(n, 6, 1);
    for (let i = 0; i < n * n; i++) if (Math.hypot((i % n) - n / 2, Math.floor(i / n) - n / 2) < 6) pore.stiffness.fill(0, 36 * i, 36 * (i + 1));
    const biaxial = { prescribed: Array(6).fill(true), strain: [0.01, 0.01, 0, 0, 0, 0], stress: Array(6).fill(0) };
    const v = solveLippmannSchwinger({ shape: [n, n], spacing: [1, 1], stiffness: pore.stiffness, eigenstress: new Float64Array(6 * n * n), mean: biaxial, green: 'willot', scheme: 'cg', tolerance: 1e-8, maxIterations: 500 });
    expect(v.strain.every(Number.isFinite)).toBe(true);
    expect(v.residuals[v.residuals.length - 1]).toBeLessThanOrEqual(1e-8);
    expect(v.stress[n / 2 + n * (n / 2)]).toBe(0);
  });
});
