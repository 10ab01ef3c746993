/**
 * Comparing a benchmark report with a saved baseline (`spinode bench --compare BASELINE.json`). Pure:
 * no GPU, no files. Cases are matched by name (`case`); the figure compared is the throughput (steps/s
 * for solver cases, transforms/s by the wall clock for FFT cases), as the ratio now / baseline, and a
 * case is a regression when that ratio falls below 1 - threshold. Cases present on one side only are
 * listed (with the skip reason when the other side skipped them), never an error.
 */
import type { BenchReport } from './report.ts';
import { formatTable, sig3 } from './table.ts';

export const DEFAULT_REGRESSION_THRESHOLD = 0.1;

export interface CaseComparison {
  case: string;
  unit: 'steps/s' | 'transforms/s';
  baseline: number;
  current: number;
  /** current / baseline */
  ratio: number;
  regression: boolean;
}

export interface UnmatchedCase {
  case: string;
  /** why the side that has no figure skipped it, when it listed it as skipped */
  reason?: string;
}

export interface BenchComparison {
  /** fractional slow-down that counts as a regression (0.1 = 10%) */
  threshold: number;
  cases: CaseComparison[];
  regressions: CaseComparison[];
  /** measured in the baseline, not now */
  onlyInBaseline: UnmatchedCase[];
  /** measured now, not in the baseline */
  onlyInCurrent: UnmatchedCase[];
  /** differences in where the two ran (adapter, runtime, suite) that make ratios less meaningful */
  notes: string[];
}

interface Throughput {
  unit: CaseComparison['unit'];
  value: number;
}

function throughputs(report: BenchReport): Map<string, Throughput> {
  const out = new Map<string, Throughput>();
  for (const r of report.fft.results) out.set(r.case, { unit: 'transforms/s', value: r.perS });
  for (const r of report.solver.results) out.set(r.case, { unit: 'steps/s', value: r.stepsPerS });
  return out;
}

function skipReasons(report: BenchReport): Map<string, string> {
  return new Map(report.solver.skipped.map((s) => [s.case, s.reason]));
}

function adapterName(report: BenchReport): string {
  const a = report.environment.adapter;
  return [a.vendor, a.architecture, a.description].filter(Boolean).join(' / ');
}

function runtimeName(report: BenchReport): string {
  const r = report.environment.runtime;
  return r.kind === 'node' ? 'Node' : 'browser';
}

export function compareBenchReports(baseline: BenchReport, current: BenchReport, threshold = DEFAULT_REGRESSION_THRESHOLD): BenchComparison {
  if (!(threshold >= 0 && threshold < 1)) throw new RangeError(`regression threshold must be in [0, 1), got ${threshold}`);
  const before = throughputs(baseline);
  const now = throughputs(current);
  const cases: CaseComparison[] = [];
  const onlyInBaseline: UnmatchedCase[] = [];
  const onlyInCurrent: UnmatchedCase[] = [];
  const skippedNow = skipReasons(current);
  const skippedBefore = skipReasons(baseline);
  for (const [name, b] of before) {
    const c = now.get(name);
    if (!c) {
      onlyInBaseline.push({ case: name, ...(skippedNow.has(name) ? { reason: skippedNow.get(name) } : {}) });
      continue;
    }
    const ratio = c.value / b.value;
    // A tiny tolerance so that a ratio of exactly 1 - threshold (up to rounding) is not flagged.
    cases.push({ case: name, unit: c.unit, baseline: b.value, current: c.value, ratio, regression: ratio < 1 - threshold - 1e-12 });
  }
  for (const name of now.keys()) {
    if (!before.has(name)) onlyInCurrent.push({ case: name, ...(skippedBefore.has(name) ? { reason: skippedBefore.get(name) } : {}) });
  }
  const notes: string[] = [];
  if (adapterName(baseline) !== adapterName(current)) notes.push(`different adapters: baseline ${adapterName(baseline)}, now ${adapterName(current)}`);
  if (runtimeName(baseline) !== runtimeName(current)) notes.push(`different runtimes: baseline ${runtimeName(baseline)}, now ${runtimeName(current)}`);
  const variant = (r: BenchReport) => r.environment.fftVariant ?? 'workgroup';
  if (variant(baseline) !== variant(current)) notes.push(`different FFT variants: baseline ${variant(baseline)}, now ${variant(current)}`);
  const reduction = (r: BenchReport) => r.environment.reduction ?? 'workgroup';
  if (reduction(baseline) !== reduction(current)) notes.push(`different reductions: baseline ${reduction(baseline)}, now ${reduction(current)}`);
  const extents = (r: BenchReport) => (r.environment.spectrumConstants ? 'constants' : 'uniforms');
  if (extents(baseline) !== extents(current)) notes.push(`different spectrum extents in the spectral kernels: baseline ${extents(baseline)}, now ${extents(current)}`);
  if (baseline.suite !== current.suite) notes.push(`different suites: baseline ${baseline.suite}, now ${current.suite} (only the cases both ran are compared)`);
  return { threshold, cases, regressions: cases.filter((c) => c.regression), onlyInBaseline, onlyInCurrent, notes };
}

export function formatComparison(comparison: BenchComparison, baselineName = 'baseline'): string {
  const pct = (comparison.threshold * 100).toFixed(comparison.threshold * 100 < 1 ? 1 : 0);
  const rows = comparison.cases.map((c) => [
    c.case,
    c.unit,
    sig3(c.baseline),
    sig3(c.current),
    c.ratio.toFixed(2),
    c.regression ? `REGRESSION (< ${(1 - comparison.threshold).toFixed(2)})` : '',
  ]);
  const lines = [
    `comparison with ${baselineName} (ratio = now / baseline; a regression is a ratio below ${(1 - comparison.threshold).toFixed(2)}, i.e. more than ${pct}% slower)`,
    ...comparison.notes.map((n) => `note: ${n}`),
    formatTable(['case', 'unit', 'baseline', 'now', 'ratio', ''], rows, 2),
  ];
  for (const u of comparison.onlyInBaseline) lines.push(`only in ${baselineName}: ${u.case}${u.reason ? ` (skipped now: ${u.reason})` : ''}`);
  for (const u of comparison.onlyInCurrent) lines.push(`not in ${baselineName}: ${u.case}${u.reason ? ` (skipped there: ${u.reason})` : ''}`);
  lines.push(
    comparison.regressions.length === 0
      ? `no regression beyond ${pct}% in ${comparison.cases.length} compared case(s)`
      : `${comparison.regressions.length} regression(s) beyond ${pct}%: ${comparison.regressions.map((r) => r.case).join(', ')}`,
  );
  return lines.join('\n');
}
