/** The three sweep designs: cartesian order, Latin-hypercube stratification and reproducibility, CSVSampler files. */
import { describe, expect, it } from 'vitest';
import { cartesianDesign } from '../../../src/sweep/cartesian.ts';
import { latinHypercubeDesign, latinHypercubeUnit } from '../../../src/sweep/latinHypercube.ts';
import { csvDesign } from '../../../src/sweep/csvMatrix.ts';

describe('cartesian design', () => {
  it('is every combination, the last parameter fastest (itertools.product order)', () => {
    const m = cartesianDesign([
      { path: 'a', values: [1, 2, 3] },
      { path: 'b.c', values: ['x', [16, 16]] },
    ]);
    expect(m.paths).toEqual(['a', 'b.c']);
    expect(m.rows).toEqual([[1, 'x'], [1, [16, 16]], [2, 'x'], [2, [16, 16]], [3, 'x'], [3, [16, 16]]]);
    expect(m.origin[4]).toBe('design row 5');
  });
});

describe('Latin hypercube', () => {
  it('puts exactly one sample in each of the n strata of every parameter', () => {
    for (const [n, d, seed] of [[12, 2, 22], [7, 5, 1], [100, 3, 123456789]]) {
      const points = latinHypercubeUnit(n, d, seed);
      expect(points).toHaveLength(n);
      for (let j = 0; j < d; j++) {
        const strata = points.map((p) => Math.floor(p[j] * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, k) => k));
      }
    }
  });

  it('is reproducible from its seed and differs between seeds', () => {
    expect(latinHypercubeUnit(10, 3, 5)).toEqual(latinHypercubeUnit(10, 3, 5));
    expect(latinHypercubeUnit(10, 3, 5)).not.toEqual(latinHypercubeUnit(10, 3, 6));
  });

  it('maps strata linearly, or geometrically on a log scale', () => {
    const n = 8;
    const m = latinHypercubeDesign([{ path: 'lin', min: -1, max: 7 }, { path: 'log', min: 1e-3, max: 1e5, scale: 'log' }], n, 3);
    const lin = m.rows.map((r) => Math.floor((r[0] as number) + 1)).sort((a, b) => a - b); // strata of width 1 from -1
    expect(lin).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const decades = m.rows.map((r) => Math.floor(Math.log10(r[1] as number) + 3)).sort((a, b) => a - b); // one decade per stratum
    expect(decades).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('CSV matrix (MOOSE CSVSampler layout)', () => {
  const text = '# k0 scan\n"protocol.steps[0].cRate",model.reaction.exchangeCurrent.k0\n0.1,1e-3\n\n2, 0.01\n';
  it('reads a header of scene paths and one sample per line, skipping comments and blank lines', () => {
    const m = csvDesign(text, 'design.csv');
    expect(m.paths).toEqual(['protocol.steps[0].cRate', 'model.reaction.exchangeCurrent.k0']);
    expect(m.rows).toEqual([[0.1, 0.001], [2, 0.01]]);
    expect(m.origin).toEqual(['design.csv line 3', 'design.csv line 5']);
  });
  it('selects and orders columns by name', () => {
    expect(csvDesign(text, 'd.csv', ['model.reaction.exchangeCurrent.k0']).rows).toEqual([[0.001], [0.01]]);
  });
  it('names the line and column of a bad value, and a missing column', () => {
    expect(() => csvDesign('a,b\n1,2\n3,x\n', 'd.csv')).toThrow('d.csv line 3, column "b": "x" is not a number');
    expect(() => csvDesign('a,b\n1,2,3\n', 'd.csv')).toThrow('d.csv line 2: 3 values, the header has 2 columns');
    expect(() => csvDesign('a,b\n1,2\n', 'd.csv', ['c'])).toThrow('d.csv: no column "c" (the header has a, b)');
    expect(() => csvDesign('a,a\n1,2\n', 'd.csv')).toThrow('d.csv line 1: column "a" appears twice');
    expect(() => csvDesign('a\n', 'd.csv')).toThrow('d.csv: a header but no samples');
  });
});
