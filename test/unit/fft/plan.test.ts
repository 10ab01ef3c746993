import { mulberry32 } from '../../../src/physics/random.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  factorizeLength,
  isSmooth235,
  lineBatch,
  lineFitsWorkgroup,
  MAX_STAGES,
  packRootTables,
  passBytes,
  planTransform,
  rootsOfUnity,
  splitLength,
  STOCKHAM_REGISTERS,
  SUPPORTED_RADICES,
  threadsPerLine,
  type FftDeviceLimits,
  type StockhamPass,
} from '../../../src/fft/plan.ts';
import { dft1d, fft1d, fftNd, realFftNd, relativeL2Error } from '../../../src/fft/reference.ts';
import { runPlan } from './planTwin.ts';

/** The software adapter's limits (lavapipe): 32 KiB of workgroup memory = 4096 complex f32. */
const LIMITS: FftDeviceLimits = {
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
};

function rng(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => uniform() - 0.5;
}

function randomArray(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r());
}

const smoothLengths = Array.from({ length: 4095 }, (_, i) => i + 2).filter(isSmooth235);

describe('factorizeLength', () => {
  it('factors every 2-3-5 length up to 4096 into supported radices whose product is the length', () => {
    for (const n of smoothLengths) {
      const radices = factorizeLength(n);
      expect(radices.reduce((a, b) => a * b, 1)).toBe(n);
      for (const r of radices) expect(SUPPORTED_RADICES).toContain(r);
      expect(radices.length).toBeLessThanOrEqual(MAX_STAGES);
      // At most one radix-2 stage, and only when n has a single factor 2 (otherwise 4s and 8s pay).
      expect(radices.filter((r) => r === 2).length).toBe(n % 2 === 0 && n % 4 !== 0 ? 1 : 0);
    }
  });

  it('prefers radix 8 and 4: 4096 = 8^4, 256 = 8 * 8 * 4, 16 = 4 * 4, 200 = 8 * 5 * 5', () => {
    expect(factorizeLength(4096)).toEqual([8, 8, 8, 8]);
    expect(factorizeLength(256)).toEqual([8, 8, 4]);
    expect(factorizeLength(16)).toEqual([4, 4]);
    expect(factorizeLength(200)).toEqual([8, 5, 5]);
    expect(factorizeLength(30)).toEqual([2, 5, 3]);
  });

  it('rejects lengths with other prime factors', () => {
    expect(() => factorizeLength(7)).toThrow(/2, 3 and 5/);
    expect(() => factorizeLength(1)).toThrow(/>= 2/);
    expect(() => planTransform({ shape: [64, 14], real: false }, LIMITS)).toThrow(/axis y length 14/);
    expect(() => planTransform({ shape: [45, 16], real: true }, LIMITS)).toThrow(/even x length/);
  });
});

describe('twiddle tables (float64)', () => {
  it('are the roots of unity e^{-2 pi i m / n} to float64 round-off', () => {
    for (const n of [3, 8, 200, 4096]) {
      const t = rootsOfUnity(n);
      for (let m = 0; m < n; m++) {
        expect(Math.abs(t[2 * m] - Math.cos((2 * Math.PI * m) / n))).toBeLessThan(1e-15);
        expect(Math.abs(t[2 * m + 1] + Math.sin((2 * Math.PI * m) / n))).toBeLessThan(1e-15);
      }
    }
  });

  it('hit the exact values at multiples of pi/2 and keep the circle symmetries exactly', () => {
    const t = rootsOfUnity(16);
    expect([t[8], t[9]]).toEqual([0, -1]); // m = 4: -i
    expect([t[16], t[17]]).toEqual([-1, -0]); // m = 8: -1 (sin folded to exactly zero)
    expect(t[2 * 2]).toBe(-t[2 * 2 + 1]); // m = 2: (1 - i)/sqrt 2, equal magnitudes bit for bit
    for (let m = 1; m < 8; m++) expect(t[2 * (16 - m)]).toBe(t[2 * m]); // conjugate symmetry w^{n-m} = conj w^m
  });

  it('pack into one table with an offset per length', () => {
    const { offsets, data } = packRootTables([4, 6]);
    expect(offsets.get(4)).toBe(0);
    expect(offsets.get(6)).toBe(4);
    expect(data.length).toBe(2 * 10);
    expect([...data.subarray(8, 10)]).toEqual([1, -0]);
  });
});

describe('threads per line', () => {
  it('keep every stage within the register budget of the kernel', () => {
    const wgsl = readFileSync(new URL('../../../shaders/fft/stockham.wgsl', import.meta.url), 'utf8');
    expect(wgsl).toMatch(new RegExp(`const REGISTERS: u32 = ${STOCKHAM_REGISTERS}u;`));
    for (const n of smoothLengths) {
      const radices = factorizeLength(n);
      const t = threadsPerLine(n, radices);
      for (const r of radices) expect(Math.ceil(n / r / t) * r).toBeLessThanOrEqual(STOCKHAM_REGISTERS);
    }
    expect(threadsPerLine(4096, factorizeLength(4096))).toBe(256);
  });

  it('every line up to 4096 points fits a 32 KiB workgroup (256 threads but for 3888, 4000, 4050)', () => {
    for (const n of smoothLengths) expect(lineFitsWorkgroup(n, LIMITS)).toBe(true);
    const small = { ...LIMITS, maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256 };
    expect(smoothLengths.filter((n) => !lineFitsWorkgroup(n, small))).toEqual([3888, 4000, 4050]);
    expect(lineFitsWorkgroup(4500, LIMITS)).toBe(false);
    expect(splitLength(8192, LIMITS)).toEqual([64, 128]);
  });
});

describe('lines per workgroup', () => {
  it('leaves the fewest lines idle, preferring powers of two', () => {
    expect(lineBatch(32, 64)).toBe(32);
    expect(lineBatch(32, 33)).toBe(17); // the half spectrum of nx = 64: 17 + 16, not 32 + 1
    expect(lineBatch(32, 129)).toBe(26); // 5 x 26 = 130
    expect(lineBatch(32, 20)).toBe(20);
    expect(lineBatch(64, 4096)).toBe(64);
  });
});

describe('fft1d (float64 reference)', () => {
  for (const n of [1, 2, 7, 12, 30, 64, 210, 243]) {
    it(`matches the direct DFT for n = ${n}`, () => {
      const x = randomArray(2 * n, n);
      expect(relativeL2Error(fft1d(x), dft1d(x))).toBeLessThan(1e-13);
      expect(relativeL2Error(fft1d(fft1d(x), true), x)).toBeLessThan(1e-14);
    });
  }
});

describe('plan structure: one pass over memory per axis', () => {
  const cases: [number[], boolean][] = [
    [[64, 64], false],
    [[256, 256], true],
    [[200, 240], false],
    [[32, 32, 32], true],
    [[48, 40, 30], false],
    [[4096, 8], true], // M = 2048
    [[8192, 8], true], // M = 4096: the longest real line done in one pass
    [[512, 512, 512], true],
  ];
  for (const [shape, real] of cases) {
    it(`${real ? 'real' : 'complex'} [${shape.join(', ')}]`, () => {
      const plan = planTransform({ shape, real }, LIMITS);
      const axes = shape.filter((n) => n > 1).length;
      expect(plan.forward.length).toBe(axes);
      expect(plan.inverse.length).toBe(axes);
      expect(plan.scratchElements).toBe(0);
      const cells = shape.reduce((a, b) => a * b, 1);
      const spectrum = plan.spectrumShape.reduce((a, b) => a * b, 1);
      // Each pass reads and writes every value of its array once: the byte model is exact.
      const complexPass = 2 * 8 * spectrum;
      const expectedForward = real ? 4 * cells + 8 * spectrum + (axes - 1) * complexPass : axes * complexPass;
      expect(passBytes(plan.forward)).toBe(expectedForward);
      // The inverse real pass reads the M + 1 values the forward one wrote and writes the M pairs it read.
      expect(passBytes(plan.inverse)).toBe(expectedForward);
      for (const p of [...plan.forward, ...plan.inverse] as StockhamPass[]) {
        expect(p.kind).toBe('stockham');
        expect((p.pingPong ? 2 : 1) * p.linesPerWorkgroup * p.pitch).toBeLessThanOrEqual(4096);
        expect(p.linesPerWorkgroup * p.threadsPerLine).toBeLessThanOrEqual(512);
      }
    });
  }

  it('hooks sit on the first and last passes and the derivative on the first inverse pass', () => {
    const plan = planTransform({ shape: [32, 16, 8], real: true }, LIMITS);
    const f = plan.forward as StockhamPass[];
    const i = plan.inverse as StockhamPass[];
    expect(f.map((p) => [p.loadHook, p.storeHook])).toEqual([['forwardInput', undefined], [undefined, undefined], [undefined, 'forwardOutput']]);
    expect(i.map((p) => [p.loadHook, p.storeHook, p.spectralLoad])).toEqual([
      ['inverseInput', undefined, true],
      [undefined, undefined, false],
      [undefined, 'inverseOutput', false],
    ]);
  });

  it('long lines take the four-step split (two passes) and the real twist in its own pass', () => {
    const plan = planTransform({ shape: [64, 8], real: true }, LIMITS, { maxLineLength: 16 });
    expect(plan.forward.map((p) => p.label)).toEqual(['forward.x.step1', 'forward.x.step2', 'forward.x.twist', 'forward.y']);
    expect(plan.inverse.map((p) => p.label)).toEqual(['inverse.y', 'inverse.x.twist', 'inverse.x.step1', 'inverse.x.step2']);
    expect(plan.scratchElements).toBe(32 * 8);
  });
});

describe('CPU twin of the kernels executes the plan exactly (float64)', () => {
  const complexCases: [number[], number?][] = [[[8, 8]], [[64, 64]], [[200, 240]], [[30, 12, 10]], [[48, 40, 30]], [[16, 8, 4], 8], [[12, 9], 4]];
  for (const [shape, maxLineLength] of complexCases) {
    it(`complex [${shape.join(', ')}]${maxLineLength ? ` split at ${maxLineLength}` : ''}`, () => {
      const plan = planTransform({ shape, real: false }, LIMITS, { maxLineLength });
      if (maxLineLength) expect(plan.forward.length).toBeGreaterThan(shape.length);
      const n = shape.reduce((a, b) => a * b, 1);
      const x = randomArray(2 * n, n);
      const X = runPlan(plan, 'forward', x, 2 * n);
      expect(relativeL2Error(X.output, fftNd(x, shape))).toBeLessThan(1e-13);
      expect([...X.input]).toEqual([...x]); // the input is never written
      const back = runPlan(plan, 'inverse', X.output, 2 * n);
      expect(relativeL2Error(back.output, x)).toBeLessThan(1e-13);
    });
  }

  const realCases: [number[], number?, boolean?][] = [
    [[8, 8]],
    [[64, 64]],
    [[30, 12]],
    [[200, 240]],
    [[48, 40, 30]],
    [[64, 8], 16],
    [[40, 6, 4], 5],
    [[32, 8, 4], undefined, true],
    [[64, 8, 2], 16, true],
  ];
  for (const [shape, maxLineLength, preserveInput] of realCases) {
    it(`real [${shape.join(', ')}]${maxLineLength ? ` split at ${maxLineLength}` : ''}${preserveInput ? ' preserving the spectrum' : ''}`, () => {
      const plan = planTransform({ shape, real: true, preserveInput }, LIMITS, { maxLineLength });
      const n = shape.reduce((a, b) => a * b, 1);
      const x = randomArray(n, 7 * n);
      const half = plan.spectrumShape.reduce((a, b) => a * b, 1);
      const X = runPlan(plan, 'forward', x, 2 * half);
      expect(relativeL2Error(X.output, realFftNd(x, shape))).toBeLessThan(1e-13);
      const back = runPlan(plan, 'inverse', X.output, n);
      expect(relativeL2Error(back.output, x)).toBeLessThan(1e-13);
      if (preserveInput) expect([...back.input]).toEqual([...X.output]);
    });
  }
});
