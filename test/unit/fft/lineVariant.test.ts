import { describe, expect, it } from 'vitest';
import { codeletSplit, CODELET_MAX_LENGTH, lineCodelet } from '../../../src/fft/lineCodelet.ts';
import { isSmooth235, LINE_VARIANT_GROUP, LINE_VARIANT_MAX_LENGTH, lineVariantFits, planTransform, type FftDeviceLimits, type StockhamPass } from '../../../src/fft/plan.ts';
import { realFftNd, relativeL2Error } from '../../../src/fft/reference.ts';
import { runPlan } from './planTwin.ts';

/** lavapipe's limits: 32 KiB of workgroup memory. */
const LIMITS: FftDeviceLimits = {
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
};

const stockham = (passes: readonly { kind: string }[]) => passes.filter((p): p is StockhamPass => p.kind === 'stockham');

describe("the 'line' FFT variant (plan and generated code)", () => {
  it('plans one invocation per line, at most LINE_VARIANT_GROUP lines per workgroup, covering every line', () => {
    const plan = planTransform({ shape: [256, 240, 30], real: true }, LIMITS, { variant: 'line' });
    for (const p of stockham([...plan.forward, ...plan.inverse])) {
      expect(p.variant).toBe('line');
      expect(p.threadsPerLine).toBe(1);
      expect(p.linesPerWorkgroup).toBeLessThanOrEqual(LINE_VARIANT_GROUP);
      expect(p.workgroups[0] * p.linesPerWorkgroup).toBeGreaterThanOrEqual(p.digits[0].count);
    }
  });

  it("keeps 'workgroup' for lines over LINE_VARIANT_MAX_LENGTH, and by default", () => {
    const long = planTransform({ shape: [2 * LINE_VARIANT_MAX_LENGTH, 8], real: false }, LIMITS, { variant: 'line' });
    expect(stockham(long.forward).map((p) => p.variant)).toEqual(['workgroup', 'line']);
    const plain = planTransform({ shape: [64, 64], real: false }, LIMITS);
    expect(stockham(plain.forward).every((p) => p.variant === 'workgroup')).toBe(true);
  });

  it('the plan itself is unchanged by the variant: the float64 twin still matches the FFT', () => {
    const shape = [48, 40, 30];
    const x = Float64Array.from({ length: 48 * 40 * 30 }, (_, i) => Math.sin(0.37 * i) + 0.1 * Math.cos(1.3 * i));
    const plan = planTransform({ shape, real: true }, LIMITS, { variant: 'line' });
    const expected = realFftNd(x, shape);
    expect(relativeL2Error(runPlan(plan, 'forward', x, expected.length).output, expected)).toBeLessThan(1e-12);
  });

  it('splits long lines into two codelets of at most CODELET_MAX_LENGTH points, the most balanced pair', () => {
    expect(codeletSplit(256)).toEqual([16, 16]);
    expect(codeletSplit(64)).toEqual([8, 8]);
    for (let n = CODELET_MAX_LENGTH + 1; n <= LINE_VARIANT_MAX_LENGTH; n++) {
      if (!isSmooth235(n) || !lineVariantFits(n)) continue;
      const [a, b] = codeletSplit(n);
      expect(a * b).toBe(n);
      expect(Math.max(a, b)).toBeLessThanOrEqual(CODELET_MAX_LENGTH);
    }
    expect(lineVariantFits(125)).toBe(false); // 125 = 5 x 25: no split into two factors <= 16
    expect(planTransform({ shape: [125, 8], real: false }, LIMITS, { variant: 'line' }).forward.map((p) => (p as StockhamPass).variant)).toEqual(['workgroup', 'line']);
  });

  it('generates straight-line codelets with f32-literal twiddles and exact roots as sign swaps', () => {
    const code = lineCodelet(16, 0);
    expect(code).toContain('fn codelet_16(x: array<vec2<f32>, 16>) -> array<vec2<f32>, 16>');
    expect(code).toContain('fn run_line_src(l0: u32, wid: vec3<u32>)');
    expect(code).toContain('fn run_line_dst(l0: u32, wid: vec3<u32>)');
    expect(code).toContain('mul_neg_i('); // w_16^4 = -i
    expect(code).toContain(`vec2<f32>(${Math.fround(Math.SQRT1_2).toPrecision(9)}, -${Math.fround(Math.SQRT1_2).toPrecision(9)})`); // w_16^2
    expect(code).not.toMatch(/roots\[/); // one codelet: no table loads
    expect(lineCodelet(256, 1)).toMatch(/roots\[params\.rootsOffset \+ n1 \* 15u\]/); // two rounds: w_256^{n1 k2} from the table
  });
});
