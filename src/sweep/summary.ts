/**
 * `summary.csv` of a sweep: one row per sample, the sample matrix then the quantities, like MOOSE's
 * StochasticMatrix output (the sampler's columns beside the gathered values). Columns:
 * `sample,status,exit_code,<scene path>...,<quantity>...`; status is done, failed, invalid, interrupted
 * or pending (never ran); a quantity a sample does not have is an empty cell.
 */
import { csvLine } from './csvCell.ts';
import type { PlannedSample } from './planIndex.ts';
import type { SampleRecord } from './sampleRecord.ts';
import type { QoiRecord } from '../io/qoiJson.ts';

export interface SampleOutcome {
  sample: PlannedSample;
  record?: SampleRecord;
  qoi?: QoiRecord;
}

export interface SummaryTable {
  header: string[];
  rows: unknown[][];
  quantities: string[];
}

/** The quantities to tabulate: the plan's list, or every name the qoi.json files have, in first-seen order. */
export function summaryQuantities(listed: readonly string[], outcomes: readonly SampleOutcome[]): string[] {
  if (listed.length > 0) return [...listed];
  const names: string[] = [];
  for (const o of outcomes) for (const name of Object.keys(o.qoi?.quantities ?? {})) if (!names.includes(name)) names.push(name);
  return names;
}

export function summaryTable(parameters: readonly string[], listed: readonly string[], outcomes: readonly SampleOutcome[]): SummaryTable {
  const quantities = summaryQuantities(listed, outcomes);
  const rows = outcomes.map(({ sample, record, qoi }) => {
    const status = sample.valid ? (record?.status ?? 'pending') : 'invalid';
    const exit = record?.exitCode ?? (sample.valid ? null : 2);
    return [sample.index, status, exit, ...sample.values, ...quantities.map((q) => qoi?.quantities[q] ?? null)];
  });
  return { header: ['sample', 'status', 'exit_code', ...parameters, ...quantities], rows, quantities };
}

export function summaryCsv(table: SummaryTable): string {
  return [csvLine(table.header), ...table.rows.map(csvLine)].join('');
}
