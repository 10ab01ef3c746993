/**
 * `qoi.json` (DESIGN.md 4.2): the scalar quantities of interest of a run, written beside run.json when
 * the run ends (done, failed or interrupted), reduced from what the run wrote: run.json (status, steps,
 * time, wall time) and timeseries.csv (src/analysis/quantitiesOfInterest.ts). A sweep's `collect` reads
 * these files, never the solver. Written atomically; values JSON numbers, or null where a quantity does
 * not exist for the run (JSON has no NaN).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite.ts';
import { readRunJson, type RunStatus } from './runJson.ts';
import { readTimeseries } from './timeseries.ts';
import { quantitiesOfInterest, standardQuantityUnit, type Quantities } from '../analysis/quantitiesOfInterest.ts';
import type { Scene } from '../scene/schema.ts';

export const QOI_FORMAT = 'spinode-qoi';
export const QOI_FORMAT_VERSION = 1;
export const QOI_FILE = 'qoi.json';

export interface QoiRecord {
  format: typeof QOI_FORMAT;
  formatVersion: typeof QOI_FORMAT_VERSION;
  /** run.json's status when the quantities were taken */
  status: RunStatus;
  steps: number;
  time: number | null;
  wallTimeSeconds: number;
  quantities: Quantities;
  /** units of the standard quantities (the scene's own ones carry their column's unit, docs/outputs.md) */
  units: Record<string, string>;
}

/** Reduce the run in `root` (run.json + timeseries.csv) to qoi.json; returns what it wrote. */
export async function writeQoiJson(root: string): Promise<QoiRecord> {
  const run = await readRunJson(join(root, 'run.json'));
  const scene = run.scene as Scene;
  const table = readTimeseries(await readFile(join(root, 'timeseries.csv'), 'utf8'), { allowPartialLastLine: true });
  const quantities = quantitiesOfInterest(table, scene.output?.quantities ?? []);
  const dims = scene.grid.cells.length === 3 ? 3 : 2;
  const units: Record<string, string> = {};
  for (const name of Object.keys(quantities)) {
    const unit = standardQuantityUnit(name, scene.units, dims);
    if (unit !== undefined) units[name] = unit;
  }
  const finite = Object.fromEntries(Object.entries(quantities).map(([k, v]) => [k, v !== null && Number.isFinite(v) ? v : null]));
  const record: QoiRecord = {
    format: QOI_FORMAT,
    formatVersion: QOI_FORMAT_VERSION,
    status: run.status,
    steps: run.steps,
    time: run.time,
    wallTimeSeconds: run.wallTimeSeconds,
    quantities: finite,
    units,
  };
  await writeFileAtomic(join(root, QOI_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** Read a qoi.json (checks the format marker). */
export async function readQoiJson(path: string): Promise<QoiRecord> {
  const json = JSON.parse(await readFile(path, 'utf8')) as Partial<QoiRecord>;
  if (json.format !== QOI_FORMAT) throw new Error(`${path}: not a Spinode qoi.json (format "${String(json.format)}")`);
  if (json.formatVersion !== QOI_FORMAT_VERSION) throw new Error(`${path}: qoi.json format version ${json.formatVersion} is not supported`);
  return json as QoiRecord;
}
