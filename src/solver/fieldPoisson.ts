/**
 * Poisson's equation with a variable permittivity and, optionally, one mobile ion in Boltzmann
 * equilibrium (the Poisson-Boltzmann equation of a space-charge layer), on the GPU:
 *   div(eps(x) grad phi) = -rho(phi),   rho = chargeScale * source(x) + q exp(-phi / V)
 * source: a fixed charge field (e.g. the Cahn-Hilliard composition times its charge: the immobile
 * background); q = z e nInf the mobile ion's bulk charge density and V = kT / (z e) (docs/boundaries.md,
 * "Field Poisson solver"). Cell-centred conservative finite volumes (shaders/electrochem/eps_divergence.wgsl),
 * faces per axis periodic, insulating (noFlux) or held (fixed, values on each face, any number of axes).
 *
 * Solved by Newton's method, each Newton system J d = r (J = -div_h(eps grad_h .) + sigma,
 * sigma = -d rho / d phi >= 0, symmetric positive definite) by conjugate gradients preconditioned with
 * the exact spectral inverse of the constant-coefficient operator -eps_ref lap_h + s in the box's
 * real-to-real basis (shaders/electrochem/field_poisson_precondition.wgsl): with a uniform eps and no
 * mobile ion one CG iteration is exact; otherwise the iteration count follows the contrast of eps and
 * sigma against the reference. The idea of preconditioning a variable-coefficient Poisson or
 * Poisson-Boltzmann operator with a fast constant-coefficient solver is Concus & Golub's (SIAM J. Numer.
 * Anal. 10 (1973) 1103); Holst & Saied (J. Comput. Chem. 16 (1995) 337) for Newton on Poisson-Boltzmann.
 *
 * GPU-resident: every dot product is reduced on the GPU and alpha, beta and the stopping tests live in
 * FieldPoissonState (field_poisson_scalars.wgsl); a solve records a fixed number of Newton and CG
 * iterations and never waits for the CPU (iterations after convergence change nothing). phi is the
 * initial guess and the result (warm start). Without a held face and without a mobile ion phi is defined
 * up to a constant: the mean of rho is dropped and phi keeps the mean of its initial guess (0 by default).
 */
import epsDivergenceSource from '../../shaders/electrochem/eps_divergence.wgsl?raw';
import residualSource from '../../shaders/electrochem/field_poisson_residual.wgsl?raw';
import applySource from '../../shaders/electrochem/field_poisson_apply.wgsl?raw';
import dotSource from '../../shaders/electrochem/field_poisson_dot.wgsl?raw';
import preconditionSource from '../../shaders/electrochem/field_poisson_precondition.wgsl?raw';
import updateSource from '../../shaders/electrochem/field_poisson_update.wgsl?raw';
import directionSource from '../../shaders/electrochem/field_poisson_direction.wgsl?raw';
import scalarsSource from '../../shaders/electrochem/field_poisson_scalars.wgsl?raw';
import permittivitySource from '../../shaders/electrochem/field_poisson_permittivity.wgsl?raw';
import sensitivitySource from '../../shaders/electrochem/field_poisson_sensitivity.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { dispatchSize } from '../gpu/dispatch.ts';
import { bindBuffers, PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader, deviceLibrary } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { RealToRealFft } from '../fft/realToRealFft.ts';
import { axisTransforms, basisCodes } from './spectralBasis.ts';
import type { FieldPoissonBox, HeldFaces, MobileIon } from './fieldPoissonReference.ts';

export const FieldPoissonParams = uniformLayout('FieldPoissonParams', [
  ['shape', 'vec4u'],
  ['spectrumShape', 'vec4u'],
  ['inverseSize', 'vec4f'],
  ['basis', 'vec4u'],
  ['inverseSpacing2', 'vec4f'],
  ['inverseSpacing', 'vec4f'],
  ['spacing', 'vec4f'],
  /** start of each held face in faceValues: x low, x high, y low, y high */
  ['faceOffsets', 'vec4u'],
  /** z low, z high */
  ['faceOffsetsZ', 'vec4u'],
  ['cellCount', 'u32'],
  ['partialCount', 'u32'],
  ['chargeScale', 'f32'],
  ['mobileCharge', 'f32'],
  ['inverseThermalVoltage', 'f32'],
  ['referencePermittivity', 'f32'],
  ['shift', 'f32'],
  ['newtonTolerance', 'f32'],
  ['cgTolerance', 'f32'],
  /** eps(c) = atZero + (atOne - atZero) clamp(c, 0, 1) of a composition-dependent permittivity (unused otherwise) */
  ['permittivityAtZero', 'f32'],
  ['permittivityAtOne', 'f32'],
] as const);

export const FieldPoissonState = uniformLayout('FieldPoissonState', [
  ['rzRef', 'f32'],
  ['rz', 'f32'],
  ['rz0', 'f32'],
  ['alpha', 'f32'],
  ['beta', 'f32'],
  /** sqrt(r . P r) relative to the first Newton system of the solve */
  ['residual', 'f32'],
  /** Newton systems begun in this solve */
  ['newton', 'u32'],
  /** CG iterations of the current Newton system */
  ['cg', 'u32'],
  ['converged', 'u32'],
] as const);

const WORKGROUP_SIZE = 256;

export interface FieldPoissonOptions {
  /** uniform permittivity, or per cell (x fastest) */
  permittivity: number | ArrayLike<number>;
  /**
   * eps(c) = atZero + (atOne - atZero) clamp(c, 0, 1) from the solve's source c, set before every solve
   * (`permittivity` then only gives the initial values and, by default, the preconditioner's reference)
   */
  permittivityOfSource?: { atZero: number; atOne: number };
  /** rho_fixed = chargeScale * source (default 1) */
  chargeScale?: number;
  mobileIon?: MobileIon;
  /** held potentials on the faces of `fixed` axes (default 0) */
  faces?: HeldFaces;
  /** eps_ref of the preconditioner (default: uniform eps, or the geometric mean of min and max) */
  referencePermittivity?: number;
  /** s of the preconditioner (default: the mobile ion's bulk sigma q / V, else 0) */
  shift?: number;
  /** Newton systems recorded per solve (default 8 with a mobile ion, 1 without) */
  newtonIterations?: number;
  /** CG iterations recorded per Newton system (default 40) */
  cgIterations?: number;
  /** stop Newton when sqrt(r . P r) <= this times its value at the start of the solve (default 1e-5) */
  newtonTolerance?: number;
  /** stop CG when sqrt(r . P r) <= this times its value at the start of the Newton system (default 1e-4) */
  cgTolerance?: number;
}

type Pass = { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };

export class FieldPoisson {
  readonly fft: RealToRealFft;
  /** FieldPoissonState of the last solve (diagnostics: residual, newton, cg) */
  readonly state: GPUBuffer;
  readonly permittivity: GPUBuffer;
  readonly bytes: number;
  readonly newtonIterations: number;
  readonly cgIterations: number;
  private readonly buffers: { faces: GPUBuffer; residual: GPUBuffer; sigma: GPUBuffer; direction: GPUBuffer; applied: GPUBuffer; preconditioned: GPUBuffer; spectrum: GPUBuffer; partials: GPUBuffer; params: GPUBuffer };
  private readonly passes: Record<'apply' | 'dot' | 'precondition' | 'direction' | 'begin' | 'start' | 'alpha' | 'beta', Pass>;
  private readonly gpu: GpuContext;
  private readonly cells: number;
  private readonly residualPipeline: GPUComputePipeline;
  private readonly updatePipeline: GPUComputePipeline;
  private readonly cellDispatch: [number, number];
  private readonly boundGroups = new Map<string, { residual: GPUBindGroup; update: GPUBindGroup; permittivity?: GPUBindGroup }>();
  private readonly permittivityPipeline?: GPUComputePipeline;
  private readonly sensitivityPipeline?: GPUComputePipeline;
  private readonly sensitivityGroups = new Map<string, GPUBindGroup>();

  constructor(gpu: GpuContext, readonly box: FieldPoissonBox, options: FieldPoissonOptions, cache: PipelineCache = new PipelineCache(gpu.device)) {
    const label = 'FieldPoisson';
    this.gpu = gpu;
    const { shape, lengths, boundary } = box;
    const [nx, ny, nz = 1] = shape;
    const cells = nx * ny * nz;
    this.cells = cells;
    const eps = typeof options.permittivity === 'number' ? new Float32Array(cells).fill(options.permittivity) : Float32Array.from(options.permittivity);
    if (eps.length !== cells) throw new RangeError(`${label}: permittivity has ${eps.length} values for ${cells} cells`);
    if (eps.some((e) => !(e > 0))) throw new RangeError(`${label}: permittivity must be > 0 in every cell`);
    const ion = options.mobileIon;
    if (ion && !(ion.charge / ion.thermalVoltage > 0)) throw new RangeError(`${label}: the mobile ion's charge and thermal voltage must have the same sign (both follow z)`);
    let [lo, hi] = [Infinity, 0];
    for (const e of eps) [lo, hi] = [Math.min(lo, e), Math.max(hi, e)];
    const reference = options.referencePermittivity ?? Math.sqrt(lo * hi);
    const shift = options.shift ?? (ion ? ion.charge / ion.thermalVoltage : 0);
    this.newtonIterations = options.newtonIterations ?? (ion ? 8 : 1);
    this.cgIterations = options.cgIterations ?? 40;

    // held face values, face after face: offsets per (axis, side)
    const offsets = [0, 0, 0, 0, 0, 0];
    const values: number[] = [];
    boundary.forEach((kind, a) => {
      if (kind !== 'fixed') return;
      const faceCells = cells / shape[a];
      for (const side of [0, 1]) {
        offsets[2 * a + side] = values.length;
        const given = options.faces?.[a]?.[side];
        if (given && given.length !== faceCells) throw new RangeError(`${label}: face ${side ? 'high' : 'low'} of axis ${a} has ${given.length} values for ${faceCells} face cells`);
        for (let i = 0; i < faceCells; i++) values.push(given ? given[i] : 0);
      }
    });
    const device = gpu.device;
    const partialCount = (() => {
      const [x, y] = dispatchSize(Math.ceil(cells / WORKGROUP_SIZE), gpu.limits.maxComputeWorkgroupsPerDimension);
      return x * y;
    })();
    const b = (name: string, bytes: number) => createStorageBuffer(gpu, `${label}.${name}`, bytes);
    this.buffers = {
      faces: b('faces', Math.max(1, values.length) * 4),
      residual: b('residual', cells * 4),
      sigma: b('sigma', cells * 4),
      direction: b('direction', cells * 4),
      applied: b('applied', cells * 4),
      preconditioned: b('preconditioned', cells * 4),
      spectrum: b('spectrum', cells * 8),
      partials: b('partials', partialCount * 4),
      params: createUniformBuffer(device, `${label}.params`, FieldPoissonParams.byteSize),
    };
    this.permittivity = b('permittivity', cells * 4);
    this.state = b('state', FieldPoissonState.byteSize);
    device.queue.writeBuffer(this.permittivity, 0, eps);
    if (values.length) device.queue.writeBuffer(this.buffers.faces, 0, Float32Array.from(values));
    device.queue.writeBuffer(this.state, 0, new Uint8Array(FieldPoissonState.byteSize));
    const h = shape.map((n, a) => lengths[a] / n);
    const pad = (v: number[]) => [...v, 0, 0, 0, 0].slice(0, 4);
    device.queue.writeBuffer(
      this.buffers.params,
      0,
      FieldPoissonParams.pack({
        shape: [nx, ny, nz, 0],
        spectrumShape: [nx, ny, nz, 0],
        inverseSize: pad(lengths.map((l) => 1 / l)),
        basis: basisCodes(box),
        inverseSpacing2: pad(h.map((v) => 1 / (v * v))),
        inverseSpacing: pad(h.map((v) => 1 / v)),
        spacing: pad(h),
        faceOffsets: offsets.slice(0, 4),
        faceOffsetsZ: [offsets[4], offsets[5], 0, 0],
        cellCount: cells,
        partialCount,
        chargeScale: options.chargeScale ?? 1,
        mobileCharge: ion?.charge ?? 0,
        inverseThermalVoltage: ion ? 1 / ion.thermalVoltage : 0,
        referencePermittivity: reference,
        shift,
        newtonTolerance: options.newtonTolerance ?? 1e-5,
        cgTolerance: options.cgTolerance ?? 1e-4,
        permittivityAtZero: options.permittivityOfSource?.atZero ?? 0,
        permittivityAtOne: options.permittivityOfSource?.atOne ?? 0,
      }),
    );
    this.fft = new RealToRealFft(gpu, shape, axisTransforms(box), { cache, label: `${label}.fft` });
    const library = { ...deviceLibrary(gpu), 'electrochem/eps_divergence': epsDivergenceSource, 'ch/wavevector': wavevectorSource };
    const structs = [FieldPoissonParams, FieldPoissonState];
    const compile = (name: string, source: string, constants: Record<string, number> = {}) =>
      cache.compute(`${label}.${name}`, composeShader(source, { structs, library }), 'main', { WORKGROUP_SIZE, ...constants });
    this.cellDispatch = dispatchSize(Math.ceil(cells / WORKGROUP_SIZE), gpu.limits.maxComputeWorkgroupsPerDimension);
    const pass = (name: string, source: string, bound: GPUBuffer[], dispatch: [number, number], constants?: Record<string, number>): Pass => {
      const pipeline = compile(name, source, constants);
      return { pipeline, group: bindBuffers(device, `${label}.${name}`, pipeline, bound), dispatch };
    };
    const w = this.buffers;
    const scalars = (stage: number) => pass(`scalars${stage}`, scalarsSource, [w.partials, this.state, w.params], [1, 1], { STAGE: stage });
    this.passes = {
      apply: pass('apply', applySource, [w.direction, this.permittivity, w.faces, w.sigma, w.applied, w.partials, w.params], this.cellDispatch),
      dot: pass('dot', dotSource, [w.residual, w.preconditioned, w.partials, w.params], this.cellDispatch),
      precondition: pass('precondition', preconditionSource, [w.spectrum, w.params], this.cellDispatch),
      direction: pass('direction', directionSource, [w.preconditioned, w.direction, this.state, w.params], this.cellDispatch),
      begin: scalars(0),
      start: scalars(1),
      alpha: scalars(2),
      beta: scalars(3),
    };
    this.residualPipeline = compile('residual', residualSource);
    this.updatePipeline = compile('update', updateSource);
    if (options.permittivityOfSource) {
      this.permittivityPipeline = compile('permittivity', permittivitySource);
      this.sensitivityPipeline = compile('sensitivity', sensitivitySource);
    }
    // residual, sigma, direction, applied, preconditioned, spectrum, faces, permittivity, partials, state
    this.bytes = 6 * cells * 4 + cells * 8 + w.faces.size + w.partials.size + FieldPoissonState.byteSize + this.fft.bytesPerTransform;
  }

  /** Replace the permittivity (per cell, x fastest); the preconditioner's eps_ref stays as constructed. */
  setPermittivity(values: Float32Array<ArrayBuffer>): void {
    this.gpu.device.queue.writeBuffer(this.permittivity, 0, values);
  }

  private groups(source: GPUBuffer, potential: GPUBuffer): { residual: GPUBindGroup; update: GPUBindGroup; permittivity?: GPUBindGroup } {
    const key = `${source.label}|${potential.label}`;
    let g = this.boundGroups.get(key);
    if (!g) {
      const w = this.buffers;
      const device = this.gpu.device;
      g = {
        residual: bindBuffers(device, 'FieldPoisson.residual', this.residualPipeline, [potential, this.permittivity, w.faces, source, w.residual, w.sigma, w.params]),
        update: bindBuffers(device, 'FieldPoisson.update', this.updatePipeline, [potential, w.direction, w.residual, w.applied, this.state, w.params]),
        permittivity: this.permittivityPipeline && bindBuffers(device, 'FieldPoisson.permittivity', this.permittivityPipeline, [source, this.permittivity, w.params]),
      };
      this.boundGroups.set(key, g);
    }
    return g;
  }

  private run(encoder: GPUCommandEncoder, p: Pass): void {
    const pass = encoder.beginComputePass({ label: p.pipeline.label });
    pass.setPipeline(p.pipeline);
    pass.setBindGroup(0, p.group);
    pass.dispatchWorkgroups(...p.dispatch);
    pass.end();
  }

  /** z = P r: the spectral inverse of the constant-coefficient operator, then r . z into the partials. */
  private precondition(encoder: GPUCommandEncoder): void {
    this.fft.forward(encoder, this.buffers.residual, this.buffers.spectrum);
    this.run(encoder, this.passes.precondition);
    this.fft.inverse(encoder, this.buffers.spectrum, this.buffers.preconditioned);
    this.run(encoder, this.passes.dot);
  }

  /**
   * Record a solve: `potential` (phi, cells f32) holds the initial guess and receives the solution;
   * `source` the fixed charge field (times chargeScale); `counts` the Newton systems and CG iterations
   * to record (default: the constructor's). Bind groups are made on the first use of a
   * (source, potential) pair and kept, so a step loop allocates nothing.
   */
  encodeSolve(encoder: GPUCommandEncoder, source: GPUBuffer, potential: GPUBuffer, counts: { newton: number; cg: number } = { newton: this.newtonIterations, cg: this.cgIterations }): void {
    const g = this.groups(source, potential);
    const p = this.passes;
    if (g.permittivity) this.run(encoder, { pipeline: this.permittivityPipeline!, group: g.permittivity, dispatch: this.cellDispatch });
    this.run(encoder, p.begin);
    for (let newton = 0; newton < counts.newton; newton++) {
      this.run(encoder, { pipeline: this.residualPipeline, group: g.residual, dispatch: this.cellDispatch });
      this.precondition(encoder);
      this.run(encoder, p.start);
      this.run(encoder, p.direction);
      for (let it = 0; it < counts.cg; it++) {
        this.run(encoder, p.apply);
        this.run(encoder, p.alpha);
        this.run(encoder, { pipeline: this.updatePipeline, group: g.update, dispatch: this.cellDispatch });
        this.precondition(encoder);
        this.run(encoder, p.beta);
        this.run(encoder, p.direction);
      }
    }
  }

  /**
   * Record dE/d eps per cell of `potential` (the last solve's phi, with the held face values) into
   * `sensitivity`: with eps(c), the chemical potential gains -eps'(c) times it (eps_divergence.wgsl).
   */
  encodeSensitivity(encoder: GPUCommandEncoder, potential: GPUBuffer, sensitivity: GPUBuffer): void {
    if (!this.sensitivityPipeline) throw new Error('FieldPoisson.encodeSensitivity: needs the permittivityOfSource option');
    const key = `${potential.label}|${sensitivity.label}`;
    let group = this.sensitivityGroups.get(key);
    if (!group) {
      group = bindBuffers(this.gpu.device, 'FieldPoisson.sensitivity', this.sensitivityPipeline, [potential, this.permittivity, this.buffers.faces, sensitivity, this.buffers.params]);
      this.sensitivityGroups.set(key, group);
    }
    this.run(encoder, { pipeline: this.sensitivityPipeline, group, dispatch: this.cellDispatch });
  }

  dispose(): void {
    this.fft.dispose();
    for (const buffer of [...Object.values(this.buffers), this.permittivity, this.state]) buffer.destroy();
  }
}
