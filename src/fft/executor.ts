/**
 * The GPU executor behind ComplexFft and RealFft: turns a TransformPlan (src/fft/plan.ts) into
 * pipelines, uniform buffers and root tables once, and records its passes into a command encoder.
 *
 * Recording (`encode`) allocates nothing, writes no buffer and never waits: bind groups for an
 * (input, output) pair are built on its first use and cached. All passes of a transform go into one
 * compute pass (WebGPU orders dispatches within a pass and makes their storage writes visible to the
 * next), or one compute pass each when a GpuTimer is given, for per-pass timestamps.
 */
import stockhamSource from '../../shaders/fft/stockham.wgsl?raw';
import stockhamLineSource from '../../shaders/fft/stockham_line.wgsl?raw';
import twistSource from '../../shaders/fft/real_twist.wgsl?raw';
import { checkStorageBufferSize, createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import { DeviceLimitError, isLavapipe, type GpuContext } from '../gpu/device.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import type { GpuTimer } from '../gpu/timing.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import { lineCodelet } from './lineCodelet.ts';
import { passHooks, type FftHook, type FftHooks } from './hooks.ts';
import {
  COMPLEX_BYTES,
  MAX_STAGES,
  packRootTables,
  passBytes,
  planTransform,
  REAL_TWIST_WORKGROUP,
  stockhamStages,
  type BufferRole,
  type FftPass,
  type FftPlanOptions,
  type FftVariant,
  type RealTwistPass,
  type StockhamPass,
  type TransformPlan,
} from './plan.ts';

/** Per-pass parameters of shaders/fft/stockham.wgsl. */
export const FftPassParams = uniformLayout('FftPassParams', [
  ['lineCount0', 'u32'],
  ['inStride0', 'u32'],
  ['inStride1', 'u32'],
  ['inStride2', 'u32'],
  ['inPointStride', 'u32'],
  ['outStride0', 'u32'],
  ['outStride1', 'u32'],
  ['outStride2', 'u32'],
  ['outPointStride', 'u32'],
  ['loadPointsFastest', 'u32'],
  ['storePointsFastest', 'u32'],
  ['linesFastest', 'u32'],
  ['rootsOffset', 'u32'],
  ['twiddleOffset', 'u32'],
  ['twiddleDigit', 'u32'],
  ['realRootsOffset', 'u32'],
  ['scale', 'f32'],
  ['inverse', 'u32'],
  ['modeShape', 'vec3u'],
  ['derivativeAxis', 'u32'],
  ['fullShape', 'vec3u'],
  ['derivativeFactor', 'f32'],
] as const);

/** Parameters of shaders/fft/real_twist.wgsl. */
export const RealTwistParams = uniformLayout('RealTwistParams', [
  ['halfLength', 'u32'],
  ['lineStride', 'u32'],
  ['lineCount', 'u32'],
  ['realRootsOffset', 'u32'],
] as const);

/** Options shared by ComplexFft and RealFft. */
export interface FftOptions {
  cache?: PipelineCache;
  /** Prefix of every GPU object's label. */
  label?: string;
  /** Pointwise WGSL fused into the first / last passes (see src/fft/hooks.ts). */
  hooks?: FftHooks;
  /** Number of fields transformed together, stored one after the other (default 1). */
  batch?: number;
  /** Box length per axis for spectral derivatives, k = 2 pi m / L (default: the grid lengths, unit spacing). */
  lengths?: readonly number[];
  /** Longest line done in one pass; longer lines take the four-step split (testing, tuning). */
  maxLineLength?: number;
  /**
   * Kernel layout of the Stockham passes (docs/fft.md, "Variants"): 'auto' (default) takes 'line' (one
   * invocation per line, no barriers) on software adapters and 'workgroup' (lines shared through workgroup
   * memory) on GPUs.
   */
  variant?: FftVariant | 'auto';
  /** Workgroup layout knobs for benchmarks (see FftPlanOptions.tuning). */
  tuning?: FftPlanOptions['tuning'];
  /** Time every pass with timestamp queries (each pass then gets its own compute pass). */
  timer?: GpuTimer;
  /** RealFft only: the inverse leaves its input spectrum intact (costs one spectrum of scratch). */
  preserveInput?: boolean;
}

export type FftDirection = 'forward' | 'inverse';

/**
 * Where a transform reads or writes: a whole buffer, or the region of one that starts at `offset` bytes
 * (a multiple of the device's minStorageBufferOffsetAlignment), e.g. one component block of a tensor
 * field, so that callers need no copies in and out of a buffer of their own.
 */
export type FftBuffer = GPUBuffer | { buffer: GPUBuffer; offset: number };

function region(b: FftBuffer): { buffer: GPUBuffer; offset: number } {
  return 'buffer' in b ? b : { buffer: b, offset: 0 };
}

/** Per-call variant of the inverse: fuse d/dx_axis (multiply by i k_axis) into its first pass. */
export interface InverseVariant {
  derivativeAxis?: number;
}

const NO_DIGIT = 3;

/** One way to run a pass: pipelines (out of place / in place), its uniforms and hook bind groups. */
interface PassVariant {
  outOfPlace?: GPUComputePipeline;
  inPlace?: GPUComputePipeline;
  params: GPUBuffer;
  hookGroups: Map<GPUComputePipeline, GPUBindGroup>;
  /** Builds the other entry point on first use (a complex transform whose caller aliases input and output). */
  build?: (inPlace: boolean) => GPUComputePipeline;
}

interface PreparedPass {
  pass: FftPass;
  name: string;
  /** [plain] or, for the first inverse pass, [plain, d/dx, d/dy, d/dz] (undefined for absent axes). */
  variants: (PassVariant | undefined)[];
}

interface BoundPass {
  name: string;
  pipeline: GPUComputePipeline;
  group: GPUBindGroup;
  hookGroup?: GPUBindGroup;
  workgroups: [number, number, number];
}

export class FftExecutor {
  readonly plan: TransformPlan;
  readonly label: string;
  /** The Stockham kernel layout this transform asked for (passes with longer lines may still use 'workgroup'). */
  readonly variant: FftVariant;
  /** Bytes read + written by one forward / inverse transform (the byte model). */
  readonly forwardBytes: number;
  readonly inverseBytes: number;
  /** Complex elements the input and output of the forward transform hold. */
  readonly inputElements: number;
  readonly outputElements: number;
  private readonly device: GPUDevice;
  private readonly roots: GPUBuffer;
  private readonly scratch?: GPUBuffer;
  private readonly prepared: Record<FftDirection, PreparedPass[]>;
  private readonly owned: GPUBuffer[] = [];
  private readonly timer?: GpuTimer;
  /** Bind groups per (input, output) buffer pair, built on first use; weak, so dropped buffers are collected. */
  private bound = new WeakMap<GPUBuffer, WeakMap<GPUBuffer, Map<string, BoundPass[]>>>();
  private disposed = false;

  constructor(
    private readonly gpu: GpuContext,
    shape: readonly number[],
    real: boolean,
    options: FftOptions = {},
  ) {
    this.device = gpu.device;
    this.label = options.label ?? (real ? 'RealFft' : 'ComplexFft');
    this.timer = options.timer;
    this.variant = chooseVariant(gpu, options.variant);
    try {
      this.plan = planTransform({ shape, real, batch: options.batch, preserveInput: options.preserveInput }, gpu.limits, {
        maxLineLength: options.maxLineLength,
        tuning: options.tuning,
        variant: this.variant,
      });
    } catch (e) {
      if (e instanceof RangeError && /device|workgroup/.test(e.message)) throw new DeviceLimitError(`${this.label}: ${e.message}`);
      throw e;
    }
    const plan = this.plan;
    const cells = plan.shape[0] * plan.shape[1] * plan.shape[2] * plan.batch;
    const spectrum = plan.spectrumShape[0] * plan.spectrumShape[1] * plan.spectrumShape[2] * plan.batch;
    this.inputElements = real ? cells / 2 : cells;
    this.outputElements = spectrum;
    checkStorageBufferSize(gpu, this.outputElements * COMPLEX_BYTES, `${this.label} spectrum`);
    this.forwardBytes = passBytes(plan.forward);
    this.inverseBytes = passBytes(plan.inverse);

    const tables = packRootTables(plan.rootLengths);
    this.roots = createStorageBuffer(gpu, `${this.label}.roots`, tables.data.length * 4);
    this.device.queue.writeBuffer(this.roots, 0, Float32Array.from(tables.data));
    this.owned.push(this.roots);
    if (plan.scratchElements > 0) {
      this.scratch = createStorageBuffer(gpu, `${this.label}.scratch`, plan.scratchElements * COMPLEX_BYTES);
      this.owned.push(this.scratch);
    }

    const cache = options.cache ?? new PipelineCache(this.device);
    const hooks = options.hooks ?? {};
    const lengths = options.lengths ?? plan.shape;
    const prepare = (direction: FftDirection): PreparedPass[] =>
      plan[direction].map((pass) => {
        const name = `${this.label}.${pass.label}`;
        if (pass.kind === 'realTwist') return this.prepareTwist(pass, name, cache, tables.offsets);
        const inPlace = pass.source === pass.target;
        const { prelude, bound } = passHooks(hooks, real, pass.loadHook, pass.storeHook);
        const code = composeShader(kernelSource(pass), { structs: [FftPassParams], prelude });
        const base = stockhamParams(pass, plan, tables.offsets);
        const axes = pass.spectralLoad ? [NO_DIGIT, 0, 1, 2] : [NO_DIGIT];
        const variants = axes.map((axis): PassVariant | undefined => {
          if (axis !== NO_DIGIT && plan.shape[axis] === 1) return undefined;
          const suffix = axis === NO_DIGIT ? '' : `.d${'xyz'[axis]}`;
          // The derivative is compiled in only where asked for: it costs registers and compile time.
          const constants = { ...kernelConstants(pass), SPECTRAL_DERIVATIVE: axis === NO_DIGIT ? 0 : 1 };
          const variant: PassVariant = { params: createUniformBuffer(this.device, `${name}${suffix}.params`, FftPassParams.byteSize), hookGroups: new Map() };
          this.owned.push(variant.params);
          const factor = axis === NO_DIGIT ? 0 : (2 * Math.PI) / (lengths[axis] ?? plan.shape[axis]);
          this.device.queue.writeBuffer(variant.params, 0, FftPassParams.pack({ ...base, derivativeAxis: axis, derivativeFactor: factor }));
          variant.build = (runInPlace: boolean) => {
            const pipeline = runInPlace
              ? cache.compute(`${name}${suffix}.inPlace`, code, 'main_in_place', constants)
              : cache.compute(`${name}${suffix}`, code, 'main', constants);
            if (runInPlace) variant.inPlace = pipeline;
            else variant.outOfPlace = pipeline;
            if (bound?.bindings?.length) {
              variant.hookGroups.set(
                pipeline,
                this.device.createBindGroup({
                  label: `${name}${suffix}.hook`,
                  layout: pipeline.getBindGroupLayout(1),
                  entries: bound.bindings.map((resource, binding) => ({ binding, resource })),
                }),
              );
            }
            return pipeline;
          };
          // Compile what the planned buffer roles need now; the in-place entry of a first pass only
          // when a caller hands the same buffer as input and output, a derivative variant when asked for.
          if (axis === NO_DIGIT) variant.build(inPlace);
          return variant;
        });
        const prepared: PreparedPass = { pass, name, variants };
        return prepared;
      });
    this.prepared = { forward: prepare('forward'), inverse: prepare('inverse') };
  }

  private prepareTwist(pass: RealTwistPass, name: string, cache: PipelineCache, offsets: Map<number, number>): PreparedPass {
    const code = composeShader(twistSource, { structs: [RealTwistParams] });
    const pipeline = cache.compute(name, code, 'main', { INVERSE: pass.inverse ? 1 : 0, WORKGROUP_SIZE: REAL_TWIST_WORKGROUP });
    const buffer = createUniformBuffer(this.device, `${name}.params`, RealTwistParams.byteSize);
    this.device.queue.writeBuffer(
      buffer,
      0,
      RealTwistParams.pack({ halfLength: pass.halfLength, lineStride: pass.lineStride, lineCount: pass.lineCount, realRootsOffset: offsets.get(pass.realLength)! }),
    );
    this.owned.push(buffer);
    return { pass, name, variants: [{ inPlace: pipeline, params: buffer, hookGroups: new Map() }] };
  }

  /** Passes recorded per transform (for the byte model and the one-pass-per-axis check). */
  passes(direction: FftDirection): readonly FftPass[] {
    return this.plan[direction];
  }

  private bind(direction: FftDirection, inputArg: FftBuffer, outputArg: FftBuffer, derivativeAxis: number): BoundPass[] {
    const { buffer: input, offset: inOffset } = region(inputArg);
    const { buffer: output, offset: outOffset } = region(outputArg);
    const key = `${direction}:${derivativeAxis}:${inOffset}:${outOffset}`;
    let byOutput = this.bound.get(input);
    if (!byOutput) {
      byOutput = new WeakMap();
      this.bound.set(input, byOutput);
    }
    let byKey = byOutput.get(output);
    if (!byKey) {
      byKey = new Map();
      byOutput.set(output, byKey);
    }
    const cached = byKey.get(key);
    if (cached) return cached;

    if (this.disposed) throw new Error(`${this.label} is disposed`);
    const real = this.plan.real;
    const forward = direction === 'forward';
    const spectrumBytes = this.outputElements * COMPLEX_BYTES;
    const fieldBytes = this.inputElements * COMPLEX_BYTES;
    const [inBytes, outBytes] = forward ? [fieldBytes, spectrumBytes] : [spectrumBytes, fieldBytes];
    const alignment = this.device.limits.minStorageBufferOffsetAlignment;
    for (const [role, offset] of [['input', inOffset], ['output', outOffset]] as const) {
      if (!(Number.isInteger(offset) && offset >= 0 && offset % alignment === 0)) {
        throw new RangeError(`${this.label}.${direction}: ${role} offset ${offset} is not a multiple of the device's storage offset alignment (${alignment} bytes)`);
      }
    }
    if (input.size - inOffset < inBytes) throw new RangeError(`${this.label}.${direction}: input buffer "${input.label}" has ${input.size - inOffset} bytes from offset ${inOffset}, needs ${inBytes}`);
    if (output.size - outOffset < outBytes) throw new RangeError(`${this.label}.${direction}: output buffer "${output.label}" has ${output.size - outOffset} bytes from offset ${outOffset}, needs ${outBytes}`);
    if (input === output && (real || inOffset !== outOffset) && inOffset < outOffset + outBytes && outOffset < inOffset + inBytes) {
      throw new RangeError(`${this.label}.${direction}: input and output overlap (a ${real ? 'real transform needs two regions' : 'transform is either in place or on disjoint regions'})`);
    }
    if (derivativeAxis !== NO_DIGIT) {
      if (forward) throw new RangeError(`${this.label}: spectral derivatives are fused into the inverse transform only`);
      if (!(derivativeAxis >= 0 && derivativeAxis < 3) || this.plan.shape[derivativeAxis] === 1) {
        throw new RangeError(`${this.label}: no axis ${derivativeAxis} to differentiate along in shape [${this.plan.shape.join(', ')}]`);
      }
    }
    const bindings: Record<BufferRole, GPUBufferBinding> = {
      input: { buffer: input, offset: inOffset, size: inBytes },
      output: { buffer: output, offset: outOffset, size: outBytes },
      scratch: { buffer: this.scratch! },
    };
    const resolve = (role: BufferRole): GPUBufferBinding => bindings[role];
    const list = this.prepared[direction].map((prep, index): BoundPass => {
      const pass = prep.pass;
      const variant = prep.variants[derivativeAxis !== NO_DIGIT && index === 0 ? derivativeAxis + 1 : 0]!;
      if (pass.kind === 'realTwist') {
        const target = resolve(pass.target);
        return {
          name: prep.name,
          pipeline: variant.inPlace!,
          group: this.device.createBindGroup({
            label: `${prep.name}.bind`,
            layout: variant.inPlace!.getBindGroupLayout(0),
            entries: [
              { binding: 0, resource: target },
              { binding: 1, resource: { buffer: this.roots } },
              { binding: 2, resource: { buffer: variant.params } },
            ],
          }),
          workgroups: pass.workgroups,
        };
      }
      const src = resolve(pass.source);
      const dst = resolve(pass.target);
      const inPlace = src.buffer === dst.buffer && (src.offset ?? 0) === (dst.offset ?? 0);
      const pipeline = (inPlace ? variant.inPlace : variant.outOfPlace) ?? variant.build!(inPlace);
      const entries: GPUBindGroupEntry[] = [
        { binding: 1, resource: dst },
        { binding: 2, resource: { buffer: this.roots } },
        { binding: 3, resource: { buffer: variant.params } },
      ];
      if (!inPlace) entries.unshift({ binding: 0, resource: src });
      return {
        name: prep.name,
        pipeline,
        group: this.device.createBindGroup({ label: `${prep.name}.bind`, layout: pipeline.getBindGroupLayout(0), entries }),
        hookGroup: variant.hookGroups.get(pipeline),
        workgroups: pass.workgroups,
      };
    });
    byKey.set(key, list);
    return list;
  }

  /** Record one transform. Allocation-free after the first call with the same buffers. */
  encode(encoder: GPUCommandEncoder, direction: FftDirection, input: FftBuffer, output: FftBuffer, variant: InverseVariant = {}): void {
    const list = this.bind(direction, input, output, variant.derivativeAxis ?? NO_DIGIT);
    if (this.timer?.enabled) {
      for (const p of list) {
        const pass = encoder.beginComputePass({ label: p.name, timestampWrites: this.timer.pass(p.name) });
        record(pass, p);
        pass.end();
      }
      return;
    }
    const pass = encoder.beginComputePass({ label: `${this.label}.${direction}` });
    for (const p of list) record(pass, p);
    pass.end();
  }

  dispose(): void {
    this.disposed = true;
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
    this.bound = new WeakMap();
  }
}

function record(pass: GPUComputePassEncoder, p: BoundPass): void {
  pass.setPipeline(p.pipeline);
  pass.setBindGroup(0, p.group);
  if (p.hookGroup) pass.setBindGroup(1, p.hookGroup);
  pass.dispatchWorkgroups(p.workgroups[0], p.workgroups[1], p.workgroups[2]);
}

/**
 * 'auto': the environment variable SPINODE_FFT_VARIANT (Node only; 'workgroup' or 'line', for A/B runs of
 * the tests and the bench), else 'workgroup'. 'line' runs 1.1-1.9x faster on lavapipe (docs/fft.md) but
 * compiles several times longer on a cold shader cache, which short runs and the test suite pay in full;
 * it becomes lavapipe's default once that trade is measured on whole runs (`isLineAdapter` tells where).
 */
export function chooseVariant(gpu: GpuContext, requested: FftVariant | 'auto' = 'auto'): FftVariant {
  if (requested !== 'auto') return requested;
  const forced = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SPINODE_FFT_VARIANT;
  if (forced !== undefined && forced !== '') {
    if (forced !== 'workgroup' && forced !== 'line') throw new RangeError(`SPINODE_FFT_VARIANT must be 'workgroup' or 'line', got '${forced}'`);
    return forced;
  }
  void gpu;
  return 'workgroup';
}

/** The adapters where the 'line' variant measured faster (lavapipe / llvmpipe). */
export function isLineAdapter(gpu: GpuContext): boolean {
  return isLavapipe(gpu.adapterInfo);
}

/** WGSL source of a pass's kernel (the 'line' kernel with its generated code, src/fft/lineCodelet.ts). */
function kernelSource(pass: StockhamPass): string {
  if (pass.variant === 'workgroup') return stockhamSource;
  return stockhamLineSource.replace(/^\/\/ #line_codelet$/m, () => lineCodelet(pass.length, pass.realMode));
}

function kernelConstants(pass: StockhamPass): Record<string, number> {
  return pass.variant === 'workgroup' ? stockhamConstants(pass) : stockhamLineConstants(pass);
}

/** Override constants of shaders/fft/stockham_line.wgsl for one pass. */
export function stockhamLineConstants(pass: StockhamPass): Record<string, number> {
  const constants: Record<string, number> = {
    N: pass.length,
    LINES: pass.linesPerWorkgroup,
    STORE_COUNT: pass.storeCount,
    REAL_MODE: pass.realMode,
    FOUR_STEP: pass.twiddle ? 1 : 0,
    SPECTRAL_DERIVATIVE: 0,
  };
  return constants;
}

/** Uniform values of shaders/fft/stockham.wgsl for one pass (no derivative). */
export function stockhamParams(pass: StockhamPass, plan: TransformPlan, rootOffsets: Map<number, number>) {
  return {
    lineCount0: pass.digits[0].count,
    inStride0: pass.digits[0].inStride,
    inStride1: pass.digits[1].inStride,
    inStride2: pass.digits[2].inStride,
    inPointStride: pass.inPointStride,
    outStride0: pass.digits[0].outStride,
    outStride1: pass.digits[1].outStride,
    outStride2: pass.digits[2].outStride,
    outPointStride: pass.outPointStride,
    loadPointsFastest: pass.inPointStride === 1 ? 1 : 0,
    storePointsFastest: pass.outPointStride === 1 ? 1 : 0,
    // Strided input lines: neighbouring threads take neighbouring lines (coalesced first-stage loads).
    linesFastest: pass.inPointStride === 1 ? 0 : 1,
    rootsOffset: rootOffsets.get(pass.length)!,
    twiddleOffset: pass.twiddle ? rootOffsets.get(pass.twiddle.length)! : 0,
    twiddleDigit: pass.twiddle ? pass.twiddle.digit : NO_DIGIT,
    realRootsOffset: pass.realLength ? rootOffsets.get(pass.realLength)! : 0,
    scale: pass.scale,
    inverse: pass.inverse ? 1 : 0,
    modeShape: plan.spectrumShape,
    derivativeAxis: NO_DIGIT,
    fullShape: plan.shape,
    derivativeFactor: 0,
  };
}

/** Override constants of shaders/fft/stockham.wgsl for one pass. */
export function stockhamConstants(pass: StockhamPass): Record<string, number> {
  const stages = stockhamStages(pass.radices);
  if (stages.length > MAX_STAGES) throw new Error(`internal: ${pass.label} has ${stages.length} stages`);
  const constants: Record<string, number> = {
    N: pass.length,
    LINES: pass.linesPerWorkgroup,
    THREADS_PER_LINE: pass.threadsPerLine,
    PITCH: pass.pitch,
    SHARED_SIZE: (pass.pingPong ? 2 : 1) * pass.linesPerWorkgroup * pass.pitch,
    WORKGROUP_SIZE: pass.linesPerWorkgroup * pass.threadsPerLine,
    STORE_COUNT: pass.storeCount,
    REAL_MODE: pass.realMode,
    STAGES: stages.length,
  };
  constants.LAST_RADIX = stages[stages.length - 1].radix;
  constants.LAST_SPAN = stages[stages.length - 1].span;
  constants.PING_PONG = pass.pingPong ? 1 : 0;
  constants.FOUR_STEP = pass.twiddle ? 1 : 0;
  constants.SPECTRAL_DERIVATIVE = 0;
  stages.forEach((s, i) => {
    constants[`RADIX_${i}`] = s.radix;
    constants[`SPAN_${i}`] = s.span;
  });
  return constants;
}
