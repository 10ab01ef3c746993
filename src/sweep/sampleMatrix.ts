/**
 * The sample matrix of a sweep: one row per sample, one column per scene path, as MOOSE's samplers
 * produce it (a row is one simulation's inputs). `origin` names where each row came from, so a bad
 * sample's error names its row: "design row 3" (generated designs) or "design.csv line 5".
 */
export interface SampleMatrix {
  /** scene paths, one per column, in `--set` syntax */
  paths: string[];
  /** row-major values (JSON values; numbers for generated and CSV designs) */
  rows: unknown[][];
  /** where each row comes from, for messages */
  origin: string[];
}
