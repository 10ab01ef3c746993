import { describe, expect, it } from 'vitest';
import {
  acousticTensor,
  complianceFromStiffness,
  cubicStiffness,
  eigenstrainWeight,
  eigenstrainWeightDerivative,
  elasticEnergyDensity,
  greenOmega,
  hydrostaticStress,
  isotropicStiffness,
  khachaturyanB,
  khachaturyanBMinimum,
  orthorhombicStiffness,
  planeStressOutOfPlaneStrain,
  planeStressProblem,
  principalStresses,
  rotateStiffness,
  rotateSymTensor,
  stiffnessTensor,
  strainFromStress,
  stressFromStrain,
  voigtFromTensor,
  voigtReussHill,
  vonMisesStress,
  type Quaternion,
  type SymTensor,
  type Voigt,
} from '../../../src/physics/elasticity.ts';
import { getMaterial } from '../../../src/physics/materials.ts';

const GPa = 1e9;
/** Float64 round-off on O(100 GPa) entries after ~100 flops: 1e-12 relative is ample. */
const REL = 1e-12;

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function expectVoigtClose(a: Voigt, b: Voigt, rel = REL): void {
  const scale = Math.max(maxAbs(a), maxAbs(b));
  for (let i = 0; i < 36; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(rel * scale);
}

function axisAngle(axis: readonly number[], angle: number): Quaternion {
  const len = Math.hypot(axis[0], axis[1], axis[2]);
  const s = Math.sin(angle / 2) / len;
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
}

const lfp = orthorhombicStiffness({ c11: 138.9, c22: 198, c33: 173.5, c12: 72.8, c13: 52.5, c23: 45.8, c44: 36.8, c55: 50.6, c66: 47.6 });
const general = orthorhombicStiffness({ c11: 3, c22: 5, c33: 7, c12: 1.1, c13: 0.7, c23: 1.9, c44: 1.3, c55: 1.7, c66: 2.3 });

describe('stiffness matrices and the fourth-rank tensor', () => {
  it('isotropic: C11 = lambda + 2G, C12 = lambda, C44 = G', () => {
    const E = 100 * GPa;
    const nu = 0.25;
    const C = isotropicStiffness(E, nu);
    const lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu));
    const G = E / (2 * (1 + nu));
    expect(C[0] / (lambda + 2 * G)).toBeCloseTo(1, 14);
    expect(C[1] / lambda).toBeCloseTo(1, 14);
    expect(C[3 * 6 + 3] / G).toBeCloseTo(1, 14);
    expect(C[3]).toBe(0);
  });
  it('tensor round trip and full symmetry', () => {
    const c = stiffnessTensor(general);
    const at = (i: number, j: number, k: number, l: number) => c[((i * 3 + j) * 3 + k) * 3 + l];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 3; k++)
          for (let l = 0; l < 3; l++) {
            expect(at(i, j, k, l)).toBe(at(j, i, k, l));
            expect(at(i, j, k, l)).toBe(at(i, j, l, k));
            expect(at(i, j, k, l)).toBe(at(k, l, i, j));
          }
    expect(at(1, 2, 1, 2)).toBe(1.3); // C44 = C_yzyz
    expect(at(0, 0, 1, 1)).toBe(1.1); // C12
    expect(Array.from(voigtFromTensor(c))).toEqual(Array.from(general));
  });
  it('Hooke: sigma_ij = C_ijkl e_kl on the full tensor equals the Voigt product (engineering shears)', () => {
    const e: SymTensor = [1e-3, -2e-3, 0.5e-3, 0.7e-3, -0.4e-3, 0.9e-3];
    const s = stressFromStrain(general, e);
    const c = stiffnessTensor(general);
    const m = [e[0], e[5], e[4], e[5], e[1], e[3], e[4], e[3], e[2]];
    const pairs = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
    pairs.forEach(([i, j], I) => {
      let sum = 0;
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) sum += c[((i * 3 + j) * 3 + k) * 3 + l] * m[k * 3 + l];
      expect(s[I]).toBeCloseTo(sum, 14);
    });
  });
  it('compliance * stiffness = identity, and strainFromStress inverts stressFromStrain', () => {
    for (const C of [lfp, general, isotropicStiffness(1, 0.3), rotateStiffness(lfp, axisAngle([1, 2, 3], 0.7))]) {
      const S = complianceFromStiffness(C);
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 6; j++) {
          let sum = 0;
          for (let k = 0; k < 6; k++) sum += S[i * 6 + k] * C[k * 6 + j];
          expect(Math.abs(sum - (i === j ? 1 : 0))).toBeLessThan(1e-12);
        }
      const e: SymTensor = [1e-3, -2e-3, 0.5e-3, 0.7e-3, -0.4e-3, 0.9e-3];
      const back = strainFromStress(S, stressFromStrain(C, e));
      for (let I = 0; I < 6; I++) expect(back[I]).toBeCloseTo(e[I], 15);
    }
  });
  it('a singular stiffness is rejected with a clear error', () => {
    const C = cubicStiffness(1, 1, 1); // C11 = C12: zero stiffness against deviatoric normal strain
    expect(() => complianceFromStiffness(C)).toThrow(/singular/);
  });
  it('isotropic compliance gives back 1/E and -nu/E', () => {
    const S = complianceFromStiffness(isotropicStiffness(200 * GPa, 0.3));
    expect(S[0] * 200 * GPa).toBeCloseTo(1, 12);
    expect(S[1] * 200 * GPa).toBeCloseTo(-0.3, 12);
    expect(S[3 * 6 + 3] * 200 * GPa).toBeCloseTo(2 * 1.3, 12); // 1/G with engineering shear
  });
  it('Voigt-Reuss-Hill of an isotropic stiffness returns its own E and nu', () => {
    const { youngsModulus, poissonRatio } = voigtReussHill(isotropicStiffness(123 * GPa, 0.27));
    expect(youngsModulus / (123 * GPa)).toBeCloseTo(1, 12);
    expect(poissonRatio).toBeCloseTo(0.27, 12);
  });
});

describe('rotations', () => {
  const quarterZ = axisAngle([0, 0, 1], Math.PI / 2);
  it('90 degrees about z swaps the x and y rows/columns of an orthorhombic stiffness', () => {
    const R = rotateStiffness(general, quarterZ);
    // C'_xxxx = C_yyyy, C'_xxzz = C_yyzz, C'_yzyz = C_xzxz, C'_xyxy unchanged
    const g = (C: Voigt, I: number, J: number) => C[I * 6 + J];
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-14 * 10);
    close(g(R, 0, 0), g(general, 1, 1));
    close(g(R, 1, 1), g(general, 0, 0));
    close(g(R, 2, 2), g(general, 2, 2));
    close(g(R, 0, 2), g(general, 1, 2));
    close(g(R, 1, 2), g(general, 0, 2));
    close(g(R, 0, 1), g(general, 0, 1));
    close(g(R, 3, 3), g(general, 4, 4));
    close(g(R, 4, 4), g(general, 3, 3));
    close(g(R, 5, 5), g(general, 5, 5));
  });
  it('the rotation maps crystal x to grid y (R e R^T of a uniaxial eigenstrain)', () => {
    const t = rotateSymTensor([1, 0, 0, 0, 0, 0], quarterZ);
    expect(t[0]).toBeCloseTo(0, 15);
    expect(t[1]).toBeCloseTo(1, 15);
  });
  it('rotating by q then by q^-1 is the identity', () => {
    const q = axisAngle([0.3, -1, 0.6], 1.234);
    const qInv: Quaternion = [-q[0], -q[1], -q[2], q[3]];
    expectVoigtClose(rotateStiffness(rotateStiffness(lfp, q), qInv), lfp);
    const e: SymTensor = [0.05, 0.028, -0.025, 0.001, -0.002, 0.003];
    const back = rotateSymTensor(rotateSymTensor(e, q), qInv);
    for (let I = 0; I < 6; I++) expect(back[I]).toBeCloseTo(e[I], 15);
  });
  it('a non-normalised quaternion is normalised (same rotation)', () => {
    const q = axisAngle([1, 1, 0], 0.4);
    expectVoigtClose(rotateStiffness(lfp, [2 * q[0], 2 * q[1], 2 * q[2], 2 * q[3]]), rotateStiffness(lfp, q));
  });
  it('cubic stiffness is invariant under 90-degree rotations about each axis; isotropic under any rotation', () => {
    const cubic = cubicStiffness(165.7, 63.9, 79.6);
    for (const axis of [[1, 0, 0], [0, 1, 0], [0, 0, 1]]) expectVoigtClose(rotateStiffness(cubic, axisAngle(axis, Math.PI / 2)), cubic);
    expect(maxAbs(rotateStiffness(cubic, axisAngle([1, 1, 0], 0.5)).map((v, i) => v - cubic[i]))).toBeGreaterThan(1); // genuinely anisotropic
    const iso = isotropicStiffness(100, 0.3);
    expectVoigtClose(rotateStiffness(iso, axisAngle([1, -2, 0.5], 0.9)), iso);
  });
  it('energy density is frame independent: W(R C, R e) = W(C, e)', () => {
    const q = axisAngle([2, 1, -1], 2.1);
    const e: SymTensor = [0.01, -0.004, 0.002, 0.003, 0.001, -0.002];
    expect(elasticEnergyDensity(rotateStiffness(lfp, q), rotateSymTensor(e, q)) / elasticEnergyDensity(lfp, e)).toBeCloseTo(1, 12);
  });
});

describe("Khachaturyan's B(n)", () => {
  const E = 100 * GPa;
  const nu = 0.3;
  const eps = 0.02;
  const dilatation: SymTensor = [eps, eps, eps, 0, 0, 0];
  const iso = isotropicStiffness(E, nu);

  it('acoustic tensor of an isotropic body: G delta_ik + (lambda + G) n_i n_k; Omega its inverse', () => {
    const n = [0.48, -0.6, 0.64];
    const K = acousticTensor(iso, n);
    const lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu));
    const G = E / (2 * (1 + nu));
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 3; k++) expect(K[i * 3 + k] / E).toBeCloseTo(((i === k ? G : 0) + (lambda + G) * n[i] * n[k]) / E, 13);
    const Om = greenOmega(iso, n);
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let j = 0; j < 3; j++) s += K[i * 3 + j] * Om[j * 3 + k];
        expect(s).toBeCloseTo(i === k ? 1 : 0, 12);
      }
  });

  it('isotropic, dilatational: B(n) = 2 E eps^2 / (1 - nu) for every n (twice the coherent-plate energy E eps^2/(1 - nu))', () => {
    // derivation: C:e:e = 9K eps^2; sigma0 = 3K eps I; Omega n = n / (lambda + 2G);
    // B = 9K eps^2 (1 - 3K/(lambda + 2G)) = 12 K G eps^2 / (lambda + 2G) = 2 E eps^2 / (1 - nu)
    const expected = (2 * E * eps * eps) / (1 - nu);
    for (let i = 0; i < 50; i++) {
      const z = -1 + (2 * (i + 0.5)) / 50;
      const phi = i * 2.39996;
      const n = [Math.sqrt(1 - z * z) * Math.cos(phi), Math.sqrt(1 - z * z) * Math.sin(phi), z];
      expect(Math.abs(khachaturyanB(iso, dilatation, n) / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it('B(n) = 2 x the elastic energy density of an infinite coherent plate with normal n (independent construction)', () => {
    // Plate: total strain sym(a (x) n); traction-free faces sigma.n = 0 fix a; energy 1/2 (e - e0):C:(e - e0).
    const e0: SymTensor = [0.05, 0.028, -0.025, 0, 0, 0];
    for (const n of [[1, 0, 0], [0.6, 0, 0.8], [0.36, 0.48, 0.8]]) {
      // solve K a = sigma0 n by Cramer's rule on the acoustic tensor (the plate's own equilibrium)
      const s0 = stressFromStrain(lfp, e0);
      const t = [s0[0] * n[0] + s0[5] * n[1] + s0[4] * n[2], s0[5] * n[0] + s0[1] * n[1] + s0[3] * n[2], s0[4] * n[0] + s0[3] * n[1] + s0[2] * n[2]];
      const K = acousticTensor(lfp, n);
      const det3 = (m: number[]) => m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
      const D = det3(Array.from(K));
      const a = [0, 1, 2].map((col) => det3(Array.from(K).map((v, idx) => (idx % 3 === col ? t[Math.floor(idx / 3)] : v))) / D);
      const total: SymTensor = [a[0] * n[0], a[1] * n[1], a[2] * n[2], 0.5 * (a[1] * n[2] + a[2] * n[1]), 0.5 * (a[0] * n[2] + a[2] * n[0]), 0.5 * (a[0] * n[1] + a[1] * n[0])];
      const elastic = total.map((v, I) => v - e0[I]) as unknown as SymTensor;
      const traction = stressFromStrain(lfp, elastic);
      expect(Math.abs(traction[0] * n[0] + traction[5] * n[1] + traction[4] * n[2])).toBeLessThan(1e-6);
      const plateEnergy = elasticEnergyDensity(lfp, elastic);
      expect(khachaturyanB(lfp, e0, n) / (2 * plateEnergy)).toBeCloseTo(1, 11);
    }
  });

  it('B(n) is frame covariant: B(R C, R e0, R n) = B(C, e0, n)', () => {
    const q = axisAngle([1, 2, 2], 0.8);
    const e0: SymTensor = [0.05, 0.028, -0.025, 0, 0, 0];
    const n = [0.6, 0, 0.8];
    const rn = rotateSymTensor([n[0] * n[0], n[1] * n[1], n[2] * n[2], n[1] * n[2], n[0] * n[2], n[0] * n[1]], q);
    // recover R n from the rotated dyad n n^T (n has n_x > 0 after rotation here; sign is irrelevant for B)
    const rnVec = [Math.sqrt(rn[0]), Math.sign(rn[5]) * Math.sqrt(rn[1]), Math.sign(rn[4]) * Math.sqrt(rn[2])];
    expect(khachaturyanB(rotateStiffness(lfp, q), rotateSymTensor(e0, q), rnVec) / khachaturyanB(lfp, e0, n)).toBeCloseTo(1, 10);
  });

  it('minimum search: isotropic is flat; a pure xx eigenstrain is softest with n along x', () => {
    const flat = khachaturyanBMinimum(iso, dilatation, 3, 500);
    expect(flat.value / ((2 * E * eps * eps) / (1 - nu))).toBeCloseTo(1, 12);
    // uniaxial eigenstrain e_xx: a plate normal to x relaxes it completely (B = 0)
    const uni = khachaturyanBMinimum(iso, [eps, 0, 0, 0, 0, 0], 3, 500);
    expect(uni.value / (E * eps * eps)).toBeCloseTo(0, 10);
    expect(Math.abs(uni.direction[0])).toBeCloseTo(1, 6);
    const uni2 = khachaturyanBMinimum(iso, [0, eps, 0, 0, 0, 0], 2, 360);
    expect(uni2.value / (E * eps * eps)).toBeCloseTo(0, 10);
    expect(Math.abs(uni2.direction[1])).toBeCloseTo(1, 8);
    expect(uni2.direction[2]).toBe(0);
  });

  it('LiFePO4 (Maxisch & Ceder C_ij, misfit (0.05, 0.028, -0.025)): softest direction reported', () => {
    const material = getMaterial('LiFePO4');
    const e0 = material.eigenstrain!;
    const min3 = khachaturyanBMinimum(material.stiffness, e0, 3, 4000);
    const min2 = khachaturyanBMinimum(material.stiffness, e0, 2, 2000);
    // a genuine minimum: no sampled direction is lower, and it is below B along the axes
    for (const n of [[1, 0, 0], [0, 1, 0], [0, 0, 1], [Math.SQRT1_2, 0, Math.SQRT1_2]]) {
      expect(min3.value).toBeLessThanOrEqual(khachaturyanB(material.stiffness, e0, n) * (1 + 1e-12));
    }
    const angleFromA = (Math.acos(Math.abs(min3.direction[0])) * 180) / Math.PI;
    console.info(
      `LiFePO4 B(n) minimum (3D): ${(min3.value / GPa).toFixed(4)} GPa at n = [${min3.direction.map((v) => v.toFixed(4)).join(', ')}] ` +
        `(a, b, c axes; ${angleFromA.toFixed(1)} deg from [100]); ` +
        `(xy = ab plane): ${(min2.value / GPa).toFixed(4)} GPa at n = [${min2.direction.map((v) => v.toFixed(4)).join(', ')}]`,
    );
    // the minimiser has no b component (orthorhombic symmetry with b the intermediate misfit): n lies in the a-c plane
    expect(Math.abs(min3.direction[1])).toBeLessThan(1e-6);
  });
});

describe('plane stress condensation', () => {
  it('isotropic: Q11 = E/(1 - nu^2), Q12 = nu E/(1 - nu^2), Q66 = G; out-of-plane identity and decoupled', () => {
    const E = 70 * GPa;
    const nu = 0.33;
    const { stiffness: Q, eigenstrain } = planeStressProblem(isotropicStiffness(E, nu), [0.01, 0.02, 0.03, 0.004, 0.005, 0.006]);
    expect(Q[0] / (E / (1 - nu * nu))).toBeCloseTo(1, 13);
    expect(Q[1 * 6 + 1] / (E / (1 - nu * nu))).toBeCloseTo(1, 13);
    expect(Q[0 * 6 + 1] / ((nu * E) / (1 - nu * nu))).toBeCloseTo(1, 13);
    expect(Q[5 * 6 + 5] / (E / (2 * (1 + nu)))).toBeCloseTo(1, 13);
    for (const O of [2, 3, 4]) {
      expect(Q[O * 6 + O]).toBe(1);
      for (const P of [0, 1, 5]) {
        expect(Q[O * 6 + P]).toBe(0);
        expect(Q[P * 6 + O]).toBe(0);
      }
    }
    expect(eigenstrain).toEqual([0.01, 0.02, 0, 0, 0, 0.006]);
  });
  it('anisotropic: in-plane stress of the condensed problem equals the full 3D stress with sigma_zz = sigma_yz = sigma_xz = 0', () => {
    const C = rotateStiffness(lfp, axisAngle([1, 2, 3], 0.9)); // couples in-plane and out-of-plane indices
    const e0: SymTensor = [0.05, 0.028, -0.025, 0.004, -0.003, 0.002];
    const inPlane: SymTensor = [0.01, -0.02, 0, 0, 0, 0.015];
    const { stiffness: Q, eigenstrain: q0 } = planeStressProblem(C, e0);
    const reduced = stressFromStrain(Q, inPlane.map((v, I) => v - q0[I]) as unknown as SymTensor);
    const eo = planeStressOutOfPlaneStrain(C, e0, inPlane);
    const full: SymTensor = [inPlane[0], inPlane[1], eo.zz, eo.yz, eo.xz, inPlane[5]];
    const elastic = full.map((v, I) => v - e0[I]) as unknown as SymTensor;
    const sigma = stressFromStrain(C, elastic);
    const scale = maxAbs(sigma);
    for (const O of [2, 3, 4]) expect(Math.abs(sigma[O]) / scale).toBeLessThan(1e-13);
    for (const P of [0, 1, 5]) expect(Math.abs(reduced[P] - sigma[P]) / scale).toBeLessThan(1e-13);
    for (const O of [2, 3, 4]) expect(reduced[O]).toBe(0);
    // the energies agree too
    const reducedElastic = inPlane.map((v, I) => v - q0[I]) as unknown as SymTensor;
    expect(elasticEnergyDensity(Q, reducedElastic) / elasticEnergyDensity(C, elastic)).toBeCloseTo(1, 12);
  });
});

describe('stress invariants', () => {
  it('principal stresses of a diagonal tensor, sorted descending', () => {
    expect(principalStresses([-3, 5, 1, 0, 0, 0])).toEqual([5, 1, -3].map((v) => expect.closeTo(v, 13)));
  });
  it('principal stresses of a rotated diagonal tensor', () => {
    const q = axisAngle([1, -0.5, 2], 1.1);
    const s = rotateSymTensor([-3e8, 5e8, 1e8, 0, 0, 0], q);
    const [s1, s2, s3] = principalStresses(s);
    expect(s1 / 5e8).toBeCloseTo(1, 12);
    expect(s2 / 1e8).toBeCloseTo(1, 11);
    expect(s3 / -3e8).toBeCloseTo(1, 12);
  });
  it('two (and three) equal principal stresses are exact', () => {
    const q = axisAngle([0.2, 0.7, -0.3], 0.77);
    for (const [d, expected] of [
      [[2, 2, -1], [2, 2, -1]],
      [[-1, 2, -1], [2, -1, -1]],
    ] as const) {
      const p = principalStresses(rotateSymTensor([d[0], d[1], d[2], 0, 0, 0], q));
      p.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    }
    expect(principalStresses([4, 4, 4, 0, 0, 0])).toEqual([4, 4, 4]);
    expect(principalStresses([0, 0, 0, 0, 0, 0])).toEqual([0, 0, 0]);
  });
  it('pure shear sigma_xy = t: principal stresses t, 0, -t; von Mises sqrt(3) t; hydrostatic 0', () => {
    const p = principalStresses([0, 0, 0, 0, 0, 7]);
    expect(p[0]).toBeCloseTo(7, 13);
    expect(p[1]).toBeCloseTo(0, 13);
    expect(p[2]).toBeCloseTo(-7, 13);
    expect(vonMisesStress([0, 0, 0, 0, 0, 7])).toBeCloseTo(7 * Math.sqrt(3), 13);
    expect(hydrostaticStress([0, 0, 0, 0, 0, 7])).toBe(0);
  });
  it('von Mises of uniaxial stress is |s|; of hydrostatic stress 0; invariant under rotation', () => {
    expect(vonMisesStress([-250e6, 0, 0, 0, 0, 0])).toBeCloseTo(250e6, 6);
    expect(vonMisesStress([0, 0, 3e6, 0, 0, 0])).toBeCloseTo(3e6, 6);
    expect(vonMisesStress([5, 5, 5, 0, 0, 0])).toBe(0);
    expect(hydrostaticStress([1, 2, 6, 9, 9, 9])).toBe(3);
    const s: SymTensor = [1e8, -2e8, 0.5e8, 0.3e8, -0.1e8, 0.7e8];
    expect(vonMisesStress(rotateSymTensor(s, axisAngle([1, 1, 1], 0.6))) / vonMisesStress(s)).toBeCloseTo(1, 12);
  });
  it('elastic energy density = 1/2 e:C:e; isotropic uniaxial-strain check', () => {
    const C = isotropicStiffness(100, 0.25); // C11 = 120
    expect(elasticEnergyDensity(C, [0.1, 0, 0, 0, 0, 0])).toBeCloseTo(0.5 * 120 * 0.01, 12);
    expect(elasticEnergyDensity(C, [0, 0, 0, 0.1, 0, 0])).toBeCloseTo(0.5 * 40 * 0.04, 12); // G (2 e_yz)^2 / 2
  });
});

describe('eigenstrain weight h(c)', () => {
  it('vegard: h = c - cRef, h\' = 1', () => {
    expect(eigenstrainWeight('vegard', 0.7, 0.2)).toBeCloseTo(0.5, 15);
    expect(eigenstrainWeightDerivative('vegard', 0.7, 0.2)).toBe(1);
  });
  it('smoothstep: p(0) = 0, p(1) = 1, p(1/2) = 1/2, zero slope at the ends, derivative matches finite differences', () => {
    expect(eigenstrainWeight('smoothstep', 0, 0)).toBe(0);
    expect(eigenstrainWeight('smoothstep', 1, 0)).toBe(1);
    expect(eigenstrainWeight('smoothstep', 0.5, 0)).toBeCloseTo(0.5, 15);
    expect(eigenstrainWeight('smoothstep', 0.3, 0.3)).toBe(0);
    expect(eigenstrainWeightDerivative('smoothstep', 0, 0.5)).toBe(0);
    expect(eigenstrainWeightDerivative('smoothstep', 1, 0.5)).toBe(0);
    const h = 1e-6;
    for (const c of [0.1, 0.35, 0.5, 0.8]) {
      const fd = (eigenstrainWeight('smoothstep', c + h, 0.2) - eigenstrainWeight('smoothstep', c - h, 0.2)) / (2 * h);
      expect(eigenstrainWeightDerivative('smoothstep', c, 0.2)).toBeCloseTo(fd, 8);
    }
  });
});
