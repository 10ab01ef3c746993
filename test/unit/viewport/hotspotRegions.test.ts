import { describe, expect, it } from 'vitest';
import { describeRegion, formatStress, regionBoxes, regionFocus, viewPosition, ViewportHotspots } from '../../../src/viewport/hotspotRegions.ts';
import { hotspotTexels } from '../../../src/viewport/hotspotOverlay.ts';

function mask(shape: number[], cells: number[][]): Float32Array {
  const [nx, ny = 1] = shape;
  const m = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (const [x, y, z = 0] of cells) m[x + nx * (y + ny * z)] = 1;
  return m;
}

describe('viewport hot-spot regions', () => {
  it('boxes a region cut by a periodic face as one compact box around its peak', () => {
    const shape = [10, 6];
    const m = mask(shape, [[9, 2], [0, 2], [1, 2], [1, 3]]);
    const stress = new Float32Array(60);
    stress[0 + 10 * 2] = 3; // peak at x = 0
    const regions = new ViewportHotspots(shape, [1, 1]).update(m, stress, 0);
    expect(regions).toHaveLength(1);
    expect(regions[0].box).toEqual({ min: [-1, 2, 0], max: [1, 3, 0] });
    const focus = regionFocus(regions[0], shape, [10, 6]);
    // box centre x = 0 cells -> (0.5 / 10) * 1 - 0.5 = -0.45 in view units (longest side 1)
    expect(focus.center[0]).toBeCloseTo(-0.45, 12);
    expect(focus.span).toBeCloseTo(0.3, 12);
  });

  it('maps cell centres into the normalised, centred view frame', () => {
    expect(viewPosition([0, 0], [4, 2], [4e-9, 2e-9])).toEqual([-0.375, -0.125, 0]);
    expect(viewPosition([3, 1, 0], [4, 2, 2], [4, 2, 2])).toEqual([0.375, 0.125, -0.125]);
  });

  it('regionBoxes covers every labelled cell', () => {
    const labels = Int32Array.from([0, 0, -1, 1, -1, 1]);
    const boxes = regionBoxes(labels, [6, 1], new Map([[0, 0], [1, 3]]));
    expect(boxes.get(0)).toEqual({ min: [0, 0, 0], max: [1, 0, 0] });
    expect(boxes.get(1)).toEqual({ min: [3, 0, 0], max: [5, 0, 0] });
  });

  it('list text gives id, peak in MPa/GPa, volume fraction and first-seen time', () => {
    const regions = new ViewportHotspots([4, 4], [1e-9, 1e-9]).update(mask([4, 4], [[1, 1]]), new Float32Array(16).fill(3.2e9), 2e-3);
    expect(describeRegion(regions[0], true)).toBe('#1  peak 3.20 GPa  6.3 %  since 2.00 ms');
    // a particle in a matrix: a hot band across the phase boundary is two regions, each named by its phase
    const phases = Uint8Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 1 : 0));
    const split = new ViewportHotspots([4, 4], [1e-9, 1e-9], phases).update(mask([4, 4], [[1, 1], [2, 1]]), Float32Array.from({ length: 16 }, (_, i) => 1e8 * (i + 1)), 2e-3);
    expect(split.map((r) => describeRegion(r, true, true))).toEqual(['#2  electrolyte  peak 700 MPa  6.3 %  since 2.00 ms', '#1  particle  peak 600 MPa  6.3 %  since 2.00 ms']);
    expect(formatStress(2.5e8, true)).toBe('250 MPa');
    expect(formatStress(0.125, false)).toBe('0.125');
  });

  it('overlay texels are red and translucent exactly at the hot cells', () => {
    const t = hotspotTexels(mask([3, 2], [[2, 1]]), 3, 2);
    expect(Array.from(t.subarray(20, 24))).toEqual([255, 40, 40, 150]);
    expect(t.reduce((a, b) => a + b, 0)).toBe(255 + 40 + 40 + 150);
  });
});
