/**
 * What the wavevector's index arithmetic costs on a software adapter (issue 24, docs/benchmark.md
 * "Wavevector index arithmetic"). A spectral kernel of the shape of the Cahn-Hilliard update (mode i ->
 * (mx, my, mz) -> k^2 -> c_hat / (1 + dt k^2 (kappa k^2 + A))) in three variants, timed interleaved on one
 * device (best of 7 rounds of 100 dispatches):
 * - runtime: i % sx, (i / sx) % sy, i / (sx sy) with the shape from a uniform (shaders/ch/wavevector.wgsl today);
 * - float: the quotients from a float32 division, corrected once by the remainder (exact for any u32
 *   index and divisors below 2^16: the first estimate is within 2^10 / n + 1 of the quotient, so the
 *   remainder is small and exact in f32);
 * - override: the shape as pipeline-overridable constants, so the backend divides by constants
 *   (multiply and shift) at the price of one pipeline per grid shape.
 * All three must give the same result (checked against the runtime variant bit for bit).
 * Then the engine's Cahn-Hilliard step (the bench's CH cases) with the spectrum's extents as constants and
 * without (SPINODE_SPECTRUM_CONSTANTS while each stepper is created; src/solver/spectrumConstants.ts),
 * interleaved on one device, best of 7 rounds of 40 steps.
 *
 *   npx tsx scripts/bench-wavevector-index.ts [sx sy sz]      (default: 129 256 1, the half spectrum of 256^2)
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { register } from 'node:module';
import { create, globals } from 'webgpu';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { chCase, solverCaseName, solverCaseScene } = await import('../src/bench/solverBench.ts');
const { CahnHilliardStepper } = await import('../src/solver/cahnHilliard.ts');
const { initialConcentration } = await import('../src/solver/initialCondition.ts');
const { interleavedStepTimes } = await import('./lib-stepper-ab.ts');

Object.assign(globalThis, globals);
const navigatorGpu = create([]);
// keep the instance alive for as long as the device is used (PLATFORM.md)
(globalThis as Record<string, unknown>).spinodeGpuInstance = navigatorGpu;
const adapter = await navigatorGpu.requestAdapter();
if (!adapter) throw new Error('no WebGPU adapter (set VK_ICD_FILENAMES, PLATFORM.md)');
const device = await adapter.requestDevice();
device.addEventListener('uncapturederror', (e) => {
  console.error((e as GPUUncapturedErrorEvent).error.message);
  process.exit(1);
});

const [sx, sy, sz] = [2, 3, 4].map((i, j) => Number(process.argv[i] ?? [129, 256, 1][j]));
const modes = sx * sy * sz;
const WG = 256;

const common = /* wgsl */ `
struct Params { spectrumShape: vec4<u32>, shape: vec4<u32> }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> source: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> updated: array<vec2<f32>>;
override SX: u32 = 1u;
override SY: u32 = 1u;
fn signed_mode(m: u32, n: u32) -> f32 { return select(f32(m), f32(m) - f32(n), m > n / 2u); }
/** floor(i / n) from a float32 estimate corrected by its remainder */
fn quotient(i: u32, n: u32) -> u32 {
  let q0 = u32(f32(i) / f32(n));
  let r = bitcast<i32>(i - q0 * n);
  return bitcast<u32>(bitcast<i32>(q0) + i32(floor(f32(r) / f32(n))));
}`;
const index = {
  runtime: /* wgsl */ `fn spectral_index(i: u32) -> vec3<u32> { let s = params.spectrumShape; return vec3<u32>(i % s.x, (i / s.x) % s.y, i / (s.x * s.y)); }`,
  float: /* wgsl */ `fn spectral_index(i: u32) -> vec3<u32> {
  let s = params.spectrumShape;
  let q1 = quotient(i, s.x);
  let q2 = quotient(q1, s.y);
  return vec3<u32>(i - q1 * s.x, q1 - q2 * s.y, q2);
}`,
  override: /* wgsl */ `fn spectral_index(i: u32) -> vec3<u32> { return vec3<u32>(i % SX, (i / SX) % SY, i / (SX * SY)); }`,
};
const body = /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * ${WG}u;
  if (i >= params.spectrumShape.w) { return; }
  let m = spectral_index(i);
  let k = 0.0314 * vec3<f32>(f32(m.x), signed_mode(m.y, params.shape.y), signed_mode(m.z, params.shape.z));
  let k2 = dot(k, k);
  updated[i] = source[i] / (1.0 + 0.1 * k2 * (2.0 * k2 + 0.5)) + vec2<f32>(f32(m.x), f32(m.y) + 1e-3 * f32(m.z));
}`;

const uniform = device.createBuffer({ size: 32, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(uniform, 0, new Uint32Array([sx, sy, sz, modes, 2 * (sx - 1), sy, sz, 0]));
const source = device.createBuffer({ size: modes * 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(source, 0, new Float32Array(2 * modes).map((_, j) => Math.sin(j)));
const workgroups = Math.ceil(modes / WG);
const gx = Math.min(workgroups, 65535);
const gy = Math.ceil(workgroups / gx);

const variants = Object.entries(index).map(([name, code]) => {
  const module = device.createShaderModule({ code: common + code + body });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main', constants: { SX: sx, SY: sy } } });
  const target = device.createBuffer({ size: modes * 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [uniform, source, target].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  return { name, pipeline, target, group, best: Infinity };
});

async function time(v: (typeof variants)[number], reps: number): Promise<number> {
  const start = performance.now();
  const encoder = device.createCommandEncoder();
  for (let r = 0; r < reps; r++) {
    const pass = encoder.beginComputePass();
    pass.setPipeline(v.pipeline);
    pass.setBindGroup(0, v.group);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
  }
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - start) / reps;
}

async function read(buffer: GPUBuffer): Promise<Float32Array> {
  const staging = device.createBuffer({ size: buffer.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, buffer.size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const data = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return data;
}

for (const v of variants) await time(v, 3); // compile and warm up
const reference = await read(variants[0].target);
for (const v of variants.slice(1)) {
  const data = await read(v.target);
  const bad = data.findIndex((x, j) => x !== reference[j]);
  if (bad >= 0) throw new Error(`${v.name}: differs from the runtime variant at mode ${bad >> 1}`);
}
for (let round = 0; round < 7; round++) for (const v of variants) v.best = Math.min(v.best, await time(v, 100));
console.log(`${adapter.info.description}; spectrum ${sx} x ${sy} x ${sz} (${modes} modes); load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const v of variants) console.log(`  ${v.name.padEnd(8)} ${v.best.toFixed(3)} ms per dispatch (${((v.best * 1e6) / modes).toFixed(2)} ns per mode)`);
device.destroy();

// 2. The engine's Cahn-Hilliard step, the spectrum's extents as uniforms ('0') or as constants ('1').
const gpu = await acquireNodeGpu({ label: 'bench-wavevector-index' });
const rounds = 7;
const stepsPerRound = 40;
for (const c of [chCase([256, 256]), chCase([64, 64, 64]), chCase([256, 256], 'constant', 'etdrk4')]) {
  const spec = solverCaseScene(c);
  const variants = ['0', '1'].map((setting) => {
    process.env.SPINODE_SPECTRUM_CONSTANTS = setting;
    const stepper = new CahnHilliardStepper(gpu, spec, new PipelineCache(gpu.device));
    const control = spec.internal.control;
    stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
    return { gpu, stepper };
  });
  delete process.env.SPINODE_SPECTRUM_CONSTANTS;
  const [uniforms, constants] = await interleavedStepTimes(variants, rounds, stepsPerRound);
  console.log(`${solverCaseName(c)}: steps/s, best of ${rounds} rounds of ${stepsPerRound}: uniforms ${(1000 / uniforms).toFixed(1)}, constants ${(1000 / constants).toFixed(1)}; constants / uniforms = ${(uniforms / constants).toFixed(2)}`);
}
gpu.dispose();
process.exit(0);
