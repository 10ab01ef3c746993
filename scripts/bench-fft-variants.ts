/**
 * A/B measurement of the FFT kernel variants (docs/fft.md, "Variants") in one process on one device:
 * for each grid and transform, the 'workgroup' and 'line' plans are checked against a float64 FFT once,
 * then timed interleaved (A, B, A, B, ...) over `--rounds` rounds of `--reps` back-to-back transforms
 * each; the best round per variant is reported (the machine is shared, so the best is the least
 * disturbed), with the ratio workgroup / line.
 *   npx tsx scripts/bench-fft-variants.ts [--rounds 7] [--reps 20] [--grids 256x256,64x64x64]
 */
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { createStorageBuffer, uploadStorageBuffer, readFloat32 } = await import('../src/gpu/buffers.ts');
const { ComplexFft } = await import('../src/fft/complexFft.ts');
const { RealFft } = await import('../src/fft/realFft.ts');
const { fftNd, realFftNd, halfSpectrum, relativeL2Error } = await import('../src/fft/reference.ts');

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(arg('rounds', '7'));
const reps = Number(arg('reps', '20'));
const grids = arg('grids', '256x256,64x64x64').split(',').map((g) => g.split('x').map(Number));
const transforms = arg('transforms', 'c2c,r2c,c2r').split(',');

const gpu = await acquireNodeGpu();
const device = gpu.device;
const cache = new PipelineCache(device);
console.log(`adapter: ${gpu.adapterInfo.description || gpu.adapterInfo.vendor} (software: ${gpu.adapterInfo.isSoftware}), ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

type Variant = 'workgroup' | 'line';
interface Runner {
  run: (count: number) => void;
  error: () => Promise<number>;
}

function makeRunner(kind: string, shape: number[], variant: Variant): Runner {
  const cells = shape.reduce((a, b) => a * b, 1);
  if (kind === 'c2c') {
    const fft = new ComplexFft(gpu, shape, { cache, variant });
    const x = random(2 * cells, 7);
    const a = uploadStorageBuffer(gpu, 'a', x);
    const b = createStorageBuffer(gpu, 'b', 8 * cells);
    return {
      run: (count) => {
        const e = device.createCommandEncoder();
        for (let i = 0; i < count; i++) fft.forward(e, a, b);
        device.queue.submit([e.finish()]);
      },
      error: async () => {
        const e = device.createCommandEncoder();
        fft.forward(e, a, b);
        device.queue.submit([e.finish()]);
        const got = await readFloat32(device, b, 2 * cells);
        return relativeL2Error(got, fftNd(Float64Array.from(x), shape));
      },
    };
  }
  const fft = new RealFft(gpu, shape, { cache, variant });
  const half = (shape[0] / 2 + 1) * (cells / shape[0]);
  const x = random(cells, 11);
  const real = uploadStorageBuffer(gpu, 'real', x);
  const spec = createStorageBuffer(gpu, 'spec', 8 * half);
  const back = createStorageBuffer(gpu, 'back', 4 * cells);
  const saved = createStorageBuffer(gpu, 'saved', 8 * half);
  const init = device.createCommandEncoder();
  fft.forward(init, real, saved);
  device.queue.submit([init.finish()]);
  return {
    run: (count) => {
      const e = device.createCommandEncoder();
      for (let i = 0; i < count; i++) {
        if (kind === 'r2c') fft.forward(e, real, spec);
        else {
          // The inverse overwrites its input spectrum: restore it first (a copy, the same for both variants).
          e.copyBufferToBuffer(saved, 0, spec, 0, 8 * half);
          fft.inverse(e, spec, back);
        }
      }
      device.queue.submit([e.finish()]);
    },
    error: async () => {
      const e = device.createCommandEncoder();
      fft.forward(e, real, spec);
      device.queue.submit([e.finish()]);
      const got = await readFloat32(device, spec, 2 * half);
      const err = relativeL2Error(got, realFftNd(x, shape));
      const e2 = device.createCommandEncoder();
      fft.inverse(e2, spec, back);
      device.queue.submit([e2.finish()]);
      const rt = await readFloat32(device, back, cells);
      return Math.max(err, relativeL2Error(rt, x));
    },
  };
}

async function time(r: Runner): Promise<number> {
  const t0 = performance.now();
  r.run(reps);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / reps;
}

const rows: string[] = ['| grid | transform | workgroup ms | line ms | workgroup / line | rel. L2 workgroup | rel. L2 line |', '|---|---|---|---|---|---|---|'];
for (const shape of grids) {
  for (const kind of transforms) {
    const runners = { workgroup: makeRunner(kind, shape, 'workgroup'), line: makeRunner(kind, shape, 'line') };
    const err = { workgroup: await runners.workgroup.error(), line: await runners.line.error() };
    for (const v of ['workgroup', 'line'] as Variant[]) await time(runners[v]); // warm up (compile)
    const best: Record<Variant, number> = { workgroup: Infinity, line: Infinity };
    for (let i = 0; i < rounds; i++) {
      for (const v of (i % 2 ? ['line', 'workgroup'] : ['workgroup', 'line']) as Variant[]) best[v] = Math.min(best[v], await time(runners[v]));
    }
    const row = `| ${shape.join(' x ')} | ${kind} | ${best.workgroup.toFixed(3)} | ${best.line.toFixed(3)} | ${(best.workgroup / best.line).toFixed(2)} | ${err.workgroup.toExponential(1)} | ${err.line.toExponential(1)} |`;
    console.log(row);
    rows.push(row);
  }
}
console.log(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(rows.join('\n'));
process.exit(0);
