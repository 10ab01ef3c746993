/**
 * `samples/NNNN/sample.json`: how one sample of a sweep ended, written atomically by whoever ran it (the
 * local pool or a Slurm array task) or by `plan` for an invalid sample. It is what makes a sweep
 * resumable: a sample recorded "done" is never run again, "failed" and "invalid" are kept (with the
 * exit code) and skipped, "interrupted" (or no record) is run again, from its checkpoint if it has one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.ts';

export const SAMPLE_FILE = 'sample.json';

export type SampleStatus = 'done' | 'failed' | 'invalid' | 'interrupted';

export interface SampleRecord {
  format: 'spinode-sweep-sample';
  formatVersion: 1;
  index: number;
  status: SampleStatus;
  /** the exit code of `spinode run` (2 for a sample found invalid by `plan`) */
  exitCode: number;
  /** runs of this sample so far (a resumed run counts as one more) */
  attempts: number;
  startedAt: string | null;
  endedAt: string;
  wallTimeSeconds: number;
  /** one line: the error of a failed run, or each problem of an invalid sample */
  problems: string[];
  /** Slurm: the job and array task that ran it */
  slurm?: { jobId: string; arrayTaskId: string } | null;
}

/** The exit code of `spinode run` -> the sample's status (DESIGN.md 4.1: 0 done, 130 interrupted). */
export function statusOfExit(code: number): SampleStatus {
  if (code === 0) return 'done';
  if (code === 130) return 'interrupted';
  return 'failed';
}

export function readSampleRecord(dir: string): SampleRecord | undefined {
  const path = join(dir, SAMPLE_FILE);
  if (!existsSync(path)) return undefined;
  const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<SampleRecord>;
  if (json.format !== 'spinode-sweep-sample') throw new Error(`${path}: not a Spinode sample record`);
  return json as SampleRecord;
}

export async function writeSampleRecord(dir: string, record: Omit<SampleRecord, 'format' | 'formatVersion'>): Promise<SampleRecord> {
  const full: SampleRecord = { format: 'spinode-sweep-sample', formatVersion: 1, ...record };
  await writeFileAtomic(join(dir, SAMPLE_FILE), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/** Whether a sample still has to run: not yet recorded, or interrupted (failed ones too with `retryFailed`). */
export function isPending(record: SampleRecord | undefined, retryFailed = false): boolean {
  if (!record) return true;
  if (record.status === 'interrupted') return true;
  return retryFailed && record.status === 'failed';
}
