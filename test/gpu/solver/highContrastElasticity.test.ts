/**
 * High-contrast elasticity on the GPU (the targets of the elasticity issue; docs/elasticity.md): a sharp
 * pixel disc with a 1 % dilatational eigenstrain (E_m = 1, nu = 0.3 in both phases, plane strain,
 * clamped mean strain) against the composite cylinder of outer radius b = L / sqrt(pi), solved by the
 * default solver (conjugate gradients, Willot's rotated operator, float32, tolerance 1e-5); the contrast
 * sweep; a pore; the diffuse interface; the effective bulk modulus of a square array; homogeneous
 * moduli in one shot; the 3D composite sphere.
 *
 * CI runs the composite cylinder at a = 16 in 128^2 (about 4 s a case on the software adapter);
 * SPINODE_ELASTIC_256=1 runs the a = 32 in 256^2 with the tolerances (2 to 5 s a solve).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { discScene, iso, relax } from './elasticSolverHarness.ts';
import { compositeCylinderBulkModulus, compositeCylinderPlaneStrain, compositeSphere } from '../../../src/physics/eshelby.ts';
import { discMeasurements } from '../../../src/physics/inclusionMeasures.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';

const nu = 0.3;
const eps = 0.01;
const large = process.env.SPINODE_ELASTIC_256 === '1';

function reference(contrast: number, n: number, a: number, eigenstrain = eps) {
  return compositeCylinderPlaneStrain({ inclusion: { youngsModulus: contrast, poissonRatio: nu }, matrix: { youngsModulus: 1, poissonRatio: nu }, eigenstrain, radius: a, outerRadius: n / Math.sqrt(Math.PI) });
}

function mean(values: ArrayLike<number>, from: number, count: number): number {
  let s = 0;
  for (let i = from; i < from + count; i++) s += values[i];
  return s / count;
}

describe('high-contrast elasticity (CG + Willot) on the GPU', () => {
  const gpu = useGpu();

  // [contrast, interior mean, pointwise over r < 0.8 a, ring-averaged hoop, iterations to 1e-5].
  // 256^2, a = 32: the targets; the float64 twin gives 1.12 %, 4.73 %, 0.10 %, 14 (10:1) and
  // 2.04 %, 8.82 %, 0.03 %, 29 (100:1) (scripts/elastic-contrast.ts 256 32).
  // 128^2, a = 16: the twin gives 1.85 %, 11.5 %, 1.15 %, 14 and 3.61 %, 23.4 %, 0.91 %, 27: the error
  // left is the pixel staircase of the disc (it halves from a = 16 to a = 32), not the solver, so the
  // small grid's bounds are the twin's values plus ~10 % of them for float32.
  const cases = large
    ? { n: 256, a: 32, rows: [[10, 0.025, 0.07, 0.015, 20], [100, 0.035, 0.14, 0.017, 40]] }
    : { n: 128, a: 16, rows: [[10, 0.025, 0.13, 0.015, 20], [100, 0.04, 0.26, 0.017, 40]] };
  for (const [contrast, interior, pointwise, hoop, iterations] of cases.rows) {
    it(`sharp disc ${contrast}:1, a = ${cases.a} in ${cases.n}^2, matches the composite cylinder`, async () => {
      const { n, a } = cases;
      const spec = discScene({ n, radius: a, interfaceCells: 0, particle: iso(contrast), matrix: iso(1), eigenstrain: eps });
      const r = await relax(gpu(), spec, 42);
      const m = discMeasurements(r.stress, [n, n], a, reference(contrast, n, a));
      console.log(
        `${contrast}:1 ${n}^2: interior ${(100 * m.interiorError).toFixed(2)} %, pointwise ${(100 * m.pointwiseError).toFixed(2)} %, ring hoop ${(100 * m.hoopError).toFixed(2)} %, peak hoop ${m.peakHoopRatio.toFixed(3)}x, ${r.iterations} iterations to ${r.residual.toExponential(2)}, ${r.seconds.toFixed(1)} s`,
      );
      expect(r.residual).toBeLessThanOrEqual(1e-5);
      expect(r.iterations).toBeLessThanOrEqual(iterations);
      expect(Math.abs(m.interiorError)).toBeLessThan(interior);
      expect(m.pointwiseError).toBeLessThan(pointwise);
      expect(Math.abs(m.hoopError)).toBeLessThan(hoop);
    }, 300_000);
  }

  it('contrast sweep 0.01 .. 1000 (64^2, a = 8): at most 45 iterations to 1e-5 each', async () => {
    const counts: string[] = [];
    for (const contrast of [0.01, 0.1, 10, 100, 1000]) {
      const spec = discScene({ n: 64, radius: 8, interfaceCells: 0, particle: iso(contrast), matrix: iso(1), eigenstrain: eps });
      const r = await relax(gpu(), spec, 46);
      counts.push(`${contrast}: ${r.iterations} (${r.residual.toExponential(1)})`);
      expect(r.residual).toBeLessThanOrEqual(1e-5);
      expect(r.iterations).toBeLessThanOrEqual(45);
    }
    console.log(`contrast sweep iterations: ${counts.join(', ')}`);
  }, 300_000);

  it('a pore (zero stiffness) under 1 % biaxial mean strain: no NaN, at most 40 iterations, hoop stress of the annulus', async () => {
    const n = 128;
    const a = 16;
    const E = 0.01;
    const spec = discScene({ n, radius: a, interfaceCells: 0, particle: { kind: 'void' }, matrix: iso(1), eigenstrain: 0, boundary: { kind: 'clamped', strain: [E, E, 0, 0, 0, 0] } });
    const r = await relax(gpu(), spec, 41);
    expect(r.stress.every(Number.isFinite)).toBe(true);
    expect(r.strain.every(Number.isFinite)).toBe(true);
    expect(r.residual).toBeLessThanOrEqual(1e-5);
    expect(r.iterations).toBeLessThanOrEqual(40);
    // annulus a < r < b = L / sqrt(pi) with u(b) = E b and a free hole: u = A r + B / r,
    // sigma_rr(a) = 0 -> B = k A a^2 / G; A (1 + k f / G) = E; sigma_thth(r) = 2 k A + 2 G B / r^2
    const G = 1 / (2 * (1 + nu));
    const k = 1 / (2 * (1 + nu) * (1 - 2 * nu));
    const f = (Math.PI * a * a) / (n * n);
    const A = E / (1 + (k * f) / G);
    const B = (k * A * a * a) / G;
    const field = { fraction: f, interiorStress: 0, radialStress: (rr: number) => 2 * k * A - (2 * G * B) / rr ** 2, hoopStress: (rr: number) => 2 * k * A + (2 * G * B) / rr ** 2 };
    const m = discMeasurements(r.stress, [n, n], a, field);
    const inside = Math.abs(r.stress[n / 2 + n * (n / 2)]);
    console.log(`pore: ${r.iterations} iterations to ${r.residual.toExponential(2)}, ring hoop ${(100 * m.hoopError).toFixed(2)} %, centre stress ${inside.toExponential(1)}`);
    expect(inside).toBe(0);
    expect(Math.abs(m.hoopError)).toBeLessThan(0.03);
  }, 300_000);

  it('diffuse interface (tanh, 1 cell), 10:1, eigenstress interpolation: interior within +8 % of the sharp value, peak hoop tension <= 1.1 x sigma_theta(a+)', async () => {
    const n = 128;
    const a = 16;
    const ref = reference(10, n, a);
    const sharp = discMeasurements((await relax(gpu(), discScene({ n, radius: a, interfaceCells: 0, particle: iso(10), matrix: iso(1), eigenstrain: eps }), 25)).stress, [n, n], a, ref);
    const result: Record<string, { interior: number; peak: number; ring: number }> = {};
    for (const iface of ['eigenstress', 'laminate', 'eigenstrain'] as const) {
      const r = await relax(gpu(), discScene({ n, radius: a, interfaceCells: 1, particle: iso(10), matrix: iso(1), eigenstrain: eps, interface: iface }), 25);
      const m = discMeasurements(r.stress, [n, n], a, ref);
      result[iface] = { interior: m.interiorMean / sharp.interiorMean - 1, peak: m.peakHoop / ref.hoopStress(a), ring: m.hoopError };
    }
    console.log(`diffuse 10:1 (128^2, a = 16): ${JSON.stringify(result)}`);
    expect(result.eigenstress.interior).toBeGreaterThan(-0.08);
    expect(result.eigenstress.interior).toBeLessThan(0.08);
    expect(result.eigenstress.peak).toBeLessThan(1.1);
    // the laminate (rank-one) cell: interior within 4 % of the sharp value (twin: -2.5 %), the ring-averaged
    // hoop stress within 1 % of the analytic one (twin: +0.05 %; eigenstress +6.8 %)
    expect(Math.abs(result.laminate.interior)).toBeLessThan(0.04);
    expect(result.laminate.peak).toBeLessThan(1.1);
    expect(Math.abs(result.laminate.ring)).toBeLessThan(0.01);
    // the Khachaturyan interpolation builds the stiff shell with a reduced eigenstrain (the issue: 3x)
    expect(result.eigenstrain.peak).toBeGreaterThan(2);
  }, 300_000);

  it('effective modulus: a square array at a / L = 1/4 has the composite-cylinder plane-strain bulk modulus within 0.3 %', async () => {
    const n = 64;
    const a = 16;
    const E = 0.01;
    const spec = discScene({ n, radius: a, interfaceCells: 0, particle: iso(10), matrix: iso(1), eigenstrain: 0, boundary: { kind: 'clamped', strain: [E, E, 0, 0, 0, 0] } });
    const r = await relax(gpu(), spec, 25);
    const cells = n * n;
    const k = (mean(r.stress, 0, cells) + mean(r.stress, cells, cells)) / (4 * E);
    const psi = particleIndicator(spec)!;
    const f = mean(psi, 0, cells); // the pixel disc's own fraction (pi/16 = 0.196 vs 0.194)
    const hashin = compositeCylinderBulkModulus({ youngsModulus: 10, poissonRatio: nu }, { youngsModulus: 1, poissonRatio: nu }, f);
    console.log(`effective plane-strain bulk modulus ${k.toFixed(5)} vs ${hashin.toFixed(5)} (${(100 * (k / hashin - 1)).toFixed(3)} %), ${r.iterations} iterations`);
    expect(Math.abs(k / hashin - 1)).toBeLessThan(0.003);
  }, 300_000);

  it('homogeneous moduli, any inclusion: one basic iteration is exact (in-plane stress trace to 1e-5)', async () => {
    const n = 64;
    const E = 1;
    const spec = discScene({ n, radius: 11, interfaceCells: 0, particle: iso(E), matrix: iso(E), eigenstrain: eps });
    // an ellipse instead of the disc: the identity holds for any shape
    (spec.scene as { geometry: unknown }).geometry = { kind: 'ellipsoid', semiAxes: [15, 7], interfaceCells: 0, psiMin: 1e-3 };
    const r = await relax(gpu(), spec, 1);
    const psi = particleIndicator(spec)!;
    const cells = n * n;
    const f = mean(psi, 0, cells);
    const expected = (-E * eps * (1 - f)) / (1 - nu) - (2 * E * eps * f) / (1 - 2 * nu);
    let worst = 0;
    let inside = 0;
    for (let i = 0; i < cells; i++) {
      if (psi[i] < 1) continue;
      inside++;
      worst = Math.max(worst, Math.abs((r.stress[i] + r.stress[cells + i]) / expected - 1));
    }
    console.log(`homogeneous one-shot: ${inside} inclusion cells, worst trace deviation ${worst.toExponential(2)}, iterations ${r.iterations}`);
    expect(inside).toBeGreaterThan(300);
    expect(worst).toBeLessThan(1e-5);
  }, 300_000);

  it('3D: a sharp sphere 10:1 (a = 8 in 32^3) against the composite sphere', async () => {
    const n = 32;
    const a = 8;
    const spec = discScene({ n, radius: a, interfaceCells: 0, particle: iso(10), matrix: iso(1), eigenstrain: eps, dims: 3 });
    const r = await relax(gpu(), spec, 30);
    const ref = compositeSphere({ inclusion: { youngsModulus: 10, poissonRatio: nu }, matrix: { youngsModulus: 1, poissonRatio: nu }, eigenstrain: eps, radius: a, outerRadius: n / Math.cbrt((4 * Math.PI) / 3) });
    let sum = 0;
    let count = 0;
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++)
          if (Math.hypot(i - n / 2, j - n / 2, k - n / 2) < a / 2) {
            sum += r.stress[i + n * (j + n * k)];
            count++;
          }
    const error = sum / count / ref.interiorStress - 1;
    console.log(`composite sphere 32^3: interior ${(100 * error).toFixed(2)} %, ${r.iterations} iterations to ${r.residual.toExponential(2)}`);
    // the float64 twin gives +6.9 % at a = 8 and +4.0 % at a = 12 in 48^3: the staircase of a pixel sphere
    expect(Math.abs(error)).toBeLessThan(0.08);
    expect(r.residual).toBeLessThanOrEqual(1e-5);
    expect(r.iterations).toBeLessThanOrEqual(30);
  }, 300_000);
});
