/**
 * Cartesian-product design: every combination of the parameters' values, in the order of nested loops
 * written in the parameters' order (the last parameter varies fastest, like Python's itertools.product).
 */
import type { SampleMatrix } from './sampleMatrix.ts';

export function cartesianDesign(parameters: readonly { path: string; values: readonly unknown[] }[]): SampleMatrix {
  let rows: unknown[][] = [[]];
  for (const p of parameters) rows = rows.flatMap((row) => p.values.map((v) => [...row, v]));
  return { paths: parameters.map((p) => p.path), rows, origin: rows.map((_, i) => `design row ${i + 1}`) };
}
