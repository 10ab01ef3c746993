/**
 * A/B measurement for issue 24: workgroup reductions as a shared-memory tree (one barrier per halving:
 * 8 for 256 invocations) against subgroup operations (reduce within each subgroup, one barrier, then one
 * invocation folds the subgroup results; shaders/lib/workgroup_reduce_*.wgsl).
 * 1. A kernel of the shape of shaders/ch/bulk_potential.wgsl (g = f'(c) per cell, per workgroup
 *    (sum f, sum c, min c, max c)), both variants checked against a float64 sum, timed interleaved
 *    (A, B, A, B, ...) on one device.
 * 2. The engine's Cahn-Hilliard step (the bench's CH cases) on two devices in this process, one with
 *    subgroups and one without (SPINODE_SUBGROUPS=0 while it is created), timed interleaved.
 * The best round of each is reported (the machine is shared, so the best is the least disturbed).
 *   npx tsx scripts/bench-reduction-variants.ts [--cells 65536] [--rounds 7] [--reps 200] [--steps 40]
 */
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { create, globals } from 'webgpu';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { chCase, solverCaseName, solverCaseScene } = await import('../src/bench/solverBench.ts');
const { CahnHilliardStepper } = await import('../src/solver/cahnHilliard.ts');
const { initialConcentration } = await import('../src/solver/initialCondition.ts');
const { interleavedStepTimes } = await import('./lib-stepper-ab.ts');

Object.assign(globalThis, globals);
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const cells = Number(arg('cells', '65536'));
const rounds = Number(arg('rounds', '7'));
const reps = Number(arg('reps', '200'));
const stepsPerRound = Number(arg('steps', '40'));

const WG = 256;
const ITEMS = 4;
const navigatorGpu = create([]);
// keep the instance alive for as long as the device is used (PLATFORM.md)
(globalThis as Record<string, unknown>).spinodeGpuInstance = navigatorGpu;
const adapter = await navigatorGpu.requestAdapter();
if (!adapter) throw new Error('no WebGPU adapter (set VK_ICD_FILENAMES, PLATFORM.md)');
if (!adapter.features.has('subgroups')) throw new Error('the adapter has no "subgroups" feature');
const device = await adapter.requestDevice({ requiredFeatures: ['subgroups'] });
console.log(`adapter: ${adapter.info.description}, subgroup size ${adapter.info.subgroupMinSize}-${adapter.info.subgroupMaxSize}; ${cells} cells; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const common = /* wgsl */ `
const BIG: f32 = 3.0e38;
@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> potential: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<vec4<f32>>;
fn f(c: f32) -> f32 { let a = c - 0.3; let b = 0.7 - c; return 5.0 * a * a * b * b; }
fn df(c: f32) -> f32 { let a = c - 0.3; let b = 0.7 - c; return 10.0 * a * b * (b - a); }
fn combine(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> { return vec4<f32>(a.x + b.x, a.y + b.y, min(a.z, b.z), max(a.w, b.w)); }
fn local_record(wid: u32, lid: u32) -> vec4<f32> {
  var rec = vec4<f32>(0.0, 0.0, BIG, -BIG);
  for (var k = 0u; k < ${ITEMS}u; k = k + 1u) {
    let i = (wid * ${ITEMS}u + k) * ${WG}u + lid;
    if (i < ${cells}u) {
      let c = concentration[i];
      potential[i] = df(c);
      rec = combine(rec, vec4<f32>(f(c), c, c, c));
    }
  }
  return rec;
}`;

const tree = /* wgsl */ `${common}
var<workgroup> shared_rec: array<vec4<f32>, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid3: vec3<u32>) {
  shared_rec[lid] = local_record(wid3.x, lid);
  var stride = ${WG / 2}u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) { shared_rec[lid] = combine(shared_rec[lid], shared_rec[lid + stride]); }
    stride = stride / 2u;
  }
  if (lid == 0u) { partials[wid3.x] = shared_rec[0]; }
}`;

const subgroup = /* wgsl */ `enable subgroups;
${common}
var<workgroup> shared_rec: array<vec4<f32>, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(subgroup_invocation_id) sid: u32, @builtin(subgroup_size) sgs: u32) {
  let rec = local_record(wid3.x, lid);
  let r = vec4<f32>(subgroupAdd(rec.x), subgroupAdd(rec.y), subgroupMin(rec.z), subgroupMax(rec.w));
  if (sid == 0u) { shared_rec[lid / sgs] = r; }
  workgroupBarrier();
  if (lid == 0u) {
    var total = shared_rec[0];
    for (var s = 1u; s < ${WG}u / sgs; s = s + 1u) { total = combine(total, shared_rec[s]); }
    partials[wid3.x] = total;
  }
}`;

const groups = Math.ceil(cells / (WG * ITEMS));
const c = new Float32Array(cells);
let seed = 12345;
for (let i = 0; i < cells; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  c[i] = 0.5 + 0.1 * (seed / 2 ** 32 - 0.5);
}
const input = device.createBuffer({ size: 4 * cells, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(input, 0, c);
const output = device.createBuffer({ size: 4 * cells, usage: GPUBufferUsage.STORAGE });
const partials = device.createBuffer({ size: 16 * groups, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
const readback = device.createBuffer({ size: 16 * groups, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });

function variant(code: string) {
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [input, output, partials].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  return (count: number) => {
    const e = device.createCommandEncoder();
    for (let i = 0; i < count; i++) {
      const pass = e.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(groups);
      pass.end();
    }
    device.queue.submit([e.finish()]);
  };
}

async function check(run: (n: number) => void): Promise<number> {
  run(1);
  const e = device.createCommandEncoder();
  e.copyBufferToBuffer(partials, 0, readback, 0, 16 * groups);
  device.queue.submit([e.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const p = new Float32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  let sum = 0;
  for (let g = 0; g < groups; g++) sum += p[4 * g + 1];
  let exact = 0;
  for (const x of c) exact += x;
  return Math.abs(sum - exact) / exact;
}

const variants = { tree: variant(tree), subgroup: variant(subgroup) };
for (const [name, run] of Object.entries(variants)) console.log(`${name}: relative error of sum c ${(await check(run)).toExponential(2)}`);
const best: Record<string, number> = { tree: Infinity, subgroup: Infinity };
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(variants)) {
    const t0 = performance.now();
    run(reps);
    await device.queue.onSubmittedWorkDone();
    best[name] = Math.min(best[name], (performance.now() - t0) / reps);
  }
}
console.log(`kernel, best of ${rounds} rounds, ms per dispatch: tree ${best.tree.toFixed(4)}, subgroup ${best.subgroup.toFixed(4)}; tree / subgroup = ${(best.tree / best.subgroup).toFixed(2)}`);

// 2. The engine's CH step on a device without subgroups and one with them.
process.env.SPINODE_SUBGROUPS = '0';
const treeGpu = await acquireNodeGpu();
delete process.env.SPINODE_SUBGROUPS;
const subgroupGpu = await acquireNodeGpu();
if (treeGpu.hasSubgroups || !subgroupGpu.hasSubgroups) throw new Error('could not create one device with and one without subgroups');
for (const c of [chCase([256, 256]), chCase([64, 64, 64]), chCase([256, 256], 'constant', 'etdrk4')]) {
  const spec = solverCaseScene(c);
  const variants = [treeGpu, subgroupGpu].map((gpu) => {
    const stepper = new CahnHilliardStepper(gpu, spec, new PipelineCache(gpu.device));
    const control = spec.internal.control;
    stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
    return { gpu, stepper };
  });
  const [tree, sub] = await interleavedStepTimes(variants, rounds, stepsPerRound);
  console.log(`${solverCaseName(c)}: best of ${rounds} rounds of ${stepsPerRound} steps, steps/s: tree ${(1000 / tree).toFixed(1)}, subgroup ${(1000 / sub).toFixed(1)}; subgroup / tree = ${(tree / sub).toFixed(2)}`);
}
process.exit(0);
