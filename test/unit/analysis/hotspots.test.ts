import { describe, expect, it } from 'vitest';
import { findHotspots, HotspotTracker, labelRegions } from '../../../src/analysis/hotspots.ts';
import { hotspotCsvHeader, hotspotCsvRows, HOTSPOT_COLUMNS } from '../../../src/io/hotspotsCsv.ts';

const byValue = (v: number[]) => [...v].sort((p, q) => p - q);

/** A mask from cell coordinates on a grid. */
function mask(shape: number[], cells: number[][]): Float32Array {
  const [nx, ny = 1] = shape;
  const m = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (const [x, y, z = 0] of cells) m[x + nx * (y + ny * z)] = 1;
  return m;
}

describe('labelRegions', () => {
  it('separates regions that touch only at a corner (face connectivity, 2D)', () => {
    const m = mask([6, 6], [[1, 1], [2, 2], [2, 3], [4, 4]]);
    const { labels, sizes } = labelRegions(m, [6, 6]);
    expect(byValue(sizes)).toEqual([1, 1, 2]);
    expect(labels[2 + 6 * 2]).toBe(labels[2 + 6 * 3]);
    expect(labels[1 + 6 * 1]).not.toBe(labels[2 + 6 * 2]);
    expect(labels[0]).toBe(-1);
  });

  it('joins regions across the periodic faces, and not when periodic = false', () => {
    // a band crossing x = 0 / x = nx-1, and one crossing the y faces at a different x
    const m = mask([8, 5], [[0, 2], [7, 2], [6, 2], [3, 0], [3, 4]]);
    const periodic = labelRegions(m, [8, 5]);
    expect(byValue(periodic.sizes)).toEqual([2, 3]);
    const open = labelRegions(m, [8, 5], false);
    expect(byValue(open.sizes)).toEqual([1, 1, 1, 2]);
  });

  it('3D: a spherical shell is one region, its hollow core none; the z faces wrap', () => {
    const n = 16;
    const cells: number[][] = [];
    for (let z = 0; z < n; z++)
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const r = Math.hypot(x - 8, y - 8, z - 8);
          if (r > 4 && r < 6) cells.push([x, y, z]);
        }
    cells.push([2, 2, 0], [2, 2, n - 1]);
    const { labels, sizes } = labelRegions(mask([n, n, n], cells), [n, n, n]);
    expect(sizes.length).toBe(2);
    expect(byValue(sizes)[0]).toBe(2);
    expect(labels[8 + n * (8 + n * 8)]).toBe(-1);
  });

  it('with phases, keeps a particle hot spot and the electrolyte hot spot beside it apart', () => {
    // a hot band across the particle (x < 3) / electrolyte (x >= 3) boundary of a 6 x 2 grid
    const m = mask([6, 2], [[1, 0], [2, 0], [3, 0], [4, 0]]);
    const phases = Uint8Array.from({ length: 12 }, (_, i) => (i % 6 < 3 ? 1 : 0));
    expect(labelRegions(m, [6, 2]).sizes).toEqual([4]);
    const split = labelRegions(m, [6, 2], true, phases);
    expect(split.sizes).toEqual([2, 2]);
    expect(split.labels[2]).not.toBe(split.labels[3]);
    const frame = findHotspots(m, Float32Array.from({ length: 12 }, (_, i) => i), [6, 2], [1, 1], true, phases);
    expect(frame.regions.map((r) => [r.phase, r.peakCell])).toEqual([
      ['electrolyte', 4],
      ['particle', 2],
    ]);
    expect(() => labelRegions(m, [6, 2], true, new Uint8Array(5))).toThrow(/phase field has 5 values/);
  });

  it('rejects a mask of the wrong size', () => {
    expect(() => labelRegions(new Float32Array(10), [3, 3])).toThrow(/9/);
  });
});

describe('findHotspots', () => {
  it('reports per region the cells, volume fraction and the peak stress with its position (spacing applied)', () => {
    const shape = [8, 4];
    const m = mask(shape, [[1, 1], [2, 1], [6, 3]]);
    const stress = new Float32Array(32).fill(1);
    stress[2 + 8 * 1] = 5;
    stress[6 + 8 * 3] = 7;
    stress[0] = 100; // not a hot spot: ignored
    const frame = findHotspots(m, stress, shape, [0.5, 2]);
    expect(frame.regions.map((r) => r.peakStress)).toEqual([7, 5]); // largest peak first
    expect(frame.regions[0].peakPosition).toEqual([3, 6, 0]);
    expect(frame.regions[1].cells).toBe(2);
    expect(frame.regions[1].volumeFraction).toBeCloseTo(2 / 32, 15);
    expect(frame.volumeFraction).toBeCloseTo(3 / 32, 15);
  });
});

describe('HotspotTracker', () => {
  const shape = [10, 10];
  const stress = new Float32Array(100).fill(1);
  it('keeps ids and first-seen times of regions that persist, dates new ones now, and handles splits and merges', () => {
    const tracker = new HotspotTracker();
    const a = tracker.update(findHotspots(mask(shape, [[1, 1], [2, 1], [3, 1]]), stress, shape), 0.5);
    expect(a).toHaveLength(1);
    expect(a[0].firstSeen).toBe(0.5);
    // the region shifts (overlapping) and a new one appears
    const b = tracker.update(findHotspots(mask(shape, [[2, 1], [3, 1], [4, 1], [5, 1], [7, 7]]), stress, shape), 1.5);
    const persisting = b.find((r) => r.cells === 4)!;
    const fresh = b.find((r) => r.cells === 1)!;
    expect(persisting.id).toBe(a[0].id);
    expect(persisting.firstSeen).toBe(0.5);
    expect(fresh.firstSeen).toBe(1.5);
    expect(fresh.id).not.toBe(a[0].id);
    // split: the larger piece keeps the id, both keep the time
    const c = tracker.update(findHotspots(mask(shape, [[2, 1], [3, 1], [5, 1], [7, 7]]), stress, shape), 2.5);
    const big = c.find((r) => r.cells === 2)!;
    const piece = c.find((r) => r.peakPosition[0] === 5)!;
    expect(big.id).toBe(a[0].id);
    expect(piece.id).not.toBe(a[0].id);
    expect(piece.firstSeen).toBe(0.5);
    // merge of the old region with the fresh one: the id of the larger overlap, the oldest time
    const d = tracker.update(findHotspots(mask(shape, [[2, 1], [3, 1], [3, 2], [3, 3], [3, 4], [3, 5], [3, 6], [3, 7], [4, 7], [5, 7], [6, 7], [7, 7]]), stress, shape), 3.5);
    expect(d).toHaveLength(1);
    expect(d[0].id).toBe(a[0].id);
    expect(d[0].firstSeen).toBe(0.5);
    // gone, then back: a new region
    tracker.update(findHotspots(mask(shape, []), stress, shape), 4.5);
    const e = tracker.update(findHotspots(mask(shape, [[2, 1]]), stress, shape), 5.5);
    expect(e[0].firstSeen).toBe(5.5);
  });
});

describe('hotspots.csv', () => {
  it('has one row per region with the documented columns', () => {
    const tracker = new HotspotTracker();
    const regions = tracker.update(findHotspots(mask([4, 4], [[1, 1], [3, 3]]), new Float32Array(16).fill(2.5e8), [4, 4], [1e-8, 1e-8]), 1e-3);
    const text = hotspotCsvHeader() + hotspotCsvRows(12, 1e-3, regions);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(HOTSPOT_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line.split(',')).toHaveLength(HOTSPOT_COLUMNS.length);
    // without phases every region is the particle's: in_particle = 1
    for (const line of lines.slice(1)) expect(line.split(',').at(-1)).toBe('1');
    expect(lines[1].startsWith('12,0.001,')).toBe(true);
    expect(hotspotCsvRows(1, 0, [])).toBe('');
  });
});
