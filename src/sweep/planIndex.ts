/**
 * `plan.json`, the index of a planned sweep: what was swept, and for each sample its folder, the row of
 * the design it came from and its parameter values. `run`, `slurm` and `collect` read only this file
 * and the sample folders, so a planned sweep folder can be copied to a cluster and run there.
 * `samples.csv` beside it holds the same sample matrix in MOOSE's CSVSampler layout (a header of scene
 * paths, one sample per line), so it can be fed back as a csv design.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../cli/inputError.ts';

export const PLAN_FILE = 'plan.json';

export interface PlannedSample {
  index: number;
  /** folder relative to the sweep folder: samples/NNNN */
  dir: string;
  /** where in the design it came from: "design row 3", "design.csv line 5" */
  origin: string;
  values: unknown[];
  valid: boolean;
  problems: string[];
}

export interface PlanRecord {
  format: 'spinode-sweep-plan';
  formatVersion: 1;
  name: string;
  description: string | null;
  /** the sweep file and the base scene it named */
  sweepFile: string;
  scene: string;
  design: unknown;
  /** scene paths, one per column of the sample matrix */
  parameters: string[];
  /** parameters sampled on a log scale (plots use a log axis) */
  logParameters: string[];
  /** the quantities summary.csv holds (empty: every quantity the samples' qoi.json files have) */
  quantities: string[];
  createdAt: string;
  samples: PlannedSample[];
}

export function sampleDirName(index: number, count: number): string {
  return `samples/${String(index).padStart(Math.max(4, String(count - 1).length), '0')}`;
}

/** Read DIR/plan.json; a folder without one is bad input. */
export function readPlan(dir: string): PlanRecord {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) throw new InputError(`${dir}: no ${PLAN_FILE} here; make one with \`spinode sweep plan SWEEP.json --out ${dir}\``);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<PlanRecord>;
  if (json.format !== 'spinode-sweep-plan') throw new InputError(`${path}: not a Spinode sweep plan`);
  if (json.formatVersion !== 1) throw new InputError(`${path}: plan format version ${json.formatVersion} is not supported`);
  return json as PlanRecord;
}
