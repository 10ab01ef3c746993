/**
 * Real-to-real transforms of a 2D (nx x ny) or 3D (nx x ny x nz) real f32 grid with one transform per
 * axis: `cosine` (DCT-II forward / DCT-III inverse: no-flux, Neumann walls), `sine` (DST-II / DST-III:
 * fixed-value, Dirichlet walls, for the field minus a lift that carries the wall values) or `periodic`
 * (DFT), mixed freely. Conventions and the float64 twin: src/fft/realToRealReference.ts; design and
 * cost: docs/fft.md ("Real-to-real transforms").
 *
 * Algorithm (Makhoul, IEEE Trans. ASSP 28 (1980) 27, an N-point method, no mirror extension):
 *   forward  reorder (evens ascending, odds descending along walled axes; signs (-1)^n on sine axes)
 *            -> complex FFT over all axes (ComplexFft, in place on a scratch line buffer)
 *            -> twiddle: X[k] = (w_k V[k] + conj(w_k) V[N-k]) / 2 per walled axis, w_k = e^{-i pi k/2N}
 *   inverse  the exact reverse: V[k] = conj(w_k) (X[k] - i X[N-k]), inverse complex FFT, un-reorder.
 * The spectrum is complex and full size [nx, ny, nz] (periodic axes make it complex; on an all-walled
 * grid its imaginary parts are zero). The inverse does not modify its input.
 * Mode index m of a walled axis has wavenumber pi m / L (cosine) or pi (m + 1) / L (sine).
 */
import forwardReorderSource from '../../shaders/fft/r2r_forward_reorder.wgsl?raw';
import forwardTwiddleSource from '../../shaders/fft/r2r_forward_twiddle.wgsl?raw';
import inverseTwiddleSource from '../../shaders/fft/r2r_inverse_twiddle.wgsl?raw';
import inverseReorderSource from '../../shaders/fft/r2r_inverse_reorder.wgsl?raw';
import axesLibrary from '../../shaders/fft/r2r_axes.wgsl?raw';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import type { GpuTimer } from '../gpu/timing.ts';
import type { GpuContext } from '../gpu/device.ts';
import { dispatchSize } from '../gpu/dispatch.ts';
import { bindBuffers, PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader, WGSL_LIBRARY } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { ComplexFft } from './complexFft.ts';
import type { FftVariant } from './plan.ts';
import type { AxisTransform } from './realToRealReference.ts';

export type { AxisTransform } from './realToRealReference.ts';

/** Uniforms of shaders/fft/r2r_*.wgsl. */
export const R2rParams = uniformLayout('R2rParams', [
  ['shape', 'vec4u'], // nx, ny, nz (1 in 2D), cell count
  ['kinds', 'vec4u'], // per axis: 0 periodic, 1 cosine, 2 sine
  ['twiddleOffset', 'vec4u'], // per walled axis: first entry of its w_k table
] as const);

const AXIS_CODE: Record<AxisTransform, number> = { periodic: 0, cosine: 1, sine: 2 };
const WORKGROUP_SIZE = 256;

/**
 * w_k = e^{-i pi k / (2N)}, k = 0 .. N-1, for every walled axis, computed in float64 and packed (re, im)
 * one table after another; `offsets[a]` is axis a's first entry (0 for periodic axes).
 */
export function makhoulTwiddles(shape: readonly number[], axes: readonly AxisTransform[]): { data: Float64Array; offsets: number[] } {
  const offsets = [0, 0, 0];
  const values: number[] = [];
  axes.forEach((kind, a) => {
    if (kind === 'periodic') return;
    const n = shape[a];
    offsets[a] = values.length / 2;
    for (let k = 0; k < n; k++) {
      const angle = (Math.PI * k) / (2 * n);
      values.push(Math.cos(angle), -Math.sin(angle));
    }
  });
  if (values.length === 0) values.push(1, 0);
  return { data: Float64Array.from(values), offsets };
}

export interface RealToRealOptions {
  cache?: PipelineCache;
  label?: string;
  /** Kernel layout of the inner complex FFT (docs/fft.md, "Variants"). */
  variant?: FftVariant | 'auto';
  /** GPU timestamps per pass (the benchmark): the reorder and twiddle passes and the inner FFT's */
  timer?: GpuTimer;
}

interface Step {
  name: string;
  pipeline: GPUComputePipeline;
  source: 'input' | 'line' | 'output';
  target: 'input' | 'line' | 'output';
  /** binds the twiddle table (the twiddle kernels) */
  twiddles: boolean;
}

export class RealToRealFft {
  /** [nx, ny] or [nx, ny, nz], x fastest. */
  readonly shape: readonly number[];
  /** The transform of each axis. */
  readonly axes: readonly AxisTransform[];
  /** The full spectrum, same shape as the grid, complex (vec2<f32>). */
  readonly spectrumShape: readonly number[];
  readonly spectrumLength: number;
  /**
   * Bytes read + written by one forward transform: the reorder (4 N + 8 N), the complex FFT's passes and
   * the twiddle pass (8 N 2^d reads, counted as 8 N since the 2^d reads of a mode are neighbours of other
   * modes' reads and mostly cached, + 8 N). The inverse moves the same.
   */
  readonly bytesPerTransform: number;
  private readonly complex: ComplexFft;
  private readonly line: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly twiddles: GPUBuffer;
  private readonly steps: { forward: Step[]; inverse: Step[] };
  private readonly dispatch: [number, number];
  private bound = new WeakMap<GPUBuffer, WeakMap<GPUBuffer, Map<string, GPUBindGroup[]>>>();
  private readonly label: string;
  private readonly timer?: GpuTimer;

  constructor(
    private readonly gpu: GpuContext,
    shape: readonly number[],
    axes: readonly AxisTransform[],
    options: RealToRealOptions = {},
  ) {
    if (shape.length !== 2 && shape.length !== 3) throw new RangeError(`RealToRealFft: shape must have 2 or 3 axes, got [${shape.join(', ')}]`);
    if (axes.length !== shape.length) throw new RangeError(`RealToRealFft: needs one axis transform per axis (${shape.length}), got ${axes.length}`);
    this.label = options.label ?? 'RealToRealFft';
    this.shape = [...shape];
    this.axes = [...axes];
    this.spectrumShape = [...shape];
    const cells = shape.reduce((a, b) => a * b, 1);
    this.spectrumLength = cells;
    const cache = options.cache ?? new PipelineCache(gpu.device);
    this.complex = new ComplexFft(gpu, shape, { cache, label: `${this.label}.complex`, variant: options.variant, timer: options.timer });
    this.timer = options.timer;
    this.line = createStorageBuffer(gpu, `${this.label}.line`, cells * 8);
    this.bytesPerTransform = 12 * cells + this.complex.bytesPerTransform + 16 * cells;

    const [nx, ny, nz = 1] = shape;
    const table = makhoulTwiddles(shape, axes);
    this.twiddles = createStorageBuffer(gpu, `${this.label}.twiddles`, table.data.length * 4);
    gpu.device.queue.writeBuffer(this.twiddles, 0, Float32Array.from(table.data));
    this.params = createUniformBuffer(gpu.device, `${this.label}.params`, R2rParams.byteSize);
    gpu.device.queue.writeBuffer(
      this.params,
      0,
      R2rParams.pack({
        shape: [nx, ny, nz, cells],
        kinds: [...axes.map((a) => AXIS_CODE[a]), 0, 0, 0].slice(0, 4),
        twiddleOffset: [...table.offsets, 0],
      }),
    );
    const library = { ...WGSL_LIBRARY, 'fft/r2r_axes': axesLibrary };
    const compile = (name: string, source: string) =>
      cache.compute(`${this.label}.${name}`, composeShader(source, { structs: [R2rParams], library }), 'main', { WORKGROUP_SIZE });
    this.steps = {
      forward: [
        { name: 'forwardReorder', pipeline: compile('forwardReorder', forwardReorderSource), source: 'input', target: 'line', twiddles: false },
        { name: 'forwardTwiddle', pipeline: compile('forwardTwiddle', forwardTwiddleSource), source: 'line', target: 'output', twiddles: true },
      ],
      inverse: [
        { name: 'inverseTwiddle', pipeline: compile('inverseTwiddle', inverseTwiddleSource), source: 'input', target: 'line', twiddles: true },
        { name: 'inverseReorder', pipeline: compile('inverseReorder', inverseReorderSource), source: 'line', target: 'output', twiddles: false },
      ],
    };
    this.dispatch = dispatchSize(Math.ceil(cells / WORKGROUP_SIZE), gpu.limits.maxComputeWorkgroupsPerDimension);
  }

  /** Passes one transform records: the reorder, the complex FFT's passes and the twiddle pass. */
  /** Kernel layout of the inner complex FFT. */
  get variant(): FftVariant {
    return this.complex.variant;
  }

  passCount(direction: 'forward' | 'inverse'): number {
    return this.complex.passes(direction).length + 2;
  }

  private groups(direction: 'forward' | 'inverse', input: GPUBuffer, output: GPUBuffer): GPUBindGroup[] {
    let byOutput = this.bound.get(input);
    if (!byOutput) {
      byOutput = new WeakMap();
      this.bound.set(input, byOutput);
    }
    let byDirection = byOutput.get(output);
    if (!byDirection) {
      byDirection = new Map();
      byOutput.set(output, byDirection);
    }
    let groups = byDirection.get(direction);
    if (groups) return groups;
    const cells = this.spectrumLength;
    const [fieldBytes, spectrumBytes] = [cells * 4, cells * 8];
    const [inBytes, outBytes] = direction === 'forward' ? [fieldBytes, spectrumBytes] : [spectrumBytes, fieldBytes];
    if (input.size < inBytes) throw new RangeError(`${this.label}.${direction}: input buffer "${input.label}" has ${input.size} bytes, needs ${inBytes}`);
    if (output.size < outBytes) throw new RangeError(`${this.label}.${direction}: output buffer "${output.label}" has ${output.size} bytes, needs ${outBytes}`);
    if (input === output) throw new RangeError(`${this.label}.${direction}: input and output must be different buffers`);
    const resolve = (role: Step['source']) => (role === 'input' ? input : role === 'output' ? output : this.line);
    groups = this.steps[direction].map((step) =>
      bindBuffers(this.gpu.device, `${this.label}.${step.name}`, step.pipeline, [resolve(step.source), resolve(step.target), this.params, ...(step.twiddles ? [this.twiddles] : [])]),
    );
    byDirection.set(direction, groups);
    return groups;
  }

  private run(encoder: GPUCommandEncoder, step: Step, group: GPUBindGroup): void {
    const pass = encoder.beginComputePass({ label: `${this.label}.${step.name}`, timestampWrites: this.timer?.enabled ? this.timer.pass(step.name) : undefined });
    pass.setPipeline(step.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...this.dispatch);
    pass.end();
  }

  /** real f32 field (nx ny nz) -> complex spectrum (nx ny nz vec2<f32>), unnormalised (realToRealReference.ts). */
  forward(encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer): void {
    const [reorder, twiddle] = this.groups('forward', input, output);
    this.run(encoder, this.steps.forward[0], reorder);
    this.complex.forward(encoder, this.line, this.line);
    this.run(encoder, this.steps.forward[1], twiddle);
  }

  /** spectrum -> real field, the exact inverse (normalised), so inverse(forward(x)) == x. The input is not modified. */
  inverse(encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer): void {
    const [twiddle, reorder] = this.groups('inverse', input, output);
    this.run(encoder, this.steps.inverse[0], twiddle);
    this.complex.inverse(encoder, this.line, this.line);
    this.run(encoder, this.steps.inverse[1], reorder);
  }

  dispose(): void {
    this.complex.dispose();
    for (const b of [this.line, this.params, this.twiddles]) b.destroy();
    this.bound = new WeakMap();
  }
}
