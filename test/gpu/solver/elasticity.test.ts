/**
 * Homogeneous-modulus elasticity on the GPU against float64 references: the Khachaturyan modulus
 * table, Eshelby's inclusions (disc in plane strain, sphere), the coherent spinodal growth rate, and
 * the energy decay of the coupled Cahn-Hilliard + elasticity system.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene, type Spec } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { CahnHilliardStepper } from '../../../src/solver/cahnHilliard.ts';
import { readFloat32 } from '../../../src/gpu/buffers.ts';
import { khachaturyanB } from '../../../src/physics/elasticity.ts';
import { eshelbyDiscPlaneStrain, eshelbySphere } from '../../../src/physics/eshelby.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';
import { fftNd, realToComplex } from '../../../src/fft/reference.ts';
import { testScene } from './scenes.ts';

/** An LiFePO4-like orthorhombic stiffness in units of the free energy's scale (rho = 1). */
const ORTHORHOMBIC = { kind: 'orthorhombic', c11: 1380, c22: 1700, c33: 1550, c12: 720, c13: 520, c23: 450, c44: 390, c55: 500, c66: 480 };
const LFP_MISFIT = [0.05, 0.028, -0.025, 0, 0, 0];

function elasticScene(overrides: Parameters<typeof testScene>[0], elasticity: Record<string, unknown>, output?: Record<string, unknown>) {
  const scene = testScene(overrides) as { model: Record<string, unknown>; output?: unknown };
  scene.model.elasticity = elasticity;
  if (output) scene.output = output;
  return scene;
}

describe('homogeneous-modulus elasticity on the GPU', () => {
  const gpu = useGpu();

  it('tabulates B(n) of a rotated orthorhombic crystal as the float64 formula does (3D, every mode)', async () => {
    const q = [Math.sin(0.3) * 0.6, Math.sin(0.3) * 0.8, 0, Math.cos(0.3)]; // 0.6 rad about (0.6, 0.8, 0)
    const spec = resolveScene(
      elasticScene({ cells: [16, 12, 10], size: [16, 12, 10], freeEnergy: { kind: 'doubleWell', rho: 1, ca: 0.3, cb: 0.7 } }, { stiffness: ORTHORHOMBIC, eigenstrain: LFP_MISFIT, orientation: q }),
    );
    const stepper = new CahnHilliardStepper(gpu(), spec);
    const table = await readFloat32(gpu().device, stepper.elasticity!.modulus, stepper.spectrumCount);
    stepper.dispose();
    const [nx, ny, nz] = spec.shape;
    const hx = nx / 2 + 1;
    const signed = (i: number, n: number) => (i > n / 2 ? i - n : i);
    let worst = 0;
    let spread = [Infinity, -Infinity];
    for (let i = 0; i < hx * ny * nz; i++) {
      const k = [(i % hx) / nx, signed(Math.floor(i / hx) % ny, ny) / ny, signed(Math.floor(i / (hx * ny)), nz) / nz];
      const norm = Math.hypot(...k);
      if (norm === 0) {
        expect(table[i]).toBe(0);
        continue;
      }
      const b = khachaturyanB(spec.elasticity!.internal.stiffness, spec.elasticity!.eigenstrain, k.map((v) => v / norm));
      worst = Math.max(worst, Math.abs(table[i] - b) / Math.abs(b));
      spread = [Math.min(spread[0], b), Math.max(spread[1], b)];
    }
    // f32 evaluation of a 3x3 solve with entries ~1e3: a few ulp of the largest term
    expect(worst).toBeLessThan(2e-5);
    expect(spread[1] / spread[0]).toBeGreaterThan(1.5); // strongly anisotropic: a wrong rotation would show
  });

  // Eshelby inclusion, isotropic, dilatational eigenstrain. On a periodic grid with a stress-free mean,
  // the stress inside equals the infinite-body value times (1 - f): the Fourier solution of the
  // homogeneous problem is linear in h(x) - mean(h), so only the inclusion's own mean is subtracted.
  const E = 100;
  const nu = 0.3;
  const eps = 0.01;
  const isotropic = { stiffness: { kind: 'isotropic', youngsModulus: E, poissonRatio: nu }, eigenstrain: [eps, eps, eps, 0, 0, 0] };

  async function inclusionStress(spec: Spec) {
    const sim = await Simulation.create(gpu(), spec);
    const fields: Record<string, Float32Array> = {};
    for (const name of ['sigma_xx', 'sigma_yy', 'sigma_zz', 'sigma_xy', 'sigma_vm', 'sigma_1', 'c'] as const) fields[name] = await sim.readField(name);
    sim.dispose();
    return fields;
  }

  it('Eshelby disc in plane strain: centre stress = infinite body x (1 - f); exterior radial and hoop stress at r = 2a', async () => {
    // f ~ 0.3 %: the periodic images shift the exterior stress by ~ f x interior, 1 % of sigma_rr(2a)
    const n = 256;
    const a = 8;
    const spec = resolveScene(
      elasticScene({ cells: [n, n], size: [n, n], initial: { kind: 'precipitate', shape: { kind: 'sphere', radius: a, interfaceCells: 2 } } }, { ...isotropic, plane: 'strain' }),
    );
    const s = await inclusionStress(spec);
    const c = s.c;
    let f = 0;
    for (const v of c) f += v;
    f /= c.length;
    const centre = n / 2 + n * (n / 2);
    const infinite = eshelbyDiscPlaneStrain({ youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: a });
    const rel = (x: number, y: number) => Math.abs(x / y - 1);
    expect(rel(s.sigma_xx[centre], infinite.interiorStress.xx * (1 - f))).toBeLessThan(1e-4);
    expect(rel(s.sigma_yy[centre], infinite.interiorStress.yy * (1 - f))).toBeLessThan(1e-4);
    // sigma_zz = nu (sigma_xx + sigma_yy) - E eps* h (plane strain, h = 1 at the centre)
    expect(rel(s.sigma_zz[centre], nu * (s.sigma_xx[centre] + s.sigma_yy[centre]) - E * eps)).toBeLessThan(1e-4);
    // Exterior: the field outside depends on the inclusion's area only: equivalent radius of the smooth h.
    const aEff = Math.sqrt((f * n * n) / Math.PI);
    const exterior = eshelbyDiscPlaneStrain({ youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: aEff });
    for (const [dx, dy] of [[2 * a, 0], [0, 2 * a], [-2 * a, 0]]) {
      const i = n / 2 + dx + n * (n / 2 + dy);
      const radial = dx !== 0 ? s.sigma_xx[i] : s.sigma_yy[i];
      const hoop = dx !== 0 ? s.sigma_yy[i] : s.sigma_xx[i];
      expect(rel(radial, exterior.radialStress(2 * a))).toBeLessThan(0.03);
      expect(rel(hoop, exterior.hoopStress(2 * a))).toBeLessThan(0.03);
      expect(Math.abs(s.sigma_xy[i] / hoop)).toBeLessThan(1e-3);
    }
    // invariants: von Mises and sigma_1 at the centre from the components there
    const sx = s.sigma_xx[centre];
    const sz = s.sigma_zz[centre];
    expect(rel(s.sigma_vm[centre], Math.abs(sx - sz))).toBeLessThan(1e-4);
    expect(rel(s.sigma_1[centre], Math.max(sx, sz))).toBeLessThan(1e-4);
  }, 400_000);

  it('Eshelby sphere: centre stress = infinite body x (1 - f); exterior radial and hoop stress at r = 2a', async () => {
    // f ~ 0.1 %: sigma_rr(2a) is 1/8 of the interior value, so the images' shift needs a small f
    const n = 80;
    const a = 5;
    const spec = resolveScene(
      elasticScene({ cells: [n, n, n], size: [n, n, n], initial: { kind: 'precipitate', shape: { kind: 'sphere', radius: a, interfaceCells: 2 } } }, isotropic),
    );
    const s = await inclusionStress(spec);
    let f = 0;
    for (const v of s.c) f += v;
    f /= s.c.length;
    const at = (x: number, y: number, z: number) => n / 2 + x + n * (n / 2 + y + n * (n / 2 + z));
    const infinite = eshelbySphere({ youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: a });
    const rel = (x: number, y: number) => Math.abs(x / y - 1);
    for (const name of ['sigma_xx', 'sigma_yy', 'sigma_zz'] as const) expect(rel(s[name][at(0, 0, 0)], infinite.interiorStress * (1 - f))).toBeLessThan(1e-4);
    const aEff = Math.cbrt((3 * f * n ** 3) / (4 * Math.PI));
    const exterior = eshelbySphere({ youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: aEff });
    const i = at(2 * a, 0, 0);
    expect(rel(s.sigma_xx[i], exterior.radialStress(2 * a))).toBeLessThan(0.03);
    expect(rel(s.sigma_yy[i], exterior.hoopStress(2 * a))).toBeLessThan(0.03);
    expect(rel(s.sigma_zz[i], exterior.hoopStress(2 * a))).toBeLessThan(0.03);
  }, 400_000);

  // Coherent spinodal: a small cosine mode grows at s(k) = -M k^2 (f''(c0) + B(n) + kappa k^2). The
  // semi-implicit step multiplies it by [1 - dt M k^2 (f'' - A)] / [1 + dt M k^2 (A + kappa k^2 + B(n))];
  // a quadratic f keeps the equation linear, so the discrete factor holds at any amplitude.
  for (const modes of [[4, 0], [0, 4], [3, 3]]) {
    it(`reproduces the coherent growth rate of an anisotropic (LiFePO4-like) crystal along mode ${modes}`, async () => {
      const shape = [64, 64];
      const a2 = -6; // f'' = -12 (in units of rho = 1): unstable against B(n) ~ 1..4
      const dt = 0.002;
      const steps = 20;
      const spec = resolveScene(
        elasticScene(
          {
            cells: shape,
            freeEnergy: { kind: 'polynomial', coefficients: [a2 / 4, -a2, a2] },
            initial: { kind: 'cosine', mean: 0.5, amplitude: 0.01, modes },
            control: { kind: 'fixed', dt },
            stabilizer: 0.5,
            kappa: 0.5,
            mobility: { kind: 'constant', value: 1 },
          },
          { stiffness: ORTHORHOMBIC, eigenstrain: LFP_MISFIT },
        ),
      );
      const sim = await Simulation.create(gpu(), spec);
      await sim.run({ maxSteps: steps });
      const c = await sim.readConcentration();
      sim.dispose();
      const spectrum = fftNd(realToComplex(c), shape);
      const index = modes[0] + shape[0] * modes[1];
      const amplitude = (2 * Math.hypot(spectrum[2 * index], spectrum[2 * index + 1])) / c.length;
      const k = [(2 * Math.PI * modes[0]) / spec.internal.size[0], (2 * Math.PI * modes[1]) / spec.internal.size[1], 0];
      const k2 = k[0] ** 2 + k[1] ** 2;
      const kn = Math.sqrt(k2);
      const B = khachaturyanB(spec.elasticity!.internal.stiffness, spec.elasticity!.eigenstrain, k.map((v) => v / kn));
      const { kappa, stabilizer: A } = spec.internal;
      const fpp = freeEnergy(spec.internal.freeEnergy).d2f(0.5);
      const dtI = dt / spec.scales.time;
      const factor = (1 - dtI * k2 * (fpp - A)) / (1 + dtI * k2 * (A + kappa * k2 + B));
      const measured = (amplitude / 0.01) ** (1 / steps);
      expect(Math.abs(measured / factor - 1)).toBeLessThan(1e-4);
      // the continuous rate s(k) agrees to O(dt): (log factor)/dt -> s
      const s = -k2 * (fpp + B + kappa * k2);
      expect(Math.abs(Math.log(measured) / dtI / s - 1)).toBeLessThan(0.05);
      expect(Math.abs(B / fpp)).toBeGreaterThan(0.05); // elasticity visibly changes the rate
    }, 400_000);
  }

  it('the coupled Cahn-Hilliard + elasticity free energy never increases; stress observables arrive every stressEvery steps', async () => {
    const spec = resolveScene(
      elasticScene(
        { cells: [64, 64], freeEnergy: { kind: 'doubleWell', rho: 1, ca: 0.2, cb: 0.8 }, kappa: 0.5, mobility: { kind: 'constant', value: 1 }, tEnd: 400 },
        { stiffness: ORTHORHOMBIC, eigenstrain: LFP_MISFIT.map((e) => e / 4) },
        { timeseriesEvery: 1, fieldFrames: 0, stressEvery: 8 },
      ),
    );
    const sim = await Simulation.create(gpu(), spec);
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ maxSteps: 300 });
    sim.dispose();
    expect(records.length).toBeGreaterThan(30);
    for (let i = 1; i < records.length; i++) expect(records[i].freeEnergy).toBeLessThanOrEqual(records[i - 1].freeEnergy * (1 + 1e-6) + 1e-6);
    const last = records[records.length - 1];
    expect(last.elasticEnergy).toBeGreaterThan(0);
    expect(last.elasticEnergy).toBeLessThan(last.freeEnergy);
    for (const r of records) {
      if (r.step % 8 === 0) {
        expect(r.sigmaVmMax).toBeGreaterThan(0);
        expect(r.sigma1Max).toBeGreaterThan(0);
      } else expect(r.sigmaVmMax).toBeNaN();
    }
  }, 400_000);
});
