/**
 * bench.html: the benchmark suite (src/bench/suite.ts) on the browser's WebGPU adapter, the same table
 * the CLI prints, and the JSON report as a download. `?suite=smoke|quick|full` preselects a suite and
 * `&run` starts it on load. For automation the page publishes `window.__benchState` (idle, running,
 * done or failed, with the error) and, when done, `window.__benchReport` (checked by benchReportSchema).
 */
import './page.css';
import { acquireBrowserGpu } from '../gpu/browserGpu.ts';
import { GpuUnavailableError, type GpuContext } from '../gpu/device.ts';
import { BENCH_SUITES, type BenchReport, type BenchSuiteName } from './report.ts';
import { benchReportSchema, describeSchemaIssues } from './schema.ts';
import { formatBenchReport, runBenchSuite } from './suite.ts';

export interface BenchPageState {
  status: 'idle' | 'running' | 'done' | 'failed';
  suite?: BenchSuiteName;
  error?: string;
}

declare global {
  interface Window {
    __benchState?: BenchPageState;
    __benchReport?: BenchReport;
  }
}

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const suiteSelect = element<HTMLSelectElement>('bench-suite');
const runButton = element<HTMLButtonElement>('bench-run');
const download = element<HTMLAnchorElement>('bench-download');
const statusLine = element<HTMLSpanElement>('bench-status');
const logBox = element<HTMLPreElement>('bench-log');
const tableBox = element<HTMLPreElement>('bench-table');

function setState(state: BenchPageState, text: string): void {
  window.__benchState = state;
  statusLine.textContent = text;
  statusLine.classList.toggle('failed', state.status === 'failed');
}

let gpu: GpuContext | undefined;
let downloadUrl: string | undefined;

async function run(suite: BenchSuiteName): Promise<void> {
  runButton.disabled = true;
  suiteSelect.disabled = true;
  download.hidden = true;
  logBox.textContent = '';
  tableBox.textContent = '';
  window.__benchReport = undefined;
  setState({ status: 'running', suite }, `running the ${suite} suite (a software adapter compiles slowly: minutes)...`);
  try {
    gpu ??= await acquireBrowserGpu({ label: 'spinode-bench' });
    const report = await runBenchSuite(gpu, suite, { kind: 'browser', userAgent: navigator.userAgent }, (line) => {
      logBox.textContent += `${line}\n`;
    });
    // The page offers only what the schema accepts: the same check --compare applies to a baseline.
    const checked = benchReportSchema.safeParse(report);
    if (!checked.success) throw new Error(`the report fails its schema: ${describeSchemaIssues(checked.error).join('; ')}`);
    tableBox.textContent = formatBenchReport(report);
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }));
    download.href = downloadUrl;
    download.download = `spinode-bench-${suite}-${report.startedAt.replace(/[:.]/g, '-')}.json`;
    download.hidden = false;
    window.__benchReport = report;
    setState({ status: 'done', suite }, `done in ${report.durationS.toFixed(0)} s`);
  } catch (e) {
    const message = e instanceof GpuUnavailableError ? e.message : `the benchmark failed: ${(e as Error).message}`;
    setState({ status: 'failed', suite, error: message }, message);
  } finally {
    runButton.disabled = false;
    suiteSelect.disabled = false;
  }
}

const params = new URLSearchParams(location.search);
const requested = params.get('suite');
if (requested !== null) {
  if ((BENCH_SUITES as readonly string[]).includes(requested)) suiteSelect.value = requested;
  else setState({ status: 'failed', error: `unknown suite "${requested}"` }, `unknown suite "${requested}" (use ${BENCH_SUITES.join(', ')})`);
}
if (window.__benchState === undefined) setState({ status: 'idle' }, '');
runButton.addEventListener('click', () => void run(suiteSelect.value as BenchSuiteName));
if (params.has('run') && window.__benchState?.status === 'idle') void run(suiteSelect.value as BenchSuiteName);
