/**
 * What the viewport's hot-spot panel shows, without DOM or three.js (unit-tested): the regions of a
 * read-back of the `hotspot` indicator (src/analysis/hotspots.ts), their bounding boxes across the
 * periodic faces, where a region sits in the views' normalised coordinates (the box scaled so its
 * longest side is 1, centred on the origin, as PlaneView and VolumeView draw it), and the list text.
 */
import { findHotspots, HotspotTracker, type TrackedRegion } from '../analysis/hotspots.ts';
import { normalisedExtent } from './fieldView.ts';

export interface RegionBox {
  /** cell-index bounds (inclusive) around the peak, unwrapped across periodic faces: min may be < 0, max >= n */
  min: [number, number, number];
  max: [number, number, number];
}

export interface ViewportRegion extends TrackedRegion {
  box: RegionBox;
}

/**
 * Bounding boxes of the labelled regions, unwrapped around each region's peak cell (minimum image of
 * every cell's offset from the peak), so a region cut by a periodic face gets one compact box.
 */
export function regionBoxes(labels: Int32Array, shape: readonly number[], peaks: ReadonlyMap<number, number>): Map<number, RegionBox> {
  const [nx, ny = 1, nz = 1] = shape;
  const n = [nx, ny, nz];
  const coords = (i: number) => [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
  const boxes = new Map<number, RegionBox>();
  const origin = new Map<number, number[]>();
  for (const [label, cell] of peaks) {
    const p = coords(cell);
    origin.set(label, p);
    boxes.set(label, { min: [p[0], p[1], p[2]], max: [p[0], p[1], p[2]] });
  }
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    const box = l >= 0 ? boxes.get(l) : undefined;
    if (!box) continue;
    const p = origin.get(l)!;
    const c = coords(i);
    for (let a = 0; a < 3; a++) {
      let d = c[a] - p[a];
      d -= n[a] * Math.round(d / n[a]);
      const v = p[a] + d;
      if (v < box.min[a]) box.min[a] = v;
      if (v > box.max[a]) box.max[a] = v;
    }
  }
  return boxes;
}

/** Follows the regions of successive read-backs (first-seen times, stable ids) for the panel. */
export class ViewportHotspots {
  private readonly tracker = new HotspotTracker();

  constructor(
    readonly shape: readonly number[],
    readonly spacing: readonly number[],
    /** a particle in a matrix: 1 particle / 0 matrix per cell, regions kept within one phase */
    readonly phases?: ArrayLike<number>,
  ) {}

  update(indicator: ArrayLike<number>, criterionStress: ArrayLike<number>, time: number): ViewportRegion[] {
    const frame = findHotspots(indicator, criterionStress, this.shape, this.spacing, true, this.phases);
    const tracked = this.tracker.update(frame, time);
    const boxes = regionBoxes(frame.labels, this.shape, new Map(frame.regions.map((r) => [r.label, r.peakCell])));
    return tracked.map((r) => ({ ...r, box: boxes.get(r.label)! }));
  }
}

/**
 * A cell-index position (fractional, cell centres at i + 1/2 handled by the caller) in the views'
 * normalised frame: x_view = (i + 1/2) / n * extent - extent / 2 per axis (2D: z = 0).
 */
export function viewPosition(cell: readonly number[], shape: readonly number[], size: readonly number[]): [number, number, number] {
  const extent = normalisedExtent(size);
  const out: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < Math.min(3, shape.length); a++) out[a] = ((cell[a] + 0.5) / shape[a]) * extent[a] - extent[a] / 2;
  return out;
}

/** Where the camera goes for a region: its box centre and the box size, in view units. */
export function regionFocus(region: ViewportRegion, shape: readonly number[], size: readonly number[]): { center: [number, number, number]; span: number } {
  const { min, max } = region.box;
  const middle = [0, 1, 2].map((a) => (min[a] + max[a]) / 2);
  const center = viewPosition(middle, shape, size);
  const extent = normalisedExtent(size);
  let span = 0;
  for (let a = 0; a < Math.min(3, shape.length); a++) span = Math.max(span, ((max[a] - min[a] + 1) / shape[a]) * extent[a]);
  return { center, span };
}

/** Engineering text of a stress: MPa / GPa for SI scenes, plain otherwise. */
export function formatStress(value: number, si: boolean): string {
  if (!Number.isFinite(value)) return '–';
  if (!si) return value.toPrecision(3);
  return Math.abs(value) >= 1e9 ? `${(value / 1e9).toPrecision(3)} GPa` : `${(value / 1e6).toPrecision(3)} MPa`;
}

function formatTime(t: number, si: boolean): string {
  if (!si) return t.toPrecision(3);
  const a = Math.abs(t);
  if (a === 0) return '0 s';
  if (a < 1e-6) return `${(t * 1e9).toPrecision(3)} ns`;
  if (a < 1e-3) return `${(t * 1e6).toPrecision(3)} µs`;
  if (a < 1) return `${(t * 1e3).toPrecision(3)} ms`;
  return `${t.toPrecision(3)} s`;
}

/** One line of the region list: id, peak stress, volume fraction, first-seen time; the phase when the scene has two. */
export function describeRegion(region: TrackedRegion, si: boolean, twoPhases = false): string {
  const percent = region.volumeFraction * 100;
  const where = twoPhases ? `  ${region.phase}` : '';
  return `#${region.id}${where}  peak ${formatStress(region.peakStress, si)}  ${percent < 0.1 ? percent.toExponential(1) : percent.toPrecision(2)} %  since ${formatTime(region.firstSeen, si)}`;
}
