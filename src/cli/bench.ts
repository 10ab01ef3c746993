/**
 * `spinode bench [--quick | --suite NAME] [--json FILE] [--compare BASELINE.json] [--regression-threshold P]`
 * (DESIGN.md sections 4.1 and 6): the Node wrapper around the browser-safe suite in src/bench/ (which
 * bench.html runs too). This file only parses options, reads the baseline, prints progress to stderr and
 * the tables to stdout, and writes the JSON report.
 *
 * Exit codes: 0 done (no regression); 1 runtime failure, or a regression beyond the threshold against
 * --compare's baseline (the report is still printed and written first); 2 bad input: an unknown suite, a
 * threshold that is not a percentage, or a baseline that is missing, not JSON or not a benchmark report
 * (checked before any GPU work, naming the file and the problem).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { acquireNodeGpu } from '../gpu/nodeGpu.ts';
import { compareBenchReports, DEFAULT_REGRESSION_THRESHOLD, formatComparison } from '../bench/compare.ts';
import { BENCH_SUITES, type BenchReport, type BenchSuiteName } from '../bench/report.ts';
import { benchReportSchema, describeSchemaIssues } from '../bench/schema.ts';
import { formatBenchReport, runBenchSuite } from '../bench/suite.ts';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './exitCodes.ts';
import { InputError } from './inputError.ts';

export interface BenchOptions {
  quick?: boolean;
  suite?: string;
  json?: string;
  compare?: string;
  /** percent, e.g. "10" or "10%" */
  regressionThreshold?: string;
}

/** Read and check a saved report; every problem is an InputError naming the file. */
export function readBaselineReport(file: string): BenchReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`--compare ${file}: cannot read the baseline (${code === 'ENOENT' ? 'no such file' : (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`--compare ${file}: not JSON (${(e as Error).message})`);
  }
  const checked = benchReportSchema.safeParse(json);
  if (!checked.success) {
    throw new InputError(`--compare ${file}: not a spinode bench report:\n  ${describeSchemaIssues(checked.error).join('\n  ')}`);
  }
  return checked.data as BenchReport;
}

/** "10", "10%", "2.5" -> 0.1, 0.1, 0.025; anything else (or outside [0, 100)) is an InputError. */
export function parseRegressionThreshold(text: string | undefined): number {
  if (text === undefined) return DEFAULT_REGRESSION_THRESHOLD;
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%?\s*$/.exec(text);
  const percent = m ? Number(m[1]) : NaN;
  if (!(percent >= 0 && percent < 100)) throw new InputError(`--regression-threshold: expected a percentage in [0, 100), e.g. 10 or 10%, got "${text}"`);
  return percent / 100;
}

function suiteName(options: BenchOptions): BenchSuiteName {
  if (options.suite === undefined) return options.quick ? 'quick' : 'full';
  if (!(BENCH_SUITES as readonly string[]).includes(options.suite)) throw new InputError(`--suite: expected one of ${BENCH_SUITES.join(', ')}, got "${options.suite}"`);
  if (options.quick && options.suite !== 'quick') throw new InputError(`--quick and --suite ${options.suite} contradict each other`);
  return options.suite as BenchSuiteName;
}

export async function benchCommand(options: BenchOptions): Promise<number> {
  // Bad input fails before any GPU work.
  const suite = suiteName(options);
  const threshold = parseRegressionThreshold(options.regressionThreshold);
  const baseline = options.compare === undefined ? undefined : readBaselineReport(options.compare);

  const gpu = await acquireNodeGpu({ label: 'spinode-bench' });
  let report: BenchReport;
  try {
    const log = (line: string) => process.stderr.write(`  ${line}\n`);
    report = await runBenchSuite(gpu, suite, { kind: 'node', version: process.version, platform: `${process.platform} ${process.arch}` }, log);
  } finally {
    gpu.dispose();
  }
  process.stdout.write(`${formatBenchReport(report)}\n`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  if (!baseline) return EXIT_OK;
  const comparison = compareBenchReports(baseline, report, threshold);
  process.stdout.write(`\n${formatComparison(comparison, options.compare)}\n`);
  return comparison.regressions.length > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
}
