/**
 * Latin-hypercube design (McKay, Beckman & Conover, Technometrics 21 (1979) 239): with n samples each
 * parameter's range is cut into n strata of equal width (in the value, or in its logarithm for a log
 * scale), and each stratum holds exactly one sample; which sample falls in which stratum is a random
 * permutation per parameter, and the point within the stratum is uniform. Reproducible from the seed
 * (mulberry32, src/physics/random.ts): the same sweep.json plans the same samples on every machine.
 */
import { mulberry32 } from '../physics/random.ts';
import type { SampleMatrix } from './sampleMatrix.ts';

export interface RangeParameter {
  path: string;
  min: number;
  max: number;
  scale?: 'linear' | 'log';
}

/** The unit-cube points: n rows of d coordinates in [0, 1), each column one point per stratum [k/n, (k+1)/n). */
export function latinHypercubeUnit(n: number, d: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const points = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    const strata = Array.from({ length: n }, (_, k) => k);
    for (let k = n - 1; k > 0; k--) {
      // Fisher-Yates: a uniform permutation of the strata over the samples
      const swap = Math.floor(random() * (k + 1));
      [strata[k], strata[swap]] = [strata[swap], strata[k]];
    }
    for (let i = 0; i < n; i++) points[i][j] = (strata[i] + random()) / n;
  }
  return points;
}

/** A unit coordinate mapped onto a parameter's range (linear, or geometric for a log scale). */
export function mapToRange(u: number, p: RangeParameter): number {
  if (p.scale === 'log') return Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min)));
  return p.min + u * (p.max - p.min);
}

export function latinHypercubeDesign(parameters: readonly RangeParameter[], samples: number, seed: number): SampleMatrix {
  const unit = latinHypercubeUnit(samples, parameters.length, seed);
  const rows = unit.map((u) => u.map((x, j) => mapToRange(x, parameters[j])));
  return { paths: parameters.map((p) => p.path), rows, origin: rows.map((_, i) => `design row ${i + 1}`) };
}
