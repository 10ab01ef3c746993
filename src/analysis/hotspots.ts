/**
 * Fracture-prone hot spots (issue #10): the per-cell indicator written by shaders/elastic/stress_fields.wgsl
 * (1 where the criterion stress, sigma_1 or sigma_vm, exceeds the strength) grouped into connected regions,
 * and regions followed from one output frame to the next so each keeps the time it first appeared.
 *
 * Connectivity is face-sharing (6 neighbours in 3D, 4 in 2D) and periodic, like the spectral solver's box:
 * a region cut by a box face is one region. Grouping is union-find with path halving and union by size
 * (Tarjan, J. ACM 22 (1975) 215), O(N alpha(N)). Pure, float64, no GPU: it runs on read-backs at output
 * frames, not every step.
 */
import type { Phase } from './phaseStrength.ts';

export interface RegionLabels {
  /** region index per cell, -1 outside every region; regions are numbered 0.. in order of their first cell */
  labels: Int32Array;
  /** cells per region */
  sizes: number[];
}

/** Grid shape [nx, ny] or [nx, ny, nz]; cell (x, y, z) is index x + nx (y + ny z). */
export type GridShape = readonly number[];

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/**
 * Connected regions of the cells where `mask` > 0.5 (periodic face connectivity). `periodic = false`
 * stops regions at the box faces. With `phases` (a phase number per cell, e.g. 1 particle / 0 matrix:
 * src/analysis/phaseStrength.ts) neighbours join only within one phase, so a particle's hot spot and the
 * electrolyte's beside it, held to different strengths, stay two regions.
 */
export function labelRegions(mask: ArrayLike<number>, shape: GridShape, periodic = true, phases?: ArrayLike<number>): RegionLabels {
  const [nx, ny = 1, nz = 1] = shape;
  const n = nx * ny * nz;
  if (mask.length !== n) throw new Error(`hot-spot mask has ${mask.length} values, the grid ${shape.join(' x ')} has ${n}`);
  if (phases && phases.length !== n) throw new Error(`phase field has ${phases.length} values, the grid ${shape.join(' x ')} has ${n}`);
  const parent = new Int32Array(n).fill(-1);
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (mask[i] > 0.5) {
      parent[i] = i;
      size[i] = 1;
    }
  }
  const union = (a: number, b: number) => {
    let ra = find(parent, a);
    let rb = find(parent, b);
    if (ra === rb) return;
    if (size[ra] < size[rb]) [ra, rb] = [rb, ra];
    parent[rb] = ra;
    size[ra] += size[rb];
  };
  // each cell joins its +x, +y, +z neighbour (wrapping when periodic): every face pair is visited once
  const strides = [1, nx, nx * ny];
  const extents = [nx, ny, nz];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (parent[i] < 0) continue;
        const coords = [x, y, z];
        for (let axis = 0; axis < 3; axis++) {
          const extent = extents[axis];
          if (extent === 1) continue;
          let j: number;
          if (coords[axis] + 1 < extent) j = i + strides[axis];
          else if (periodic) j = i - (extent - 1) * strides[axis];
          else continue;
          if (parent[j] >= 0 && (!phases || phases[i] === phases[j])) union(i, j);
        }
      }
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const rootLabel = new Map<number, number>();
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (parent[i] < 0) continue;
    const root = find(parent, i);
    let label = rootLabel.get(root);
    if (label === undefined) {
      label = sizes.length;
      rootLabel.set(root, label);
      sizes.push(0);
    }
    labels[i] = label;
    sizes[label]++;
  }
  return { labels, sizes };
}

export interface HotspotRegion {
  /** index into the frame's labels (0..count-1) */
  label: number;
  cells: number;
  /** cells / all cells of the box */
  volumeFraction: number;
  /** the largest criterion stress in the region [scene stress unit] */
  peakStress: number;
  /** cell index of the peak */
  peakCell: number;
  /** position of the peak [scene length unit]: cell (i, j, k) sits at (i, j, k) x spacing (VTK, origin 0) */
  peakPosition: [number, number, number];
  /** the phase the region lies in (one phase per region when grouped with phases; "particle" without) */
  phase: Phase;
}

export interface HotspotFrame {
  labels: Int32Array;
  /** regions, largest peak stress first */
  regions: HotspotRegion[];
  /** fraction of the box in any region */
  volumeFraction: number;
}

/**
 * Regions of a hot-spot indicator field with the peak of `stress` (the criterion stress: sigma_1 for a
 * tensile strength, sigma_vm for a yield stress) in each; `phases` (1 particle, 0 matrix per cell) keeps
 * the regions of the two phases apart.
 */
export function findHotspots(mask: ArrayLike<number>, stress: ArrayLike<number>, shape: GridShape, spacing: readonly number[] = [1, 1, 1], periodic = true, phases?: ArrayLike<number>): HotspotFrame {
  const { labels, sizes } = labelRegions(mask, shape, periodic, phases);
  const n = labels.length;
  if (stress.length !== n) throw new Error(`stress field has ${stress.length} values, the grid has ${n}`);
  const [nx, ny = 1] = shape;
  const peak = sizes.map(() => -Infinity);
  const peakCell = sizes.map(() => -1);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l >= 0 && (stress[i] > peak[l] || peakCell[l] < 0)) {
      peak[l] = stress[i];
      peakCell[l] = i;
    }
  }
  const h = [spacing[0] ?? 1, spacing[1] ?? 1, spacing[2] ?? 1];
  const regions = sizes.map((cells, label): HotspotRegion => {
    const i = peakCell[label];
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    const phase: Phase = phases?.[i] === 0 ? 'electrolyte' : 'particle';
    return { label, cells, volumeFraction: cells / n, peakStress: peak[label], peakCell: i, peakPosition: [x * h[0], y * h[1], z * h[2]], phase };
  });
  regions.sort((a, b) => b.peakStress - a.peakStress);
  const total = sizes.reduce((a, b) => a + b, 0);
  return { labels, regions, volumeFraction: total / n };
}

export interface TrackedRegion extends HotspotRegion {
  /** identity kept across frames while the region overlaps its predecessor */
  id: number;
  /** time of the first frame in which this region (or the one it grew from) was a hot spot */
  firstSeen: number;
}

/**
 * Follows regions from frame to frame by overlap: a region that shares cells with regions of the previous
 * frame continues the one it shares most with (keeping its id) and inherits the earliest first-seen time
 * of all it overlaps (a merge is as old as its oldest part). When a region splits, the largest overlap
 * keeps the id and the other pieces get new ids but keep the first-seen time. A region overlapping none
 * is new: first seen now. Frames must come in time order on the same grid.
 */
export class HotspotTracker {
  private previous?: { labels: Int32Array; tracks: { id: number; firstSeen: number }[] };
  private nextId = 1;

  update(frame: HotspotFrame, time: number): TrackedRegion[] {
    const count = frame.regions.length;
    const byLabel = new Array<HotspotRegion>(count);
    for (const r of frame.regions) byLabel[r.label] = r;
    // overlaps[label] = Map(previous label -> shared cells)
    const overlaps = Array.from({ length: count }, () => new Map<number, number>());
    const prev = this.previous;
    if (prev) {
      if (prev.labels.length !== frame.labels.length) throw new Error('hot-spot tracking: the grid changed between frames');
      for (let i = 0; i < frame.labels.length; i++) {
        const l = frame.labels[i];
        const p = prev.labels[i];
        if (l >= 0 && p >= 0) overlaps[l].set(p, (overlaps[l].get(p) ?? 0) + 1);
      }
    }
    // candidates (new label, previous label, shared), largest overlap first: ids go to the best match
    const candidates: [number, number, number][] = [];
    overlaps.forEach((m, l) => m.forEach((shared, p) => candidates.push([l, p, shared])));
    candidates.sort((a, b) => b[2] - a[2] || a[0] - b[0]);
    const ids = new Array<number>(count).fill(-1);
    const taken = new Set<number>();
    for (const [l, p] of candidates) {
      if (ids[l] >= 0 || taken.has(p)) continue;
      ids[l] = prev!.tracks[p].id;
      taken.add(p);
    }
    const tracks = byLabel.map((_, l) => {
      let firstSeen = time;
      for (const p of overlaps[l].keys()) firstSeen = Math.min(firstSeen, prev!.tracks[p].firstSeen);
      return { id: ids[l] >= 0 ? ids[l] : this.nextId++, firstSeen };
    });
    this.previous = { labels: frame.labels, tracks };
    return frame.regions.map((r) => ({ ...r, ...tracks[r.label] }));
  }
}
