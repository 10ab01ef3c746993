/**
 * FieldPoisson (src/solver/fieldPoisson.ts) on the real adapter: Newton + CG preconditioned by the
 * constant-coefficient spectral inverse, against its float64 twin (src/solver/fieldPoissonReference.ts),
 * a manufactured solution with a variable permittivity and held potentials on two axes (second order),
 * and the one-mobile-ion space-charge layer against `spinode spacecharge`'s solver (src/physics/spaceCharge.ts).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { createStorageBuffer, readFloat32, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { FieldPoisson, FieldPoissonState, type FieldPoissonOptions } from '../../../src/solver/fieldPoisson.ts';
import { solveFieldPoisson, type FieldPoissonBox, type HeldFaces } from '../../../src/solver/fieldPoissonReference.ts';
import { relativeL2Error } from '../../../src/fft/reference.ts';
import { spaceChargeLayer } from '../../../src/solver/spaceChargeField.ts';

type Gpu = ReturnType<ReturnType<typeof useGpu>>;

async function solve(gpu: Gpu, box: FieldPoissonBox, source: ArrayLike<number>, options: FieldPoissonOptions, cache: PipelineCache): Promise<{ phi: Float32Array; state: { residual: number; newton: number } }> {
  return withErrorScope(gpu.device, async () => {
    const solver = new FieldPoisson(gpu, box, options, cache);
    const rho = uploadStorageBuffer(gpu, 'rho', Float32Array.from(source));
    const potential = createStorageBuffer(gpu, 'phi', source.length * 4);
    const encoder = gpu.device.createCommandEncoder();
    solver.encodeSolve(encoder, rho, potential);
    gpu.device.queue.submit([encoder.finish()]);
    const phi = await readFloat32(gpu.device, potential, source.length);
    const raw = await readFloat32(gpu.device, solver.state, FieldPoissonState.byteSize / 4);
    const newton = new Uint32Array(raw.buffer)[6];
    solver.dispose();
    rho.destroy();
    potential.destroy();
    return { phi, state: { residual: raw[5], newton } };
  });
}

const grid = (shape: number[], f: (c: number[]) => number) => {
  const cells = shape.reduce((p, n) => p * n, 1);
  return Float64Array.from({ length: cells }, (_, i) => f(shape.map((n, a) => Math.floor(i / shape.slice(0, a).reduce((p, m) => p * m, 1)) % n)));
};

describe('field Poisson solver (variable permittivity, Poisson-Boltzmann)', () => {
  const gpu = useGpu();

  it('manufactured solution, eps varying by 3x, held potentials on both axes: second order, as the float64 twin', async () => {
    // phi = sin(2 x + 0.5) cos(1.5 y) e^(x/2) on [0,1] x [0,1.5], eps = 2 + sin(3 x) cos(2 y);
    // rho = -div(eps grad phi) analytically; faces hold the exact phi (x and y both `fixed`).
    const exact = (x: number, y: number) => Math.sin(2 * x + 0.5) * Math.cos(1.5 * y) * Math.exp(x / 2);
    const eps = (x: number, y: number) => 2 + Math.sin(3 * x) * Math.cos(2 * y);
    const rho = (x: number, y: number) => {
      const d = 1e-4;
      // div(eps grad phi) by nested central differences of the exact functions (error ~1e-8, far below h^2)
      const flux = (fx: number, fy: number, a: 0 | 1) => eps(fx, fy) * (a === 0 ? (exact(fx + d, fy) - exact(fx - d, fy)) / (2 * d) : (exact(fx, fy + d) - exact(fx, fy - d)) / (2 * d));
      return -((flux(x + d, y, 0) - flux(x - d, y, 0)) / (2 * d) + (flux(x, y + d, 1) - flux(x, y - d, 1)) / (2 * d));
    };
    const [Lx, Ly] = [1, 1.5];
    const errors: number[] = [];
    const cache = new PipelineCache(gpu().device);
    for (const n of [16, 32, 64]) {
      const shape = [n, n];
      const h = [Lx / n, Ly / n];
      const x = (i: number) => (i + 0.5) * h[0];
      const y = (j: number) => (j + 0.5) * h[1];
      const box: FieldPoissonBox = { shape, lengths: [Lx, Ly], boundary: ['fixed', 'fixed'] };
      const faces: HeldFaces = [
        [Float64Array.from({ length: n }, (_, j) => exact(0, y(j))), Float64Array.from({ length: n }, (_, j) => exact(Lx, y(j)))],
        [Float64Array.from({ length: n }, (_, i) => exact(x(i), 0)), Float64Array.from({ length: n }, (_, i) => exact(x(i), Ly))],
      ];
      const permittivity = grid(shape, ([i, j]) => eps(x(i), y(j)));
      const source = grid(shape, ([i, j]) => rho(x(i), y(j)));
      const truth = grid(shape, ([i, j]) => exact(x(i), y(j)));
      const { phi } = await solve(gpu(), box, source, { permittivity, faces, cgIterations: 40, cgTolerance: 1e-6 }, cache);
      const twin = solveFieldPoisson({ box, permittivity, fixedCharge: source, faces });
      const peak = Math.max(...truth.map(Math.abs));
      const error = Math.max(...Array.from(phi, (v, i) => Math.abs(v - truth[i]))) / peak;
      const error64 = Math.max(...Array.from(twin, (v, i) => Math.abs(v - truth[i]))) / peak;
      // the GPU solves the same discrete equations: it differs from the twin by float32 rounding
      expect(relativeL2Error(Float64Array.from(phi), twin)).toBeLessThan(2e-5);
      expect(Math.abs(error - error64)).toBeLessThan(2e-5);
      errors.push(error64);
    }
    const orders = errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
    for (const p of orders) expect(p).toBeGreaterThan(1.9);
    expect(orders.length).toBe(2);
  });

  it('3D insulating / held / periodic with a mobile ion and variable permittivity: the float64 twin', async () => {
    const shape = [12, 10, 8];
    const box: FieldPoissonBox = { shape, lengths: [3, 2.5, 2], boundary: ['noFlux', 'fixed', 'periodic'] };
    const permittivity = grid(shape, ([i, j, k]) => 1 + 0.6 * Math.sin(i) * Math.cos(0.7 * j + k));
    const source = grid(shape, ([i, j, k]) => -1 + 0.3 * Math.cos(0.5 * i + 0.3 * j * k));
    const faces: HeldFaces = [undefined, [grid([12, 8], ([i, k]) => 1.5 + 0.2 * Math.sin(i + k)), new Float64Array(96).fill(-0.5)], undefined];
    const mobileIon = { charge: 1, thermalVoltage: 0.5 };
    const { phi, state } = await solve(gpu(), box, source, { permittivity, faces, mobileIon, newtonIterations: 10, cgIterations: 40, cgTolerance: 1e-5 }, new PipelineCache(gpu().device));
    const twin = solveFieldPoisson({ box, permittivity, fixedCharge: source, faces, mobileIon });
    expect(relativeL2Error(Float64Array.from(phi), twin)).toBeLessThan(1e-5);
    expect(state.residual).toBeLessThan(1e-4);
  });

  it('space-charge layer (one mobile ion, LLZO at 1e24 m^-3): surface field, layer charge, decay length and profile as spinode spacecharge to 1e-4', async () => {
    const layer = spaceChargeLayer({ carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: 298.15, surfacePotential: 0.1, depth: 16, cellsPerDebyeLength: 24, transverseCells: 8 });
    const { phi, state } = await solve(gpu(), layer.box, layer.fixedCharge, layer.options, new PipelineCache(gpu().device));
    const m = layer.measure(Float64Array.from(phi));
    // float64 twin at 24 cells per Debye length: -2.5e-5, -2.6e-5, 6.3e-5 (docs/boundaries.md); f32 adds ~1e-6
    expect(state.residual).toBeLessThan(1e-5);
    expect(Math.abs(m.surfaceField / layer.reference.surfaceField - 1)).toBeLessThan(1e-4);
    expect(Math.abs(m.layerCharge / -layer.reference.surfaceCharge - 1)).toBeLessThan(1e-4);
    expect(Math.abs(m.decayLength / m.referenceDecayLength - 1)).toBeLessThan(1e-4);
    expect(m.profileError).toBeLessThan(1e-4);
  });
});
