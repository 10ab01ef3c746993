/**
 * The benchmark suite on the real (software) adapter: the smoke suite's report passes benchReportSchema
 * (every figure positive and finite), every kernel the step runs has a byte model, and the tables name
 * the cases. Kept to 64^2 grids: a software adapter compiles each FFT plan slowly (SwiftShader about 60 s
 * per plan under load; lavapipe, which scripts/setup.sh installs for CI, runs this file in seconds).
 */
import { describe, expect, it } from 'vitest';
import { benchReportSchema } from '../../../src/bench/schema.ts';
import { chCase, chemoMechanicalCases, runSolverBench } from '../../../src/bench/solverBench.ts';
import { formatBenchReport, runBenchSuite } from '../../../src/bench/suite.ts';
import type { BenchReport } from '../../../src/bench/report.ts';
import { itemsPerInvocation } from '../../../src/gpu/dispatch.ts';
import { useGpu } from '../gpuContext.ts';

describe('spinode bench suite', () => {
  const gpu = useGpu();

  it('the smoke suite reports every figure positive and finite (benchReportSchema), with per-kernel times and byte models', async () => {
    const report = (await runBenchSuite(gpu(), 'smoke', { kind: 'node', version: process.version, platform: process.platform })) as BenchReport;
    const checked = benchReportSchema.safeParse(report);
    expect(checked.success, checked.success ? '' : JSON.stringify(checked.error.issues.slice(0, 5))).toBe(true);
    expect(report.environment.runtime).toEqual({ kind: 'node', version: process.version, platform: process.platform });
    expect(report.environment.limits.maxStorageBufferBindingSize).toBe(gpu().limits.maxStorageBufferBindingSize);
    expect(report.fft.results.map((r) => r.case)).toEqual(['FFT r2c forward 64 x 64', 'FFT c2r inverse 64 x 64']);

    expect(report.solver.results).toHaveLength(1);
    const r = report.solver.results[0];
    expect(r.case).toBe('CH 2D 64 x 64');
    expect(r.bytesPerStep).toBe(Object.values(r.byteModel).reduce((a, b) => a + b, 0));
    // The FFT entries of the byte model are the plan's own passes: exactly what FFT cases count.
    const fftBytes = Object.entries(r.byteModel).filter(([k]) => k.startsWith('fft ')).reduce((a, [, b]) => a + b, 0);
    expect(fftBytes).toBe(report.fft.results.reduce((a, x) => a + x.bytes, 0));
    // DESIGN.md section 6: at most 40 bytes of GPU memory per cell for CH.
    expect(r.memoryBytesPerCell).toBeLessThanOrEqual(40);
    if (gpu().hasTimestamps) {
      expect(report.solver.timing).toBe('timestamps');
      expect(Object.keys(r.kernelMs!)).toEqual(expect.arrayContaining(['bulk_potential', 'semi_implicit_update', 'step_control']));
      expect(Object.keys(r.kernelMs!).some((k) => k.startsWith('fft '))).toBe(true);
      // Every timed kernel has a byte model (runSolverBench throws otherwise) and a fraction of copy.
      for (const k of Object.keys(r.kernelMs!)) expect(r.byteModel[k], k).toBeGreaterThan(0);
      expect(Object.keys(r.kernelFractionOfCopy!).sort()).toEqual(Object.keys(r.kernelMs!).sort());
    }
    expect(report.solver.skipped).toEqual([]);
    const table = formatBenchReport(report);
    expect(table).toContain('CH 2D');
    expect(table).toContain('64 x 64');
  }, 110_000);

  it('chemo-mechanical cases from bundled scenes (homogeneous and inhomogeneous elasticity, electrochemical particle) run with a byte model for every kernel', async () => {
    const cases = chemoMechanicalCases().map((c) => ({ ...c, shape: [64, 64] }));
    const report = await runSolverBench(gpu(), cases, { budgetMs: 200 });
    expect(report.skipped).toEqual([]);
    expect(report.results.map((r) => [r.case, r.scene])).toEqual([
      ['elasticity homogeneous 64 x 64', 'elastic-precipitate'],
      ['elasticity inhomogeneous 64 x 64', 'elastic-precipitate-inhomogeneous'],
      ['elasticity inhomogeneous predicted start 64 x 64', 'elastic-precipitate-inhomogeneous'],
      ['elasticity inhomogeneous basic 64 x 64', 'elastic-precipitate-inhomogeneous'],
      ['electrochemical particle 64 x 64', 'lfp-platelet-slow'],
    ]);
    for (const r of report.results) {
      expect(r.stepsPerS).toBeGreaterThan(0);
      expect(r.bytesPerStep).toBe(Object.values(r.byteModel).reduce((a, b) => a + b, 0));
      if (gpu().hasTimestamps) for (const k of Object.keys(r.kernelMs!)) expect(r.byteModel[k], `${r.case}: ${k}`).toBeGreaterThan(0);
    }
    const [homogeneous, previous, inhomogeneous, basic, acr] = report.results;
    // B(n) is one more f32 per mode read by the update: 52 B/mode instead of 48, and one 16 B partial per
    // workgroup of 256 invocations (16 modes each on a software adapter, 4 on a GPU).
    const modes = (64 / 2 + 1) * 64;
    const modesPerPartial = 256 * itemsPerInvocation(gpu());
    expect(homogeneous.byteModel.semi_implicit_update).toBe(52 * modes + Math.ceil(modes / modesPerPartial) * 16);
    // The conjugate-gradient solver (the default): its kernels, 2 x 3 forward + 3 inverse FFTs per solve and
    // 3 + 3 per iteration (as many as the settled count) on top of the step's own two: in 2D plane strain
    // with a cubic stiffness only xx, yy and xy can fluctuate (fluctuatingComponents). The basic scheme:
    // 6 + 6 per iteration.
    expect(Object.keys(inhomogeneous.byteModel)).toEqual(
      expect.arrayContaining(['cg_predict', 'cg_residual_stress', 'galerkin_projection', 'cg_direction_apply', 'cg_update', 'cg_scalars', 'elastic_potential']),
    );
    expect(Object.keys(previous.byteModel)).not.toContain('cg_predict');
    const fftBytes = (r: typeof homogeneous) => Object.entries(r.byteModel).filter(([k]) => k.startsWith('fft ')).reduce((a, [, b]) => a + b, 0);
    for (const cg of [inhomogeneous, previous]) {
      const it = cg.elasticIterationsPerStep!;
      expect(fftBytes(cg) / fftBytes(homogeneous)).toBe((2 + 3 * (2 + it) + 3 * (1 + it)) / 2);
    }
    expect(fftBytes(basic) / fftBytes(homogeneous)).toBe((2 + 12 * basic.elasticIterationsPerStep!) / 2);
    expect(Object.keys(basic.byteModel)).toEqual(expect.arrayContaining(['fixed_point_stress', 'green_update', 'strain_update']));
    // the counts a run settles on (the host's rule, fed back during the bench's settling steps): at least
    // one, and the predicted start needs no more than the previous solution
    for (const r of [inhomogeneous, previous, basic]) expect(r.elasticIterationsPerStep).toBeGreaterThanOrEqual(1);
    expect(inhomogeneous.elasticIterationsPerStep).toBeLessThanOrEqual(previous.elasticIterationsPerStep!);
    // the solver's state per cell is reported (docs/elasticity.md); the predictor keeps 3 components more (12 B/cell)
    expect(inhomogeneous.elasticBytesPerCell).toBeGreaterThan(basic.elasticBytesPerCell!);
    expect(inhomogeneous.elasticBytesPerCell! - previous.elasticBytesPerCell!).toBeCloseTo(12 + 16 / (64 * 64), 6);
    if (gpu().hasTimestamps) {
      expect(Object.keys(homogeneous.kernelMs!)).toEqual(expect.arrayContaining(['bulk_potential', 'semi_implicit_update', 'step_control']));
      expect(homogeneous.gpuMsPerStep).toBeGreaterThan(0);
      // The fixed-point kernels carry no timestamps: no GPU time per step rather than an incomplete one.
      expect(inhomogeneous.gpuMsPerStep).toBeUndefined();
      expect(Object.keys(acr.kernelMs!).sort()).toEqual(
        ['acr_bulk_potential', 'acr_chemical_potential', 'exchange_sums', 'galvanostatic', 'reaction_rate', 'acr_update', 'acr_step_control'].sort(),
      );
    }
  }, 110_000);

  it('variable mobility: every kernel of the step (mu spectrum, derivative FFTs, flux) has a byte model', async () => {
    const report = await runSolverBench(gpu(), [chCase([64, 64], 'lattice')], { budgetMs: 200 });
    expect(report.skipped).toEqual([]);
    const r = report.results[0];
    expect(Object.keys(r.byteModel)).toEqual(expect.arrayContaining(['chemical_potential_spectrum', 'copy mu_hat', 'mobility_flux']));
    if (gpu().hasTimestamps) {
      expect(Object.keys(r.kernelMs!)).toEqual(expect.arrayContaining(['chemical_potential_spectrum', 'mobility_flux']));
      for (const k of Object.keys(r.kernelMs!)) expect(r.byteModel[k], k).toBeGreaterThan(0);
      // Only the buffer copies (no compute pass) are untimed, so the step's GPU time is complete.
      expect(r.gpuMsPerStep).toBeGreaterThan(0);
    }
  }, 110_000);

  it('ETDRK4: every kernel of its step has a byte model, four evaluations against the first-order one', async () => {
    const report = await runSolverBench(gpu(), [chCase([64, 64]), chCase([64, 64], 'constant', 'etdrk4')], { budgetMs: 200 });
    expect(report.skipped).toEqual([]);
    const [first, etd] = report.results;
    expect(etd.case).toBe('CH 2D ETDRK4 64 x 64');
    expect(Object.keys(etd.byteModel)).toEqual(expect.arrayContaining(['etd_stage', 'etd_keep', 'bulk_potential', 'step_control']));
    expect(etd.byteModel.semi_implicit_update).toBeUndefined();
    expect(etd.byteModel.bulk_potential).toBe(4 * first.byteModel.bulk_potential);
    expect(etd.bytesPerStep).toBeGreaterThan(4 * first.bytesPerStep);
    if (gpu().hasTimestamps) {
      for (const k of Object.keys(etd.kernelMs!)) expect(etd.byteModel[k], k).toBeGreaterThan(0);
      expect(Object.keys(etd.kernelMs!)).toEqual(expect.arrayContaining(['etd_stage', 'etd_keep']));
    }
  }, 110_000);
});
