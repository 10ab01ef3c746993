/**
 * FFT plans: pure TypeScript, float64, no GPU (STYLE.md practice 5: the plan is data, unit-tested).
 *
 * A plan turns a grid shape into a list of passes over device memory. Each Stockham pass loads whole
 * lines into workgroup memory, runs every radix stage there and writes the lines back, so a line that
 * fits costs exactly one read and one write of the field per axis (VkFFT's design, Tolmachev 2023,
 * "VkFFT - a performant, cross-platform and open-source GPU FFT library", IEEE Access 11). Lines too long
 * for workgroup memory use the four-step split of Bailey ("FFTs in external or hierarchical memory",
 * J. Supercomputing 4, 1990): two passes and a twiddle multiply fused into the first one's store.
 *
 * Stage formulation (Stockham autosort, mixed radix), as in Govindaraju et al., "High performance
 * discrete Fourier transforms on graphics processors", SC 2008, Fig. 2: for stages s with radix R and
 * span Ns = R_0 ... R_{s-1}, butterfly j (0 <= j < N/R) reads x[j + r N/R], multiplies input r by
 * w_{Ns R}^{r (j mod Ns)} (w_m = e^{-2 pi i / m}), does a radix-R DFT and writes output r to
 * (j - j mod Ns) R + j mod Ns + r Ns. After the last stage the line is in natural order.
 *
 * Twiddles are never computed on the GPU: WGSL sin/cos are only accurate to about 2^-11. Every table
 * here is a float64 root-of-unity table, rounded once to f32 when uploaded.
 */

/** Complex values a thread can hold in registers during a stage (must equal REGISTERS in shaders/fft/stockham.wgsl). */
export const STOCKHAM_REGISTERS = 16;
/**
 * Registers per thread the planner prefers: one radix-8 butterfly per thread and stage. Fewer values per
 * thread means less unrolled code per stage (the software adapter compiles it 2-3x faster) and more
 * threads to hide latency; lines that would then need more threads than the device has use the full
 * STOCKHAM_REGISTERS.
 */
export const PREFERRED_REGISTERS = 8;
/** Stages the Stockham kernel can run (RADIX_0 .. RADIX_11 in shaders/fft/stockham.wgsl). */
export const MAX_STAGES = 12;
/**
 * Workgroup size the planner aims at when batching lines (capped by the device; every WebGPU device
 * offers 256, desktop GPUs 1024): enough lines per group that strided passes read 8-element runs. A
 * single line may use up to the device's maximum (4096 points take 512 threads with 8 registers;
 * 3888, 4000 and 4050 need 260-270 even with 16); on a 256-thread device those three take the split.
 */
export const MAX_WORKGROUP_THREADS = 512;
/** Radices with a hand-written butterfly in the kernel. */
export const SUPPORTED_RADICES: readonly number[] = [2, 3, 4, 5, 8];
/** Bytes of one complex f32 value (vec2<f32>). */
export const COMPLEX_BYTES = 8;

/** True when n >= 1 has no prime factor other than 2, 3 and 5. */
export function isSmooth235(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  let m = n;
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/**
 * Radices of the Stockham stages for a line of n points, in stage order. Powers of two go into radix-8
 * stages where they divide evenly (fewest stages, hence fewest workgroup-memory round trips), the rest
 * into radix 4 (16 = 4 * 4 rather than 8 * 2) and a single radix 2 only when n has exactly one factor 2.
 */
export function factorizeLength(n: number): number[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`FFT length must be an integer >= 2, got ${n}`);
  if (!isSmooth235(n)) throw new RangeError(`FFT length ${n} does not factor into 2, 3 and 5`);
  let m = n;
  let twos = 0;
  while (m % 2 === 0) {
    twos++;
    m /= 2;
  }
  const odd: number[] = [];
  for (const p of [5, 3]) {
    while (m % p === 0) {
      odd.push(p);
      m /= p;
    }
  }
  const pow2: number[] = [];
  let t = twos;
  if (t % 3 === 1) {
    if (t >= 4) {
      pow2.push(4, 4);
      t -= 4;
    } else {
      pow2.push(2);
      t -= 1;
    }
  } else if (t % 3 === 2) {
    pow2.push(4);
    t -= 2;
  }
  while (t >= 3) {
    pow2.unshift(8);
    t -= 3;
  }
  return [...pow2, ...odd];
}

export interface StockhamStage {
  radix: number;
  /** Ns: product of the radices of the earlier stages. */
  span: number;
}

export function stockhamStages(radices: readonly number[]): StockhamStage[] {
  let span = 1;
  return radices.map((radix) => {
    const stage = { radix, span };
    span *= radix;
    return stage;
  });
}

/**
 * Roots of unity w_n^m = e^{-2 pi i m / n}, m = 0 .. count-1, interleaved (re, im), in float64. The angle
 * is reduced to the first octant before sin/cos so every entry is correct to about 1 ulp of float64 and
 * the exact values (1, -1, +-i, +-(1 -+ i)/sqrt 2 ...) come out exactly symmetric.
 */
export function rootsOfUnity(n: number, count = n): Float64Array {
  const out = new Float64Array(2 * count);
  for (let m = 0; m < count; m++) {
    const [c, s] = unitCircle(m, n);
    out[2 * m] = c;
    out[2 * m + 1] = -s;
  }
  return out;
}

/** (cos, sin) of 2 pi m / n with the argument reduced by the symmetries of the circle. */
function unitCircle(m: number, n: number): [number, number] {
  // Work in units of n/8 so that octant folding is exact integer arithmetic on 8m.
  let a = ((8 * m) % (8 * n) + 8 * n) % (8 * n); // angle = 2 pi a / (8n)
  let sinSign = 1;
  if (a > 4 * n) {
    a = 8 * n - a; // sin(2pi - x) = -sin x
    sinSign = -1;
  }
  let cosSign = 1;
  if (a > 2 * n) {
    a = 4 * n - a; // cos(pi - x) = -cos x
    cosSign = -1;
  }
  let c: number;
  let s: number;
  if (a === n) {
    c = Math.SQRT1_2; // pi/4: cos and sin equal bit for bit
    s = Math.SQRT1_2;
  } else if (a > n) {
    const x = (2 * Math.PI * (2 * n - a)) / (8 * n); // swap around pi/4
    c = Math.sin(x);
    s = Math.cos(x);
  } else {
    const x = (2 * Math.PI * a) / (8 * n);
    c = Math.cos(x);
    s = Math.sin(x);
  }
  return [cosSign * c, sinSign * s];
}

/**
 * Threads per line so that no thread holds more than STOCKHAM_REGISTERS values in any stage: a stage of
 * radix R has N/R butterflies, each thread takes ceil(N / (R T)) of them and keeps R values per butterfly.
 */
export function threadsPerLine(n: number, radices: readonly number[], registers = STOCKHAM_REGISTERS): number {
  for (let t = Math.max(1, Math.ceil(n / registers)); t <= n; t++) {
    if (radices.every((r) => Math.ceil(n / r / t) * r <= registers)) return t;
  }
  throw new RangeError(`no thread count keeps a ${n}-point line within ${registers} registers`);
}

/** What the planner needs to know about the device (from GpuContext.limits). */
export interface FftDeviceLimits {
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupsPerDimension: number;
  maxStorageBufferBindingSize: number;
}

/**
 * How a Stockham pass lays its lines out (docs/fft.md, "Variants"):
 * - 'workgroup': shaders/fft/stockham.wgsl, a line shared by several threads through workgroup memory,
 *   one barrier per stage (the GPU design);
 * - 'line': shaders/fft/stockham_line.wgsl, one invocation per line, the whole line in private memory,
 *   no workgroup memory and no barriers (the software-adapter design: lavapipe and SwiftShader run the
 *   invocations as SIMD lanes of one CPU core, and a barrier is a coroutine switch there).
 */
export type FftVariant = 'workgroup' | 'line';

/**
 * Longest line the 'line' variant takes (lines over 64 points keep 8 N bytes in private memory per
 * invocation, src/fft/lineCodelet.ts); longer lines, and lines with no split into two factors of at most
 * LINE_CODELET_LENGTH, use 'workgroup'.
 */
export const LINE_VARIANT_MAX_LENGTH = 1024;
/** Longest DFT the 'line' variant generates as straight-line code (= CODELET_MAX_LENGTH in lineCodelet.ts). */
export const LINE_CODELET_LENGTH = 16;

/** True when the 'line' variant can take an n-point line: one codelet, or two of at most LINE_CODELET_LENGTH. */
export function lineVariantFits(n: number): boolean {
  if (n > LINE_VARIANT_MAX_LENGTH) return false;
  if (n <= LINE_CODELET_LENGTH) return true;
  for (let d = 2; d <= LINE_CODELET_LENGTH; d++) if (n % d === 0 && n / d <= LINE_CODELET_LENGTH) return true;
  return false;
}
/** Invocations (= lines) per workgroup of the 'line' variant: a few 8-wide SIMD batches of lavapipe. */
export const LINE_VARIANT_GROUP = 32;

export interface FftPlanOptions {
  /** Longest line done in one pass; longer lines take the four-step split (default: what workgroup memory holds). */
  maxLineLength?: number;
  /** Kernel layout of the Stockham passes (default 'workgroup'; FftExecutor picks 'line' on software adapters). */
  variant?: FftVariant;
  /** Tuning knobs (benchmarks): force two / one workgroup buffers, registers per thread, threads per group. */
  tuning?: { pingPong?: boolean; registers?: number; groupThreads?: number };
}

/** Threads one workgroup may have on this device. */
function maxThreads(limits: FftDeviceLimits): number {
  return Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
}

/** Complex values that fit into workgroup memory. */
export function workgroupCapacity(limits: FftDeviceLimits): number {
  return Math.floor(limits.maxComputeWorkgroupStorageSize / COMPLEX_BYTES);
}

/** True when a line of n points can be transformed inside one workgroup on this device. */
export function lineFitsWorkgroup(n: number, limits: FftDeviceLimits, options: FftPlanOptions = {}): boolean {
  if (n > workgroupCapacity(limits)) return false;
  if (options.maxLineLength !== undefined && n > options.maxLineLength) return false;
  const radices = factorizeLength(n);
  if (radices.length > MAX_STAGES) return false;
  return lineThreads(n, radices, limits) <= maxThreads(limits);
}

/** Threads per line on this device: PREFERRED_REGISTERS where the device has the threads, else all registers. */
export function lineThreads(n: number, radices: readonly number[], limits: FftDeviceLimits): number {
  const preferred = threadsPerLine(n, radices, PREFERRED_REGISTERS);
  if (preferred <= maxThreads(limits)) return preferred;
  return threadsPerLine(n, radices, STOCKHAM_REGISTERS);
}

/**
 * Split a long line L = N1 * N2 for the four-step algorithm: both factors must fit a workgroup; the
 * most balanced pair is taken (fewest idle threads in either pass).
 */
export function splitLength(length: number, limits: FftDeviceLimits, options: FftPlanOptions = {}): [number, number] {
  let best: [number, number] | undefined;
  for (let n1 = 2; n1 < length; n1++) {
    if (length % n1 !== 0) continue;
    const n2 = length / n1;
    if (!lineFitsWorkgroup(n1, limits, options) || !lineFitsWorkgroup(n2, limits, options)) continue;
    if (!best || Math.abs(Math.log(n1 / n2)) < Math.abs(Math.log(best[0] / best[1]))) best = [n1, n2];
  }
  if (!best) throw new RangeError(`a line of ${length} points is too long for two passes on this device`);
  return best;
}

/** One level of the line batching inside a pass: `count` lines whose start advances by the strides. */
export interface LineDigit {
  count: number;
  inStride: number;
  outStride: number;
}

export type BufferRole = 'input' | 'output' | 'scratch';
/** Where a user hook runs (see src/fft/hooks.ts). */
export type HookPoint = 'forwardInput' | 'forwardOutput' | 'inverseInput' | 'inverseOutput';

/** Real-to-complex handling fused into a pass: 0 none, 1 forward post-processing, 2 inverse pre-processing. */
export type RealMode = 0 | 1 | 2;

export interface StockhamPass {
  kind: 'stockham';
  /** e.g. 'forward.x', 'inverse.y.step2' */
  label: string;
  axis: number;
  /** FFT length N of the lines of this pass. */
  length: number;
  radices: number[];
  realMode: RealMode;
  inverse: boolean;
  source: BufferRole;
  target: BufferRole;
  /** Exactly three digits (unused ones have count 1); digit 0 is batched LINES per workgroup. */
  digits: [LineDigit, LineDigit, LineDigit];
  inPointStride: number;
  outPointStride: number;
  /** Points written per line: N, or N + 1 for the real-to-complex pass. */
  storeCount: number;
  /** Four-step twiddle w_L^{digit * k} multiplied into the store (k = output point), or none. */
  twiddle?: { digit: number; length: number };
  /** Full real length nx whose roots w_nx^k the real-to-complex twist uses. */
  realLength?: number;
  scale: number;
  loadHook?: HookPoint;
  storeHook?: HookPoint;
  /** The first inverse pass: spectral derivatives (i k) are applied as it loads. */
  spectralLoad: boolean;
  threadsPerLine: number;
  linesPerWorkgroup: number;
  /** Workgroup-memory distance between lines (N, or N + 1 to spread lines over the memory banks). */
  pitch: number;
  /** Two workgroup buffers, so stages need one barrier each (lines up to half the workgroup memory). */
  pingPong: boolean;
  /** Which kernel runs the pass ('line': one invocation per line, threadsPerLine 1, no workgroup memory). */
  variant: FftVariant;
  workgroups: [number, number, number];
  bytesRead: number;
  bytesWritten: number;
}

/** The split-path real-to-complex twist in device memory (when the x lines were too long to fuse it). */
export interface RealTwistPass {
  kind: 'realTwist';
  label: string;
  inverse: boolean;
  /** The spectrum buffer, twisted in place. */
  target: BufferRole;
  /** M = nx / 2. */
  halfLength: number;
  /** Distance between spectrum lines (M + 1). */
  lineStride: number;
  lineCount: number;
  realLength: number;
  workgroups: [number, number, number];
  bytesRead: number;
  bytesWritten: number;
}

export type FftPass = StockhamPass | RealTwistPass;

export interface TransformPlan {
  /** [nx, ny, nz] (trailing 1 for 2D). */
  shape: [number, number, number];
  real: boolean;
  batch: number;
  /** Spectrum shape [kx, ky, kz]: nx/2+1 along x for real transforms. */
  spectrumShape: [number, number, number];
  forward: FftPass[];
  inverse: FftPass[];
  /** Complex elements of scratch memory the passes need (0 when no pass uses scratch). */
  scratchElements: number;
  /** Lengths n whose root tables w_n^m (m < n) the passes read. */
  rootLengths: number[];
}

/** A logical array in a buffer: counts and element strides per dimension (x, y, z, batch, ...). */
interface Layout {
  counts: number[];
  strides: number[];
}

function compactLayout(counts: number[]): Layout {
  const strides: number[] = [];
  let s = 1;
  for (const c of counts) {
    strides.push(s);
    s *= c;
  }
  return { counts: [...counts], strides };
}

/** Replace dimension `axis` of a layout by (n1, n2) with n1 the fast part: index n1 + N1 * n2. */
function splitLayout(layout: Layout, axis: number, n1: number, n2: number): Layout {
  const s = layout.strides[axis];
  return {
    counts: [...layout.counts.slice(0, axis), n1, n2, ...layout.counts.slice(axis + 1)],
    strides: [...layout.strides.slice(0, axis), s, s * n1, ...layout.strides.slice(axis + 1)],
  };
}

interface LinePassSpec {
  label: string;
  axis: number;
  length: number;
  realMode: RealMode;
  inverse: boolean;
  source: BufferRole;
  target: BufferRole;
  /** Layouts with the same dimensions; `pointDim` is the dimension the lines run along. */
  inLayout: Layout;
  outLayout: Layout;
  pointDim: number;
  storeCount: number;
  /** Dimension whose index is the four-step n1 (twiddle), if any. */
  twiddleDim?: number;
  twiddleLength?: number;
  realLength?: number;
  scale: number;
}

export interface WorkgroupShape {
  threads: number;
  lines: number;
  pitch: number;
  pingPong: boolean;
}

/**
 * How a pass's lines are laid out in workgroups. Candidates: 8 or 16 registers per thread, two or one
 * workgroup buffers, a batch of lines. Fewest registers first: the unrolled stage code grows with them and
 * a software adapter's compile time grows faster still (16 registers compile about 3x slower than 8).
 * Strided lines (y, z) then want many lines per workgroup: neighbouring lines are neighbours in memory,
 * so B lines make B-element runs (8 complex = a 64-byte cache line / memory transaction). Then two
 * buffers (one barrier per stage instead of two), then more lines (see lineBatch). Lines are padded
 * to an odd pitch where that still fits, spreading them over the memory banks.
 */
/**
 * Lines per workgroup, at most `most`: the batch (down to half of `most`) that leaves the fewest idle
 * lines in the last workgroup, a power of two on ties (x, y and z passes of one length then share a
 * pipeline). The half-spectrum passes of real transforms have nx/2 + 1 lines along x: 33 lines go as
 * 17 + 16, not 32 + 1.
 */
export function lineBatch(most: number, lineCount: number): number {
  if (lineCount <= most) return lineCount;
  let best = most;
  let bestScore: number[] | undefined;
  for (let b = most; b >= Math.ceil(most / 2); b--) {
    const idle = Math.ceil(lineCount / b) * b - lineCount;
    const score = [-idle, Number.isInteger(Math.log2(b)) ? 1 : 0, b];
    if (!bestScore || lexicographicallyGreater(score, bestScore)) {
      best = b;
      bestScore = score;
    }
  }
  return best;
}

function lexicographicallyGreater(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

export function chooseWorkgroup(
  n: number,
  radices: readonly number[],
  lineCount: number,
  strided: boolean,
  limits: FftDeviceLimits,
  tuning: FftPlanOptions['tuning'] = {},
): WorkgroupShape {
  const capacity = workgroupCapacity(limits);
  const deviceThreads = maxThreads(limits);
  const batchThreads = Math.min(deviceThreads, tuning.groupThreads ?? MAX_WORKGROUP_THREADS);
  let best: (WorkgroupShape & { score: number[] }) | undefined;
  const registerChoices = tuning.registers ? [tuning.registers] : [PREFERRED_REGISTERS, STOCKHAM_REGISTERS];
  const bufferChoices = tuning.pingPong === undefined ? [2, 1] : [tuning.pingPong ? 2 : 1];
  for (const registers of registerChoices) {
    const threads = threadsPerLine(n, radices, registers);
    if (threads > deviceThreads) continue;
    for (const buffers of bufferChoices) {
      const most = Math.min(Math.max(1, Math.floor(batchThreads / threads)), Math.floor(capacity / (buffers * n)));
      if (most < 1) continue;
      const lines = lineBatch(most, lineCount);
      const pitch = lines > 1 && n % 2 === 0 && buffers * lines * (n + 1) <= capacity ? n + 1 : n;
      const score = strided ? [-registers, Math.min(lines, 8), buffers, lines] : [-registers, buffers, lines];
      if (!best || lexicographicallyGreater(score, best.score)) best = { threads, lines, pitch, pingPong: buffers === 2, score };
    }
  }
  if (!best) throw new RangeError(`a ${n}-point line does not fit one workgroup`);
  const { score: _score, ...shape } = best;
  void _score;
  return shape;
}

function linePass(spec: LinePassSpec, limits: FftDeviceLimits, options: FftPlanOptions = {}): StockhamPass {
  const { inLayout, outLayout, pointDim } = spec;
  interface Dim extends LineDigit {
    twiddle: boolean;
  }
  let dims: Dim[] = [];
  inLayout.counts.forEach((count, d) => {
    if (d === pointDim || count === 1) return;
    dims.push({ count, inStride: inLayout.strides[d], outStride: outLayout.strides[d], twiddle: d === spec.twiddleDim });
  });
  // More than three line digits (a split axis plus x, y, z and a batch): merge neighbours that are
  // contiguous in both layouts, never the twiddle digit.
  while (dims.length > 3) {
    const i = dims.findIndex(
      (a, k) =>
        k + 1 < dims.length &&
        !a.twiddle &&
        !dims[k + 1].twiddle &&
        dims[k + 1].inStride === a.count * a.inStride &&
        dims[k + 1].outStride === a.count * a.outStride,
    );
    if (i < 0) throw new RangeError(`${spec.label}: cannot fold the line indices into three dispatch dimensions`);
    const a = dims[i];
    dims = [...dims.slice(0, i), { count: a.count * dims[i + 1].count, inStride: a.inStride, outStride: a.outStride, twiddle: false }, ...dims.slice(i + 2)];
  }
  while (dims.length < 3) dims.push({ count: 1, inStride: 0, outStride: 0, twiddle: false });
  const digits = dims.map(({ count, inStride, outStride }) => ({ count, inStride, outStride })) as [LineDigit, LineDigit, LineDigit];
  const twiddleDigit = dims.findIndex((d) => d.twiddle);

  const n = spec.length;
  const radices = factorizeLength(n);
  if (radices.length > MAX_STAGES) throw new RangeError(`${spec.label}: ${n} needs more than ${MAX_STAGES} stages`);
  const lineCount0 = digits[0].count;
  const variant: FftVariant = options.variant === 'line' && lineVariantFits(n) ? 'line' : 'workgroup';
  const { threads: tpl, lines, pitch, pingPong } =
    variant === 'line'
      ? { threads: 1, lines: lineBatch(Math.min(LINE_VARIANT_GROUP, maxThreads(limits)), lineCount0), pitch: n, pingPong: false }
      : chooseWorkgroup(n, radices, lineCount0, inLayout.strides[pointDim] !== 1, limits, options.tuning);
  const workgroups: [number, number, number] = [Math.ceil(lineCount0 / lines), digits[1].count, digits[2].count];
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  if (workgroups.some((w) => w > maxGroups)) {
    throw new RangeError(`${spec.label}: needs ${workgroups.join(' x ')} workgroups, the device allows ${maxGroups} per dimension`);
  }
  const lineTotal = digits[0].count * digits[1].count * digits[2].count;
  return {
    kind: 'stockham',
    label: spec.label,
    axis: spec.axis,
    length: n,
    radices,
    realMode: spec.realMode,
    inverse: spec.inverse,
    source: spec.source,
    target: spec.target,
    digits,
    inPointStride: inLayout.strides[pointDim],
    outPointStride: outLayout.strides[pointDim],
    storeCount: spec.storeCount,
    twiddle: twiddleDigit >= 0 ? { digit: twiddleDigit, length: spec.twiddleLength! } : undefined,
    realLength: spec.realLength,
    scale: spec.scale,
    spectralLoad: false,
    threadsPerLine: tpl,
    linesPerWorkgroup: lines,
    pitch,
    pingPong,
    variant,
    workgroups,
    // The inverse real pass also reads the Nyquist value X[M] of each line.
    bytesRead: lineTotal * (n + (spec.realMode === 2 ? 1 : 0)) * COMPLEX_BYTES,
    bytesWritten: lineTotal * spec.storeCount * COMPLEX_BYTES,
  };
}

interface AxisStep {
  axis: number;
  length: number;
  inLayout: Layout;
  outLayout: Layout;
  source: BufferRole;
  target: BufferRole;
  inverse: boolean;
  realMode: RealMode;
  storeCount: number;
  realLength?: number;
  scale: number;
  direction: 'forward' | 'inverse';
}

/**
 * The pass(es) of one axis: one Stockham pass when the line fits a workgroup, else the four-step split
 * through the scratch buffer: (1) FFTs of length N2 over n2 for each n1, times w_L^{n1 k2}, stored at
 * n1 + N1 k2; (2) FFTs of length N1 over n1 for each k2, stored at k2 + N2 k1 in the target.
 */
function axisPasses(step: AxisStep, limits: FftDeviceLimits, options: FftPlanOptions, scratchLayout: Layout): StockhamPass[] {
  const name = `${step.direction}.${'xyz'[step.axis]}`;
  const L = step.length;
  if (lineFitsWorkgroup(L, limits, options)) {
    return [
      linePass(
        {
          label: name,
          axis: step.axis,
          length: L,
          realMode: step.realMode,
          inverse: step.inverse,
          source: step.source,
          target: step.target,
          inLayout: step.inLayout,
          outLayout: step.outLayout,
          pointDim: step.axis,
          storeCount: step.storeCount,
          realLength: step.realLength,
          scale: step.scale,
        },
        limits,
        options,
      ),
    ];
  }
  if (step.realMode !== 0) throw new Error('internal: the real twist is planned separately on the split path');
  const [n1, n2] = splitLength(L, limits, options);
  const a = step.axis;
  // Step 1 runs in place when source and scratch coincide; otherwise it writes the compact scratch layout.
  const midLayout = step.source === 'scratch' ? step.inLayout : scratchLayout;
  const first = linePass(
    {
      label: `${name}.step1`,
      axis: a,
      length: n2,
      realMode: 0,
      inverse: step.inverse,
      source: step.source,
      target: 'scratch',
      inLayout: splitLayout(step.inLayout, a, n1, n2),
      outLayout: splitLayout(midLayout, a, n1, n2),
      pointDim: a + 1,
      storeCount: n2,
      twiddleDim: a,
      twiddleLength: L,
      scale: 1,
    },
    limits,
    options,
  );
  // Step 2: lines indexed by k2 (stride N1 in scratch, 1 in the target), points n1 -> k1 (stride N2 in the target).
  const midSplit = splitLayout(midLayout, a, n1, n2); // dims: a -> n1 (points), a + 1 -> k2 (lines)
  const outSplit = splitLayout(step.outLayout, a, n2, n1); // dims: a -> k2 (lines), a + 1 -> k1 (points)
  const swap = (l: Layout): Layout => {
    // Put k2 at dim a + 1 and k1 at dim a so both layouts index (n1|k1, k2) the same way.
    const counts = [...l.counts];
    const strides = [...l.strides];
    [counts[a], counts[a + 1]] = [counts[a + 1], counts[a]];
    [strides[a], strides[a + 1]] = [strides[a + 1], strides[a]];
    return { counts, strides };
  };
  const second = linePass(
    {
      label: `${name}.step2`,
      axis: a,
      length: n1,
      realMode: 0,
      inverse: step.inverse,
      source: 'scratch',
      target: step.target,
      inLayout: midSplit,
      outLayout: swap(outSplit),
      pointDim: a,
      storeCount: n1,
      scale: step.scale,
    },
    limits,
    options,
  );
  return [first, second];
}

function twistPass(label: string, inverse: boolean, target: BufferRole, half: number, lineCount: number, limits: FftDeviceLimits): RealTwistPass {
  const pairs = Math.floor(half / 2) + 1;
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  const workgroups: [number, number, number] = [Math.ceil(pairs / REAL_TWIST_WORKGROUP), Math.min(lineCount, maxGroups), Math.ceil(lineCount / maxGroups)];
  return {
    kind: 'realTwist',
    label,
    inverse,
    target,
    halfLength: half,
    lineStride: half + 1,
    lineCount,
    realLength: 2 * half,
    workgroups,
    bytesRead: lineCount * (half + 1) * COMPLEX_BYTES,
    bytesWritten: lineCount * (half + 1) * COMPLEX_BYTES,
  };
}

/** Threads per workgroup of shaders/fft/real_twist.wgsl. */
export const REAL_TWIST_WORKGROUP = 64;

export interface TransformRequest {
  shape: readonly number[];
  real: boolean;
  batch?: number;
  /** Real transforms: the inverse keeps its input spectrum intact (one spectrum of scratch). */
  preserveInput?: boolean;
}

/** Normalise [nx, ny] / [nx, ny, nz] to three lengths and check them. */
export function normaliseShape(shape: readonly number[], real: boolean): [number, number, number] {
  if (shape.length < 1 || shape.length > 3) throw new RangeError(`FFT shape must have 1 to 3 axes, got [${shape.join(', ')}]`);
  const s = [shape[0], shape[1] ?? 1, shape[2] ?? 1] as [number, number, number];
  s.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT axis ${'xyz'[i]} length must be a positive integer, got ${n}`);
    if (n > 1 && !isSmooth235(n)) throw new RangeError(`FFT axis ${'xyz'[i]} length ${n} does not factor into 2, 3 and 5`);
  });
  if (real && (s[0] % 2 !== 0 || s[0] < 4)) throw new RangeError(`a real FFT needs an even x length >= 4, got ${s[0]}`);
  return s;
}

/**
 * Plan forward and inverse transforms of a grid. Forward: axes x, y, z in turn (for real transforms the x
 * pass packs pairs of reals into complex values and fuses the real-to-complex twist); inverse: z, y, x.
 * Complex transforms read the input only in their first pass and never write it; the real inverse works
 * on its input spectrum in place unless `preserveInput` (then on scratch).
 */
export function planTransform(request: TransformRequest, limits: FftDeviceLimits, options: FftPlanOptions = {}): TransformPlan {
  const real = request.real;
  const batch = request.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive integer, got ${batch}`);
  const shape = normaliseShape(request.shape, real);
  const [nx, ny, nz] = shape;
  const half = nx / 2;
  const spectrumShape: [number, number, number] = [real ? half + 1 : nx, ny, nz];
  const spectrum = compactLayout([...spectrumShape, batch]);
  const axes = [0, 1, 2].filter((a) => shape[a] > 1);
  const total = nx * ny * nz;
  let scratchElements = 0;
  const needScratch = (layout: Layout) => {
    scratchElements = Math.max(scratchElements, layout.counts.reduce((p, c) => p * c, 1));
  };

  const forward: FftPass[] = [];
  const inverse: FftPass[] = [];
  if (!real) {
    const layout = spectrum;
    const run = (direction: 'forward' | 'inverse', order: number[], list: FftPass[]) => {
      order.forEach((axis, i) => {
        const last = i === order.length - 1;
        const passes = axisPasses(
          {
            axis,
            length: shape[axis],
            inLayout: layout,
            outLayout: layout,
            source: i === 0 ? 'input' : 'output',
            target: 'output',
            inverse: direction === 'inverse',
            realMode: 0,
            storeCount: shape[axis],
            scale: direction === 'inverse' && last ? 1 / total : 1,
            direction,
          },
          limits,
          options,
          layout,
        );
        if (passes.length > 1) needScratch(layout);
        list.push(...passes);
      });
    };
    run('forward', axes, forward);
    run('inverse', [...axes].reverse(), inverse);
  } else {
    // Real input viewed as complex pairs: line of M = nx/2 values of vec2 (x[2n], x[2n+1]).
    const pairs = compactLayout([half, ny, nz, batch]);
    const lines = ny * nz * batch;
    const xFits = lineFitsWorkgroup(half, limits, options);
    // Forward x.
    if (xFits) {
      forward.push(
        linePass(
          {
            label: 'forward.x',
            axis: 0,
            length: half,
            realMode: 1,
            inverse: false,
            source: 'input',
            target: 'output',
            inLayout: pairs,
            outLayout: spectrum,
            pointDim: 0,
            storeCount: half + 1,
            realLength: nx,
            scale: 1,
          },
          limits,
          options,
        ),
      );
    } else {
      const passes = axisPasses(
        { axis: 0, length: half, inLayout: pairs, outLayout: spectrum, source: 'input', target: 'output', inverse: false, realMode: 0, storeCount: half, scale: 1, direction: 'forward' },
        limits,
        options,
        pairs,
      );
      needScratch(pairs);
      forward.push(...passes, twistPass('forward.x.twist', false, 'output', half, lines, limits));
    }
    for (const axis of axes.filter((a) => a > 0)) {
      const passes = axisPasses(
        { axis, length: shape[axis], inLayout: spectrum, outLayout: spectrum, source: 'output', target: 'output', inverse: false, realMode: 0, storeCount: shape[axis], scale: 1, direction: 'forward' },
        limits,
        options,
        spectrum,
      );
      if (passes.length > 1) needScratch(spectrum);
      forward.push(...passes);
    }
    // Inverse: z, y on the spectrum (in place on the input, or input -> scratch when preserving), then x.
    const work: BufferRole = request.preserveInput ? 'scratch' : 'input';
    if (request.preserveInput) needScratch(spectrum);
    let current: BufferRole = 'input';
    const scaleAll = 1 / (half * ny * nz); // x[2n] = (1/M) sum E e^{+}: the 1/2 of E,O completes 1/nx
    for (const axis of axes.filter((a) => a > 0).reverse()) {
      const passes = axisPasses(
        { axis, length: shape[axis], inLayout: spectrum, outLayout: spectrum, source: current, target: work, inverse: true, realMode: 0, storeCount: shape[axis], scale: 1, direction: 'inverse' },
        limits,
        options,
        spectrum,
      );
      if (passes.length > 1) {
        if (work === 'scratch') throw new RangeError('preserveInput with a split y/z axis would need two scratch buffers; not supported');
        needScratch(spectrum);
      }
      inverse.push(...passes);
      current = work;
    }
    if (xFits) {
      inverse.push(
        linePass(
          {
            label: 'inverse.x',
            axis: 0,
            length: half,
            realMode: 2,
            inverse: true,
            source: current,
            target: 'output',
            inLayout: spectrum,
            outLayout: pairs,
            pointDim: 0,
            storeCount: half,
            realLength: nx,
            scale: scaleAll,
          },
          limits,
          options,
        ),
      );
    } else {
      // The twist works in place, so it must not run on a spectrum the caller wants preserved.
      if (current === 'input' && request.preserveInput) throw new RangeError('preserveInput needs a y or z axis when the x lines take the split path');
      inverse.push(twistPass('inverse.x.twist', true, current, half, lines, limits));
      const passes = axisPasses(
        { axis: 0, length: half, inLayout: spectrum, outLayout: pairs, source: current, target: 'output', inverse: true, realMode: 0, storeCount: half, scale: scaleAll, direction: 'inverse' },
        limits,
        options,
        pairs,
      );
      needScratch(pairs);
      inverse.push(...passes);
    }
  }

  // Hook points and the spectral (derivative) load.
  const firstStockham = (list: FftPass[]) => list.find((p): p is StockhamPass => p.kind === 'stockham')!;
  const lastStockham = (list: FftPass[]) => [...list].reverse().find((p): p is StockhamPass => p.kind === 'stockham')!;
  firstStockham(forward).loadHook = 'forwardInput';
  if (forward[forward.length - 1].kind !== 'stockham') throw new Error('internal: the forward transform must end with a Stockham pass');
  lastStockham(forward).storeHook = 'forwardOutput';
  if (inverse[0].kind !== 'stockham') throw new Error('internal: the inverse transform must start with a Stockham pass');
  firstStockham(inverse).loadHook = 'inverseInput';
  firstStockham(inverse).spectralLoad = true;
  lastStockham(inverse).storeHook = 'inverseOutput';

  const rootLengths = new Set<number>();
  for (const p of [...forward, ...inverse]) {
    if (p.kind === 'stockham') {
      rootLengths.add(p.length);
      if (p.twiddle) rootLengths.add(p.twiddle.length);
      if (p.realLength) rootLengths.add(p.realLength);
    } else rootLengths.add(p.realLength);
  }
  return { shape, real, batch, spectrumShape, forward, inverse, scratchElements, rootLengths: [...rootLengths].sort((a, b) => a - b) };
}

/** Bytes read plus written by a list of passes (the byte model of one transform). */
export function passBytes(passes: readonly FftPass[]): number {
  return passes.reduce((sum, p) => sum + p.bytesRead + p.bytesWritten, 0);
}

/** Root tables packed into one array: offsets (in complex elements) per length, and the f64 data. */
export function packRootTables(lengths: readonly number[]): { offsets: Map<number, number>; data: Float64Array } {
  const offsets = new Map<number, number>();
  let total = 0;
  for (const n of lengths) {
    offsets.set(n, total);
    total += n;
  }
  const data = new Float64Array(2 * total);
  for (const n of lengths) data.set(rootsOfUnity(n), 2 * offsets.get(n)!);
  return { offsets, data };
}
