/**
 * Helpers of the inhomogeneous-elasticity GPU tests: a particle (scene geometry) in a matrix with a
 * dilatational eigenstrain, relaxed by the stepper's iterative solver for the initial composition
 * (no time step), its stress fields and solver state read back; and the float64 twin of the same problem.
 */
import { resolveScene, type Spec } from '../../../src/scene/resolve.ts';
import { CahnHilliardStepper } from '../../../src/solver/cahnHilliard.ts';
import { readFloat32 } from '../../../src/gpu/buffers.ts';
import { ElasticState } from '../../../src/solver/elasticLayouts.ts';
import { STRESS_COMPONENTS } from '../../../src/solver/elasticity.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { solveLippmannSchwinger, type LippmannSchwingerSolution } from '../../../src/physics/lippmannSchwinger.ts';
import { meanStrainControl } from '../../../src/physics/meanStrain.ts';
import { laminateStress } from '../../../src/physics/laminate.ts';
import { interfaceNormals } from '../../../src/solver/interfaceNormal.ts';
import type { GpuContext } from '../../../src/gpu/device.ts';
import { testScene } from './scenes.ts';

export const iso = (E: number, nu = 0.3) => ({ kind: 'isotropic', youngsModulus: E, poissonRatio: nu });

export interface DiscCase {
  n: number;
  /** disc radius, cells */
  radius: number;
  /** 0: sharp pixel disc */
  interfaceCells: number;
  particle: unknown;
  matrix: unknown;
  eigenstrain: number;
  boundary?: unknown;
  solver?: Record<string, unknown>;
  interface?: 'eigenstress' | 'laminate' | 'eigenstrain';
  dims?: 2 | 3;
}

export function discScene(c: DiscCase): Spec {
  const dims = c.dims ?? 2;
  const cells = Array(dims).fill(c.n);
  const s = testScene({ cells, size: cells, initial: { kind: 'uniform', value: 1 } }) as Record<string, unknown> & { model: Record<string, unknown> };
  const e = c.eigenstrain;
  s.model.elasticity = {
    stiffness: c.particle,
    matrix: { stiffness: c.matrix, ...(c.interface ? { interface: c.interface } : {}) },
    eigenstrain: [e, e, e, 0, 0, 0],
    boundary: c.boundary ?? { kind: 'clamped' },
    solver: { tolerance: 1e-5, maxIterations: 200, ...c.solver },
  };
  s.geometry = { kind: 'sphere', radius: c.radius, interfaceCells: c.interfaceCells };
  // the first-order integrator: relax() counts the solver's own iterations, and ETDRK4's priming call at
  // initialize would already solve (and warm-start) the elastic problem
  s.time = { tEnd: 1, integrator: 'semiImplicitEuler', control: { kind: 'fixed', dt: 1e-6 } };
  return resolveScene(s);
}

export interface Relaxed {
  /** 6 stress blocks (xx, yy, zz, yz, xz, xy), scene units */
  stress: Float32Array;
  /** total strain, 6 blocks */
  strain: Float32Array;
  residual: number;
  iterations: number;
  /** seconds of GPU work for the solve (submit to done) */
  seconds: number;
}

/** Relax the initial composition with `iterations` recorded iterations (one solve) and read back. */
export async function relax(gpu: GpuContext, spec: Spec, iterations: number): Promise<Relaxed> {
  const stepper = new CahnHilliardStepper(gpu, spec);
  try {
    const cells = stepper.cellCount;
    const c = new Float64Array(cells).fill(1);
    stepper.initialize(c, 1e-6);
    const solver = stepper.elasticity!.fixedPoint!;
    const device = gpu.device;
    await device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    let encoder = device.createCommandEncoder();
    solver.encodeIterations(encoder, iterations);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const seconds = (performance.now() - t0) / 1000;
    encoder = device.createCommandEncoder();
    const b = stepper.buffers;
    stepper.elasticity!.encodeStress(encoder, b.concentration, b.spectrum, b.control);
    device.queue.submit([encoder.finish()]);
    const strain = await readFloat32(device, solver.buffers.strain, 6 * cells);
    const state = new DataView((await readFloat32(device, solver.buffers.state, ElasticState.byteSize / 4)).buffer);
    const location = stepper.elasticity!.fieldLocation(STRESS_COMPONENTS[0]);
    const stress = await readFloat32(device, location.buffer, 6 * cells);
    return {
      stress,
      strain,
      residual: state.getFloat32(ElasticState.offsetOf('residual'), true),
      iterations: state.getUint32(ElasticState.offsetOf('iterations'), true),
      seconds,
    };
  } finally {
    stepper.dispose();
  }
}

/** The same problem in float64 (src/physics/lippmannSchwinger.ts), in the scene's stress unit. */
export function twin(spec: Spec, options: { green: 'willot' | 'continuous'; scheme: 'cg' | 'basic'; tolerance: number; maxIterations?: number }): LippmannSchwingerSolution {
  const el = spec.elasticity!;
  const shape = spec.shape.slice(0, spec.dims);
  const cells = shape.reduce((a, b) => a * b, 1);
  const psi = particleIndicator(spec)!;
  const Cp = el.stiffness;
  const Cm = el.matrixStiffness!;
  const e = el.eigenstrain;
  const stiffness = new Float64Array(36 * cells);
  const eigenstress = new Float64Array(6 * cells);
  const h = 1 - el.referenceConcentration;
  if (el.matrixInterface === 'laminate') {
    // the laminate cell is linear: its stiffness column by column, its eigenstress at zero strain
    const normals = interfaceNormals(psi, shape, spec.spacing.slice(0, spec.dims));
    const star = e.map((v) => v * h);
    for (let i = 0; i < cells; i++) {
      const n = [normals[3 * i], normals[3 * i + 1], normals[3 * i + 2]];
      for (let q = 0; q < 6; q++) {
        const unit = [0, 0, 0, 0, 0, 0];
        unit[q] = q >= 3 ? 0.5 : 1;
        laminateStress(Cp, Cm, psi[i], n, unit, [0, 0, 0, 0, 0, 0]).forEach((v, p) => (stiffness[36 * i + p * 6 + q] = v));
      }
      laminateStress(Cp, Cm, psi[i], n, [0, 0, 0, 0, 0, 0], star).forEach((v, p) => (eigenstress[p * cells + i] = -v));
    }
  }
  for (let i = 0; i < cells && el.matrixInterface !== 'laminate'; i++) {
    const C = Float64Array.from(Cp, (v, k) => psi[i] * v + (1 - psi[i]) * Cm[k]);
    stiffness.set(C, 36 * i);
    // tau* = psi C_p eps00 h (eigenstress) or C(x) psi eps00 h (eigenstrain); Voigt: shears count twice
    const M = el.matrixInterface === 'eigenstress' ? Cp : C;
    const scale = psi[i];
    for (let p = 0; p < 6; p++) {
      let s = 0;
      for (let q = 0; q < 6; q++) s += M[p * 6 + q] * (q >= 3 ? 2 : 1) * e[q];
      eigenstress[p * cells + i] = scale * h * s;
    }
  }
  const control = meanStrainControl(el.internal.reference, el.boundary, el.planeStrain2D);
  return solveLippmannSchwinger({
    shape,
    spacing: spec.spacing.slice(0, spec.dims),
    stiffness,
    eigenstress,
    mean: { prescribed: control.prescribed, strain: control.strain, stress: control.stress },
    green: options.green,
    scheme: options.scheme,
    reference: Float64Array.from(el.internal.reference, (v) => v * spec.scales.energyDensity) as never,
    tolerance: options.tolerance,
    maxIterations: options.maxIterations ?? 500,
  });
}
