/**
 * Size and shape of a single precipitate in a 2D periodic field (the benchmark-4-style scenes): the
 * region c > threshold, unwrapped about its centroid, measured by its area and its second moments.
 *   equivalent radius  sqrt(area / pi)
 *   aspect ratio       sqrt(lambda_max / lambda_min) of the second-moment tensor (1 for a circle or a
 *                      square, a/b for an ellipse with semi-axes a, b)
 *   squareness         mean radius of the boundary along the x and y axes over that along the diagonals
 *                      (1 for a circle, 1/sqrt(2) for an axis-aligned square)
 * Each cell counts with its covered fraction (c - outside)/(inside - outside), clamped to [0, 1], inside
 * the region and 0 outside, so the area does not jump by whole cells as the interface moves.
 */
export interface PrecipitateShape {
  area: number;
  equivalentRadius: number;
  aspectRatio: number;
  /** orientation of the long axis [rad from x] */
  angle: number;
  squareness: number;
}

/** The covered fraction of a cell: (c - min)/(max - min) clamped to [0, 1] where c > threshold, else 0. */
function coverage(c: ArrayLike<number>, count: number, threshold: number): (v: number) => number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < count; i++) {
    lo = Math.min(lo, c[i]);
    hi = Math.max(hi, c[i]);
  }
  return (v: number) => (v > threshold ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0);
}

/**
 * Centroid of the region c > threshold on the periodic grid, in cell units [x, y] (node i at x = i):
 * circular means per axis, each cell weighted by its covered fraction.
 */
export function precipitateCentre(c: ArrayLike<number>, shape: readonly number[], threshold = 0.5): [number, number] {
  const [nx, ny] = shape;
  const weight = coverage(c, nx * ny, threshold);
  let sx = 0, cx = 0, sy = 0, cy = 0, total = 0;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const w = weight(c[i + nx * j]);
      if (w === 0) continue;
      sx += w * Math.sin((2 * Math.PI * i) / nx);
      cx += w * Math.cos((2 * Math.PI * i) / nx);
      sy += w * Math.sin((2 * Math.PI * j) / ny);
      cy += w * Math.cos((2 * Math.PI * j) / ny);
      total += w;
    }
  if (total === 0) throw new Error(`no cell has c > ${threshold}: no precipitate`);
  return [((Math.atan2(sx, cx) / (2 * Math.PI)) * nx + nx) % nx, ((Math.atan2(sy, cy) / (2 * Math.PI)) * ny + ny) % ny];
}

export function precipitateShape(c: ArrayLike<number>, shape: readonly number[], spacing: readonly number[], threshold = 0.5): PrecipitateShape {
  const [nx, ny] = shape;
  const [dx, dy] = spacing;
  const weight = coverage(c, nx * ny, threshold);
  const [x0, y0] = precipitateCentre(c, shape, threshold);
  const wrap = (d: number, n: number) => d - n * Math.round(d / n);
  let mxx = 0, myy = 0, mxy = 0, total = 0;
  const axis: number[] = [0, 0, 0, 0];
  const axisCount: number[] = [0, 0, 0, 0];
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const w = weight(c[i + nx * j]);
      if (w === 0) continue;
      const x = wrap(i - x0, nx) * dx;
      const y = wrap(j - y0, ny) * dy;
      total += w;
      mxx += w * x * x;
      myy += w * y * y;
      mxy += w * x * y;
      // extent along the axes and the diagonals, from cells within half a cell of each ray
      const r = Math.hypot(x, y);
      const angle = Math.atan2(y, x);
      const sector = Math.round(angle / (Math.PI / 4));
      if (Math.abs(angle - (sector * Math.PI) / 4) * r < 0.5 * Math.min(dx, dy)) {
        const k = ((sector % 2) + 2) % 2; // 0: axis, 1: diagonal
        axis[k] = Math.max(axis[k], r);
        axisCount[k]++;
      }
    }
  const tr = mxx + myy;
  const det = mxx * myy - mxy * mxy;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const l1 = tr / 2 + disc;
  const l2 = tr / 2 - disc;
  const area = total * dx * dy;
  return {
    area,
    equivalentRadius: Math.sqrt(area / Math.PI),
    aspectRatio: Math.sqrt(l1 / Math.max(l2, 1e-300)),
    angle: 0.5 * Math.atan2(2 * mxy, mxx - myy),
    squareness: axisCount[0] > 0 && axisCount[1] > 0 ? axis[0] / axis[1] : NaN,
  };
}

/**
 * Distance from `centre` (cell units, as precipitateCentre) to the first crossing of c = level along the
 * ray at `angle` [rad from x, in physical space], in the length unit of `spacing`: the periodic field is
 * sampled bilinearly every 1/20 cell along the ray and the crossing interpolated linearly between samples.
 * PFHub benchmark 4 measures its precipitate lengths a_10, a_01, a_d this way on the eta = 0.5 contour.
 */
export function contourRadius(c: ArrayLike<number>, shape: readonly number[], spacing: readonly number[], centre: readonly number[], angle: number, level = 0.5): number {
  const [nx, ny] = shape;
  const [dx, dy] = spacing;
  const at = (x: number, y: number) => {
    const i = Math.floor(x);
    const j = Math.floor(y);
    const fx = x - i;
    const fy = y - j;
    const v = (a: number, b: number) => c[(((a % nx) + nx) % nx) + nx * (((b % ny) + ny) % ny)];
    return (1 - fy) * ((1 - fx) * v(i, j) + fx * v(i + 1, j)) + fy * ((1 - fx) * v(i, j + 1) + fx * v(i + 1, j + 1));
  };
  const h = Math.min(dx, dy) / 20;
  const rMax = 0.5 * Math.min(nx * dx, ny * dy);
  const sample = (r: number) => at(centre[0] + (r * Math.cos(angle)) / dx, centre[1] + (r * Math.sin(angle)) / dy);
  let previous = sample(0);
  if (!(previous > level)) throw new Error(`c = ${previous} at the centre is not above the level ${level}`);
  for (let r = h; r <= rMax; r += h) {
    const value = sample(r);
    if (value <= level) return r - h + (h * (previous - level)) / (previous - value);
    previous = value;
  }
  throw new Error(`no crossing of c = ${level} within half the box along ${angle} rad`);
}
