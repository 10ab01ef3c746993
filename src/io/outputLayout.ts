/**
 * File names of a run's output folder (DESIGN.md 4.2), in one place for the CLI, the tests and
 * docs/outputs.md. Steps are zero-padded to eight digits so files sort in step order.
 */
import { join } from 'node:path';
import { stepFileStem } from './vtkSeries.ts';

export interface OutputLayout {
  root: string;
  runJson: string;
  timeseries: string;
  fieldsDir: string;
  /** ParaView file-series index of the .vti files with their simulated times. */
  fieldsSeries: string;
  snapshotsDir: string;
  checkpoint: string;
  /** fields/NNNNNNNN.vti */
  fieldFile(step: number): string;
  /** snapshots/NNNNNNNN.png */
  snapshotFile(step: number): string;
}

export function outputLayout(root: string): OutputLayout {
  const fieldsDir = join(root, 'fields');
  const snapshotsDir = join(root, 'snapshots');
  return {
    root,
    runJson: join(root, 'run.json'),
    timeseries: join(root, 'timeseries.csv'),
    fieldsDir,
    fieldsSeries: join(fieldsDir, 'fields.vti.series'),
    snapshotsDir,
    checkpoint: join(root, 'checkpoint'),
    fieldFile: (step) => join(fieldsDir, `${stepFileStem(step)}.vti`),
    snapshotFile: (step) => join(snapshotsDir, `${stepFileStem(step)}.png`),
  };
}
