/**
 * `spinode sweep collect DIR`: gather every sample's qoi.json and sample.json into DIR/summary.csv
 * (src/sweep/summary.ts) and the plots (src/sweep/summaryPlots.ts). Reads files only (no GPU), so it runs
 * as the Slurm collect job after the array, or any time by hand while a sweep is still running.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readPlan } from './planIndex.ts';
import { readSampleRecord } from './sampleRecord.ts';
import { summaryCsv, summaryTable, type SampleOutcome, type SummaryTable } from './summary.ts';
import { writeSummaryPlots } from './summaryPlots.ts';
import { readQoiJson, QOI_FILE } from '../io/qoiJson.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';

export interface CollectResult {
  table: SummaryTable;
  summaryFile: string;
  plots: string[];
}

export async function collectSweep(dir: string, options: { plots?: boolean } = {}): Promise<CollectResult> {
  const plan = readPlan(dir);
  const outcomes: SampleOutcome[] = [];
  for (const sample of plan.samples) {
    const folder = join(dir, sample.dir);
    const qoiFile = join(folder, QOI_FILE);
    outcomes.push({ sample, record: readSampleRecord(folder), qoi: existsSync(qoiFile) ? await readQoiJson(qoiFile) : undefined });
  }
  const table = summaryTable(plan.parameters, plan.quantities, outcomes);
  const summaryFile = join(dir, 'summary.csv');
  await writeFileAtomic(summaryFile, summaryCsv(table));
  const plots = options.plots === false ? [] : await writeSummaryPlots(dir, plan.name, plan.parameters, plan.logParameters, table);
  return { table, summaryFile, plots };
}
