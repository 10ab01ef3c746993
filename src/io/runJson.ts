/**
 * `run.json` (DESIGN.md 4.2): what ran, on what, and how it ended. Written atomically when the run
 * starts (status "running") and rewritten when it ends ("done", "failed" or "interrupted"), so a
 * reader sees a complete file at every moment, and a run killed outright is recognisable by a stale
 * "running".
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { writeFileAtomic } from './atomicWrite.ts';

export const RUN_FORMAT = 'spinode-run';
export const RUN_FORMAT_VERSION = 1;

export type RunStatus = 'running' | 'done' | 'failed' | 'interrupted';

export interface RunVersions {
  spinode: string;
  node: string;
  /** The `webgpu` package (Dawn for Node), or "none" when not installed. */
  webgpu: string;
}

export interface RunRecord {
  format: typeof RUN_FORMAT;
  formatVersion: typeof RUN_FORMAT_VERSION;
  status: RunStatus;
  /** The resolved scene (after defaults, units and --set overrides). */
  scene: unknown;
  sceneHash: string | null;
  /** The adapter summary (vendor, architecture, device, description, isSoftware, backend). */
  adapter: unknown;
  versions: RunVersions;
  /** Command-line arguments, when run from the CLI. */
  command: string[] | null;
  /** Where and at which step this run resumed, or null for a fresh run. */
  resumedFrom: { checkpoint: string; step: number } | null;
  startedAt: string;
  endedAt: string | null;
  wallTimeSeconds: number;
  /** Steps taken and simulated time reached (total, including any before a resume). */
  steps: number;
  /** Step attempts the error control rejected (ETDRK4: the state stayed, the step shrank); not in `steps`. */
  rejectedSteps: number;
  time: number | null;
  /** One line for failed runs. */
  error: string | null;
  /**
   * Electrochemistry scenes: dimensionless numbers with a one-line reading, critical current, plateau
   * and the protocol's switches (src/cli/electrochemistryReport.ts); absent otherwise.
   */
  electrochemistry?: unknown;
  /** The mobility as given and the chemical diffusivity D_chem(c) it implies (src/analysis/sceneTransport.ts). */
  transport?: unknown;
  /** Composite-electrode scenes: the microstructure's metrics and both conductor cases' reaction sites. */
  composite?: unknown;
}

const requireFromHere = createRequire(import.meta.url);

function packageVersion(spec: string): string | null {
  try {
    return (requireFromHere(spec) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** Versions of Spinode, Node and the `webgpu` package in this process. */
export function collectVersions(): RunVersions {
  return {
    spinode: packageVersion('../../package.json') ?? 'unknown',
    node: process.version,
    webgpu: packageVersion('webgpu/package.json') ?? 'none',
  };
}

export interface RunStart {
  scene: unknown;
  sceneHash?: string;
  adapter: unknown;
  command?: string[];
  resumedFrom?: { checkpoint: string; step: number };
  /** Defaults to `collectVersions()`. */
  versions?: RunVersions;
  /** Steps and time already done (a resumed run). */
  steps?: number;
  rejectedSteps?: number;
  time?: number;
  electrochemistry?: unknown;
  transport?: unknown;
  composite?: unknown;
}

export interface RunProgress {
  steps: number;
  rejectedSteps: number;
  time: number;
}

/** Owns one run.json: `start` writes it, `update` and `finish` rewrite it. */
export class RunJson {
  private constructor(
    readonly path: string,
    private current: RunRecord,
    private readonly startedMs: number,
  ) {}

  static async start(path: string, start: RunStart): Promise<RunJson> {
    const record: RunRecord = {
      format: RUN_FORMAT,
      formatVersion: RUN_FORMAT_VERSION,
      status: 'running',
      scene: start.scene,
      sceneHash: start.sceneHash ?? null,
      adapter: start.adapter,
      versions: start.versions ?? collectVersions(),
      command: start.command ?? null,
      resumedFrom: start.resumedFrom ?? null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      wallTimeSeconds: 0,
      steps: start.steps ?? 0,
      rejectedSteps: start.rejectedSteps ?? 0,
      time: start.time ?? null,
      error: null,
      ...(start.electrochemistry !== undefined ? { electrochemistry: start.electrochemistry } : {}),
      ...(start.transport !== undefined ? { transport: start.transport } : {}),
      ...(start.composite !== undefined ? { composite: start.composite } : {}),
    };
    const run = new RunJson(path, record, performance.now());
    await run.write();
    return run;
  }

  get record(): Readonly<RunRecord> {
    return this.current;
  }

  /** Rewrite with the progress so far (status stays "running"), e.g. at each checkpoint. */
  async update(progress: RunProgress): Promise<void> {
    if (this.current.status !== 'running') throw new Error(`run.json: run already ended (${this.current.status})`);
    this.current = { ...this.current, ...progress, wallTimeSeconds: this.elapsed() };
    await this.write();
  }

  /** Final rewrite: status, progress reached, end time, and the error line of a failed run. */
  async finish(status: Exclude<RunStatus, 'running'>, progress: RunProgress & { error?: string; electrochemistry?: unknown }): Promise<void> {
    if (this.current.status !== 'running') throw new Error(`run.json: run already ended (${this.current.status})`);
    this.current = {
      ...this.current,
      ...(progress.electrochemistry !== undefined ? { electrochemistry: progress.electrochemistry } : {}),
      status,
      steps: progress.steps,
      rejectedSteps: progress.rejectedSteps,
      time: progress.time,
      error: progress.error ?? null,
      endedAt: new Date().toISOString(),
      wallTimeSeconds: this.elapsed(),
    };
    await this.write();
  }

  private elapsed(): number {
    return (performance.now() - this.startedMs) / 1000;
  }

  private async write(): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(this.current, null, 2)}\n`);
  }
}

/** Read a run.json (checks the format marker). */
export async function readRunJson(path: string): Promise<RunRecord> {
  const json = JSON.parse(await readFile(path, 'utf8')) as Partial<RunRecord>;
  if (json.format !== RUN_FORMAT) throw new Error(`${path}: not a Spinode run.json (format "${String(json.format)}")`);
  if (json.formatVersion !== RUN_FORMAT_VERSION) throw new Error(`${path}: run.json format version ${json.formatVersion} is not supported`);
  return json as RunRecord;
}
