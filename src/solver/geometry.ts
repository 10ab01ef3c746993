/**
 * The particle indicator psi of the smoothed-boundary method (DESIGN.md 3.5): 1 inside the particle,
 * 0 in the surrounding medium, with a smooth tanh profile across the boundary, evaluated in float64 on
 * the CPU for every grid node (x fastest; node i sits at x = i dx, as in the .vti output).
 *
 *   psi = (1 - tanh(d / eps)) / 2,   d = signed distance to the particle surface (negative inside)
 *
 * The 10 % to 90 % rise of psi spans 2 artanh(0.8) eps = 2.197 eps; eps is chosen so that this is
 * `interfaceCells` grid cells (3 by default; 0 gives the sharp pixel indicator, 1 at nodes strictly
 * inside, for elasticity references and tests). The box is periodic: distances use the minimum image of
 * the particle centre. Shapes (src/scene/geometrySchema.ts):
 *   sphere      d = |x| - R                                           (exact)
 *   ellipsoid   d = (q - 1) / |grad q|, q = |x / a|                   (first-order distance; exact
 *                                                                       for a sphere, smooth elsewhere)
 *   roundedBox  d = |max(|x| - h + r, 0)| + min(max_i(|x_i| - h_i + r), 0) - r   (exact)
 *   mask        the 0/1 voxel mask resampled by nearest voxel, blurred with a periodic Gaussian whose
 *               10-90 % edge width matches interfaceCells (a mask has no analytic distance)
 *   composite   the active phase of a periodic composite microstructure on the grid, smoothed like a mask;
 *               `reactionSiteDensity` gives where its reaction runs (TPB or active/electrolyte interface)
 * psi is returned unregularised in [0, 1]; solvers that divide by it apply max(psi, psiMin).
 * (Smoothed-boundary method: Yu, Chen & Thornton, MSMSE 20 (2012) 075008; Bueno-Orovio, Perez-Garcia &
 * Fenton, SIAM J. Sci. Comput. 28 (2006) 886 for the diffuse-domain idea.)
 */
import type { Spec } from '../scene/resolve.ts';
import type { Geometry } from '../scene/geometrySchema.ts';
import { decodeBase64 } from '../scene/base64.ts';
import { generatePackedMicrostructure, microstructureReport, PHASE_ACTIVE, reactionSites, type Microstructure } from '../physics/microstructure.ts';

/** 2 artanh(0.8): the 10-90 % width of (1 - tanh(d/eps))/2 in units of eps. */
const TANH_WIDTH = 2 * Math.atanh(0.8);
/** 10-90 % width of a Gaussian-blurred step in units of sigma: 2 * 1.2816 (the normal 90 % quantile). */
const GAUSS_WIDTH = 2 * 1.2815515655446004;

/** The scene's geometry section, or undefined. */
export function sceneGeometry(spec: Spec): Geometry | undefined {
  return (spec.scene as { geometry?: Geometry }).geometry;
}

/** Indicator psi on the grid (float64, x fastest), or undefined when the scene has no particle geometry. */
export function particleIndicator(spec: Spec): Float64Array | undefined {
  const g = sceneGeometry(spec);
  return g ? shapeIndicator(g, spec) : undefined;
}

/**
 * The indicator that elasticity uses for a particle in a matrix: the geometry's shape with the elastic
 * boundary width `model.elasticity.matrix.interfaceCells` where the scene gives one (a thin boundary for
 * the interface stress while the reaction and diffusion keep the geometry's psi), else psi itself.
 */
export function elasticIndicator(spec: Spec): Float64Array | undefined {
  const g = sceneGeometry(spec);
  const width = spec.elasticity?.matrixInterfaceCells;
  if (!g) return undefined;
  return width === undefined ? shapeIndicator(g, spec) : shapeIndicator({ ...g, interfaceCells: width }, spec);
}

/** Smooth indicator of shape `g` on the spec's grid (also used for precipitate initial conditions). */
export function shapeIndicator(g: Geometry, spec: Pick<Spec, 'shape' | 'spacing' | 'size' | 'dims'>): Float64Array {
  const shape = [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1];
  const spacing = [spec.spacing[0], spec.spacing[1], spec.spacing[2] ?? 1];
  const size = [spec.size[0], spec.size[1], spec.size[2] ?? 1];
  const dims = spec.dims;
  const h = Math.min(...spacing.slice(0, dims));
  if (g.kind === 'mask') return maskIndicator(g, shape, dims, g.interfaceCells);
  if (g.kind === 'composite') {
    const m = compositeMicrostructure(g, spec);
    return smoothStep(Float64Array.from(m.phases, (p) => (p === PHASE_ACTIVE ? 1 : 0)), shape, dims, g.interfaceCells);
  }
  const eps = (g.interfaceCells * h) / TANH_WIDTH;
  const center = g.center ?? size.map((L) => L / 2);
  const distance = signedDistance(g);
  const out = new Float64Array(shape[0] * shape[1] * shape[2]);
  const x = [0, 0, 0];
  for (let k = 0; k < shape[2]; k++) {
    for (let j = 0; j < shape[1]; j++) {
      for (let i = 0; i < shape[0]; i++) {
        const index = [i, j, k];
        for (let a = 0; a < 3; a++) {
          if (a >= dims) {
            x[a] = 0;
            continue;
          }
          // minimum image of the offset from the centre
          let r = index[a] * spacing[a] - center[a];
          r -= size[a] * Math.round(r / size[a]);
          x[a] = r;
        }
        const d = distance(x, dims);
        // interfaceCells = 0: the sharp (pixel) indicator, 1 where the node lies strictly inside
        out[i + shape[0] * (j + shape[1] * k)] = eps > 0 ? 0.5 * (1 - Math.tanh(d / eps)) : d < 0 ? 1 : 0;
      }
    }
  }
  return out;
}

type Distance = (x: number[], dims: number) => number;

function signedDistance(g: Exclude<Geometry, { kind: 'mask' | 'composite' }>): Distance {
  switch (g.kind) {
    case 'sphere':
      return (x, dims) => Math.hypot(...x.slice(0, dims)) - g.radius;
    case 'ellipsoid': {
      const a = g.semiAxes;
      return (x, dims) => {
        let q2 = 0;
        let grad2 = 0;
        for (let i = 0; i < dims; i++) {
          q2 += (x[i] / a[i]) ** 2;
          grad2 += (x[i] / (a[i] * a[i])) ** 2;
        }
        const q = Math.sqrt(q2);
        // grad q = (x_i / a_i^2) / q; at the centre the distance is minus the smallest semi-axis
        if (q < 1e-12) return -Math.min(...a.slice(0, dims));
        return (q - 1) / (Math.sqrt(grad2) / q);
      };
    }
    case 'roundedBox': {
      const r = g.cornerRadius;
      const half = g.halfSize;
      return (x, dims) => {
        let outside = 0;
        let inside = -Infinity;
        for (let i = 0; i < dims; i++) {
          const q = Math.abs(x[i]) - (half[i] - r);
          outside += Math.max(q, 0) ** 2;
          inside = Math.max(inside, q);
        }
        return Math.sqrt(outside) + Math.min(inside, 0) - r;
      };
    }
  }
}

function maskIndicator(g: Extract<Geometry, { kind: 'mask' }>, shape: number[], dims: number, interfaceCells: number): Float64Array {
  if (g.data === undefined) throw new Error('geometry.data: the mask bytes are missing (the scene schema requires them)');
  const bytes = decodeBase64(g.data);
  const m = [g.cells[0], g.cells[1], g.cells[2] ?? 1];
  if (bytes.length !== m[0] * m[1] * m[2]) {
    throw new Error(`geometry.data: the mask has ${bytes.length} bytes, geometry.cells says ${m.join(' x ')} = ${m[0] * m[1] * m[2]}`);
  }
  const n = shape[0] * shape[1] * shape[2];
  const field = new Float64Array(n);
  for (let k = 0; k < shape[2]; k++) {
    const mk = Math.min(m[2] - 1, Math.floor(((k + 0.5) * m[2]) / shape[2]));
    for (let j = 0; j < shape[1]; j++) {
      const mj = Math.min(m[1] - 1, Math.floor(((j + 0.5) * m[1]) / shape[1]));
      for (let i = 0; i < shape[0]; i++) {
        const mi = Math.min(m[0] - 1, Math.floor(((i + 0.5) * m[0]) / shape[0]));
        field[i + shape[0] * (j + shape[1] * k)] = bytes[mi + m[0] * (mj + m[1] * mk)] !== 0 ? 1 : 0;
      }
    }
  }
  return smoothStep(field, shape, dims, interfaceCells);
}

/** A 0/1 field smoothed by a separable periodic Gaussian whose 10-90 % edge width is `interfaceCells`. */
function smoothStep(step: Float64Array, shape: number[], dims: number, interfaceCells: number): Float64Array {
  if (interfaceCells === 0) return step;
  let field = step;
  const n = field.length;
  // sigma in cells, truncated at 4 sigma
  const sigma = interfaceCells / GAUSS_WIDTH;
  const radius = Math.ceil(4 * sigma);
  const weights = Array.from({ length: 2 * radius + 1 }, (_, t) => Math.exp(-0.5 * ((t - radius) / sigma) ** 2));
  const total = weights.reduce((s, w) => s + w, 0);
  for (let t = 0; t < weights.length; t++) weights[t] /= total;
  const strides = [1, shape[0], shape[0] * shape[1]];
  for (let axis = 0; axis < dims; axis++) {
    const out = new Float64Array(n);
    const len = shape[axis];
    const stride = strides[axis];
    for (let index = 0; index < n; index++) {
      const pos = Math.floor(index / stride) % len;
      const base = index - pos * stride;
      let s = 0;
      for (let t = -radius; t <= radius; t++) s += weights[t + radius] * field[base + (((pos + t) % len) + len) % len * stride];
      out[index] = s;
    }
    field = out;
  }
  return field;
}

/**
 * The composite microstructure of a `composite` geometry: one voxel per grid cell, periodic packing
 * (radii converted to cells), deterministic from the seed.
 */
export function compositeMicrostructure(g: Extract<Geometry, { kind: 'composite' }>, spec: Pick<Spec, 'shape' | 'spacing'>): Microstructure {
  const h = spec.spacing[0];
  return generatePackedMicrostructure({
    shape: [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1],
    voxelSize: h,
    fractions: g.fractions,
    radii: { active: g.radii.active / h, electrolyte: g.radii.electrolyte / h, carbon: g.radii.carbon / h },
    seed: g.seed,
    fill: g.fill === 'pore' ? undefined : g.fill,
    periodic: true,
  });
}

/**
 * Where the surface reaction of a CHR particle runs, as a density of reactive area per volume
 * (1/length, scene units) on the grid; undefined when it is the whole particle surface (|grad psi|).
 * A composite electrode confines it (src/physics/microstructure.ts, reactionSites): to the
 * triple-phase boundary for a poor electronic conductor (TPB length x tpbWidth per cell volume), to the
 * active/electrolyte interface for a mixed conductor (face area per cell volume). Either integrates to
 * the reactive area of the box.
 */
export function reactionSiteDensity(spec: Spec): Float64Array | undefined {
  const g = sceneGeometry(spec);
  if (g?.kind !== 'composite') return undefined;
  const m = compositeMicrostructure(g, spec);
  const sites = reactionSites(m, g.conductor, { tpbWidth: g.tpbWidth ?? m.voxelSize, periodic: true });
  const volume = m.voxelSize ** 3;
  const width = g.conductor === 'poor' ? (g.tpbWidth ?? m.voxelSize) : 1;
  return Float64Array.from(sites.sites, (v) => (v * width) / volume);
}

/**
 * run.json `composite` of a composite-electrode scene: the conductor case this run uses and the
 * microstructure's metrics with both cases' reaction sites side by side (periodic box), so the reactive
 * area of a poor and of a mixed conductor can be compared from either run; undefined otherwise.
 */
export function compositeReport(spec: Spec): Record<string, unknown> | undefined {
  const g = sceneGeometry(spec);
  if (g?.kind !== 'composite') return undefined;
  const m = compositeMicrostructure(g, spec);
  const report = microstructureReport(m, g.tpbWidth ?? m.voxelSize, { periodic: true }) as { reactionSites: Record<'poor' | 'mixed', { reactiveAreaPerVolume: number }> };
  const { poor, mixed } = report.reactionSites;
  return {
    conductor: g.conductor,
    units: { length: 'm', perVolume: '1/m (area per volume) or 1/m^2 (length per volume)' },
    ...report,
    reactiveAreaRatio: { mixedOverPoor: mixed.reactiveAreaPerVolume / poor.reactiveAreaPerVolume, reading: `the whole active/electrolyte interface of a mixed conductor offers ${(mixed.reactiveAreaPerVolume / poor.reactiveAreaPerVolume).toFixed(1)} times the reactive area of the triple-phase-boundary band of a poor electronic conductor in this microstructure` },
  };
}
