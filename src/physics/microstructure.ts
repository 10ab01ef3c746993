/**
 * Three-phase voxel microstructures of composite electrodes (active material, solid electrolyte,
 * electronic conductor such as carbon, optionally pores): generation, loading, and the metrics that
 * decide where the electrode reaction can run. Float64 / integer arithmetic, no GPU, no file system
 * (the loaders take bytes; the CLI reads files). Pure float64 / integer code, so it sits in the physics
 * layer: the solver builds composite particles and their reaction sites from it (src/solver/geometry.ts).
 *
 * Layout: one uint8 phase label per voxel, x fastest, index = x + nx (y + ny z) (as in src/io/vti.ts).
 *
 * Metrics (the voxel estimators used in electrode tomography; Wilson et al., Nature Materials 5 (2006)
 * 541; Iwai et al., J. Power Sources 195 (2010) 955, who compare them):
 * - Triple-phase-boundary (TPB) length: every interior voxel edge is shared by four voxels; the edge is a
 *   TPB segment when those four contain all three of active, electrolyte and carbon. Length = count x h.
 *   Exact for boundaries along the grid axes; a line running obliquely is measured along its staircase,
 *   which overestimates by the factor |cos a| + |cos b| + |cos c| (1.5 averaged over isotropic directions).
 * - Interface area: the faces between face-adjacent voxels of two phases, count x h^2; overestimates an
 *   isotropic curved surface by 1.5 on average for the same reason (the Cauchy-Crofton argument).
 * - Percolation: a phase percolates along an axis when one 6-connected cluster of it touches both
 *   end faces; clusters found by union-find (Tarjan, J. ACM 22 (1975) 215).
 *
 * Reaction sites: in a composite with a poor electronic conductor as active material (LiFePO4, sulfur)
 * the charge-transfer reaction needs the electron from carbon and the ion from the electrolyte at the
 * same place, so it is confined to the TPB; in a mixed (electronic + ionic) conductor (layered oxides)
 * electrons reach the whole active/electrolyte interface, which becomes reactive (the "TPB vs
 * double-phase boundary" picture of mixed conductors; Adler, Chem. Rev. 104 (2004) 4791, sec. 3).
 */
import { mulberry32 } from './random.ts';

export const PHASE_PORE = 0;
export const PHASE_ACTIVE = 1;
export const PHASE_ELECTROLYTE = 2;
export const PHASE_CARBON = 3;

export type PhaseName = 'pore' | 'active' | 'electrolyte' | 'carbon';
export const PHASE_LABELS: Record<PhaseName, number> = { pore: PHASE_PORE, active: PHASE_ACTIVE, electrolyte: PHASE_ELECTROLYTE, carbon: PHASE_CARBON };

export interface Microstructure {
  /** voxels per axis */
  readonly shape: readonly [number, number, number];
  /** voxel edge length, m */
  readonly voxelSize: number;
  /** phase label per voxel (PHASE_*), x fastest */
  readonly phases: Uint8Array;
}

export function createMicrostructure(shape: readonly [number, number, number], voxelSize: number, phases?: Uint8Array): Microstructure {
  for (const n of shape) if (!Number.isInteger(n) || n < 1) throw new RangeError(`microstructure: shape entries must be positive integers, got [${shape.join(', ')}]`);
  if (!(voxelSize > 0) || !Number.isFinite(voxelSize)) throw new RangeError(`microstructure: voxelSize must be a positive number (got ${voxelSize})`);
  const count = shape[0] * shape[1] * shape[2];
  const data = phases ?? new Uint8Array(count);
  if (data.length !== count) throw new RangeError(`microstructure: ${data.length} phase labels for a ${shape.join(' x ')} grid (${count} voxels)`);
  for (let i = 0; i < data.length; i++) {
    if (data[i] > PHASE_CARBON) throw new RangeError(`microstructure: voxel ${i} has phase label ${data[i]}; labels are 0 pore, 1 active, 2 electrolyte, 3 carbon`);
  }
  return { shape: [shape[0], shape[1], shape[2]], voxelSize, phases: data };
}

export function boxVolume(m: Microstructure): number {
  return m.shape[0] * m.shape[1] * m.shape[2] * m.voxelSize ** 3;
}

export function volumeFractions(m: Microstructure): Record<PhaseName, number> {
  const counts = [0, 0, 0, 0];
  for (const p of m.phases) counts[p]++;
  const n = m.phases.length;
  return { pore: counts[0] / n, active: counts[1] / n, electrolyte: counts[2] / n, carbon: counts[3] / n };
}

// ---------------------------------------------------------------------------------------------------
// Generation

export interface PackingOptions {
  shape: readonly [number, number, number];
  voxelSize: number;
  /** target volume fractions of the three solid phases; the rest is pore (or `fill`) */
  fractions: { active: number; electrolyte: number; carbon: number };
  /** sphere radii in voxels per phase */
  radii: { active: number; electrolyte: number; carbon: number };
  seed: number;
  /** a phase that takes every voxel no sphere claimed (e.g. 'electrolyte' as a matrix); default: pores */
  fill?: 'active' | 'electrolyte' | 'carbon';
  /** spheres wrap around the box faces (a periodic microstructure, for the periodic FFT solver) */
  periodic?: boolean;
}

/**
 * Random sequential packing of spheres: each new sphere (centre uniform in the box, from mulberry32)
 * belongs to the phase furthest below its target and claims only voxels no earlier sphere took, so
 * the particles touch and interpenetrate like a pressed powder but every voxel has one phase. A phase
 * stops when its claimed volume reaches the target (overshoot at most one sphere); the `fill` phase
 * takes what is left.
 */
export function generatePackedMicrostructure(options: PackingOptions): Microstructure {
  const { shape, voxelSize, fractions, radii, seed, fill, periodic = false } = options;
  const micro = createMicrostructure(shape, voxelSize);
  const [nx, ny, nz] = shape;
  const total = nx * ny * nz;
  const sum = fractions.active + fractions.electrolyte + fractions.carbon;
  for (const [name, f] of Object.entries(fractions)) if (!(f >= 0 && f <= 1)) throw new RangeError(`microstructure: fraction of ${name} must be in [0, 1] (got ${f})`);
  if (sum > 1 + 1e-9) throw new RangeError(`microstructure: fractions add up to ${sum} > 1`);
  for (const [name, r] of Object.entries(radii)) if (!(r > 0)) throw new RangeError(`microstructure: radius of ${name} must be positive (got ${r})`);
  const unassigned = 255;
  micro.phases.fill(unassigned);
  const order: ('active' | 'electrolyte' | 'carbon')[] = ['active', 'electrolyte', 'carbon'];
  const placing = order.filter((p) => p !== fill);
  const target = Object.fromEntries(order.map((p) => [p, Math.round(fractions[p] * total)])) as Record<string, number>;
  const claimed: Record<string, number> = { active: 0, electrolyte: 0, carbon: 0 };
  const random = mulberry32(seed);
  let free = total;
  for (let attempt = 0; attempt < 1_000_000; attempt++) {
    // the phase with the largest remaining deficit, relative to its target
    let phase: 'active' | 'electrolyte' | 'carbon' | undefined;
    let worst = 0;
    for (const p of placing) {
      const deficit = target[p] > 0 ? (target[p] - claimed[p]) / target[p] : 0;
      if (deficit > worst) {
        worst = deficit;
        phase = p;
      }
    }
    if (!phase || free === 0) break;
    const r = radii[phase];
    const cx = random() * nx;
    const cy = random() * ny;
    const cz = random() * nz;
    const label = PHASE_LABELS[phase];
    // the sphere's bounding box; periodic: unclamped, with indices wrapped into the box
    const range = (c: number, n: number): [number, number] => (periodic ? [Math.floor(c - r), Math.ceil(c + r)] : [Math.max(0, Math.floor(c - r)), Math.min(n - 1, Math.ceil(c + r))]);
    const wrap = (v: number, n: number) => ((v % n) + n) % n;
    const [z0, z1] = range(cz, nz);
    const [y0, y1] = range(cy, ny);
    const [x0, x1] = range(cx, nx);
    for (let z = z0; z <= z1; z++) {
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          // voxel centres at integer + 1/2
          const d2 = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 + (z + 0.5 - cz) ** 2;
          if (d2 > r * r) continue;
          // a sphere larger than the box would reach the same voxel twice: the claimed check below skips it
          const i = wrap(x, nx) + nx * (wrap(y, ny) + ny * wrap(z, nz));
          if (micro.phases[i] !== unassigned) continue;
          micro.phases[i] = label;
          claimed[phase]++;
          free--;
        }
      }
    }
  }
  const rest = fill ? PHASE_LABELS[fill] : PHASE_PORE;
  for (let i = 0; i < total; i++) if (micro.phases[i] === unassigned) micro.phases[i] = rest;
  return micro;
}

// ---------------------------------------------------------------------------------------------------
// Loading

/**
 * The raw voxel format: a file of nx*ny*nz bytes (uint8 phase labels, x fastest, no header) next to a
 * JSON header, e.g. `{ "shape": [64, 64, 64], "voxelSize": 5e-8, "labels": { "active": 1, "electrolyte": 2, "carbon": 3 } }`.
 * `labels` maps the file's values to phases (default: the PHASE_* numbering); values not listed are pores.
 */
export interface RawVoxelHeader {
  shape: [number, number, number];
  voxelSize: number;
  labels?: Partial<Record<'active' | 'electrolyte' | 'carbon' | 'pore', number>>;
}

export function parseRawVoxelHeader(json: unknown): RawVoxelHeader {
  const h = json as Partial<RawVoxelHeader> | null;
  if (!h || typeof h !== 'object') throw new RangeError('microstructure header: expected a JSON object');
  if (!Array.isArray(h.shape) || h.shape.length !== 3 || !h.shape.every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError('microstructure header: "shape" must be three positive integers [nx, ny, nz]');
  }
  if (typeof h.voxelSize !== 'number' || !(h.voxelSize > 0)) throw new RangeError('microstructure header: "voxelSize" must be a positive number (meters)');
  if (h.labels !== undefined) {
    if (typeof h.labels !== 'object' || h.labels === null) throw new RangeError('microstructure header: "labels" must be an object');
    for (const [k, v] of Object.entries(h.labels)) {
      if (!(k in PHASE_LABELS)) throw new RangeError(`microstructure header: unknown phase "${k}" in "labels" (use active, electrolyte, carbon, pore)`);
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255) throw new RangeError(`microstructure header: labels.${k} must be an integer 0..255`);
    }
  }
  return h as RawVoxelHeader;
}

export function microstructureFromRaw(bytes: Uint8Array, header: RawVoxelHeader): Microstructure {
  const [nx, ny, nz] = header.shape;
  if (bytes.length !== nx * ny * nz) throw new RangeError(`microstructure: the voxel file has ${bytes.length} bytes, the header's shape ${nx} x ${ny} x ${nz} needs ${nx * ny * nz}`);
  const map = new Uint8Array(256); // default: pore
  const labels = header.labels ?? { active: PHASE_ACTIVE, electrolyte: PHASE_ELECTROLYTE, carbon: PHASE_CARBON };
  for (const [name, value] of Object.entries(labels)) map[value as number] = PHASE_LABELS[name as PhaseName];
  const phases = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) phases[i] = map[bytes[i]];
  return createMicrostructure(header.shape, header.voxelSize, phases);
}

// ---------------------------------------------------------------------------------------------------
// Metrics

/** TPB length (m), by the edge-counting estimator; with `perVoxel`, each edge's length is shared by the active voxels around it. */
export function triplePhaseBoundary(m: Microstructure, perVoxel?: Float64Array, options: { periodic?: boolean } = {}): { length: number; edges: number; perVolume: number } {
  const [nx, ny, nz] = m.shape;
  const p = m.phases;
  const h = m.voxelSize;
  let edges = 0;
  const around = [0, 0, 0, 0];
  const visit = (a: number, b: number, c: number, d: number) => {
    around[0] = a;
    around[1] = b;
    around[2] = c;
    around[3] = d;
    let mask = 0;
    for (const i of around) mask |= 1 << p[i];
    const all = (1 << PHASE_ACTIVE) | (1 << PHASE_ELECTROLYTE) | (1 << PHASE_CARBON);
    if ((mask & all) !== all) return;
    edges++;
    if (perVoxel) {
      let actives = 0;
      for (const i of around) if (p[i] === PHASE_ACTIVE) actives++;
      for (const i of around) if (p[i] === PHASE_ACTIVE) perVoxel[i] += h / actives;
    }
  };
  // periodic: the vertices on the low faces pair with the voxels across the box (index -1 wraps to n-1)
  const first = options.periodic ? 0 : 1;
  const idx = (x: number, y: number, z: number) => ((x + nx) % nx) + nx * (((y + ny) % ny) + ny * ((z + nz) % nz));
  // Edges along z at vertex (x, y) in layer z: voxels (x-1|x, y-1|y, z).
  if (nx > 1 && ny > 1) for (let z = 0; z < nz; z++) for (let y = first; y < ny; y++) for (let x = first; x < nx; x++) visit(idx(x - 1, y - 1, z), idx(x, y - 1, z), idx(x - 1, y, z), idx(x, y, z));
  // Edges along y: voxels (x-1|x, y, z-1|z).
  if (nx > 1 && nz > 1) for (let z = first; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = first; x < nx; x++) visit(idx(x - 1, y, z - 1), idx(x, y, z - 1), idx(x - 1, y, z), idx(x, y, z));
  // Edges along x: voxels (x, y-1|y, z-1|z).
  if (ny > 1 && nz > 1) for (let z = first; z < nz; z++) for (let y = first; y < ny; y++) for (let x = 0; x < nx; x++) visit(idx(x, y - 1, z - 1), idx(x, y, z - 1), idx(x, y - 1, z), idx(x, y, z));
  const length = edges * h;
  return { length, edges, perVolume: length / boxVolume(m) };
}

/** Area (m^2) of the interface between two phases, by face counting; with `perVoxel`, each face's area goes to its voxel of phase `a`. */
export function interfaceArea(m: Microstructure, a: number, b: number, perVoxel?: Float64Array, options: { periodic?: boolean } = {}): { area: number; faces: number; perVolume: number } {
  const [nx, ny, nz] = m.shape;
  const p = m.phases;
  const h2 = m.voxelSize ** 2;
  let faces = 0;
  const pair = (i: number, j: number) => {
    if (p[i] === a && p[j] === b) {
      faces++;
      if (perVoxel) perVoxel[i] += h2;
    } else if (p[i] === b && p[j] === a) {
      faces++;
      if (perVoxel) perVoxel[j] += h2;
    }
  };
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        if (x + 1 < nx) pair(i, i + 1);
        else if (options.periodic && nx > 1) pair(i, i - x);
        if (y + 1 < ny) pair(i, i + nx);
        else if (options.periodic && ny > 1) pair(i, i - nx * y);
        if (z + 1 < nz) pair(i, i + nx * ny);
        else if (options.periodic && nz > 1) pair(i, i - nx * ny * z);
      }
    }
  }
  const area = faces * h2;
  return { area, faces, perVolume: area / boxVolume(m) };
}

/** 6-connected clusters of one phase: a cluster id per voxel (-1 for other phases) and the cluster count. */
export function labelClusters(m: Microstructure, phase: number): { labels: Int32Array; count: number } {
  const [nx, ny, nz] = m.shape;
  const p = m.phases;
  const n = p.length;
  const parent = new Int32Array(n).fill(-1);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) {
      const next = parent[i];
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const union = (i: number, j: number) => {
    const ri = find(i);
    const rj = find(j);
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
  };
  for (let i = 0; i < n; i++) if (p[i] === phase) parent[i] = i;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        if (p[i] !== phase) continue;
        if (x > 0 && p[i - 1] === phase) union(i, i - 1);
        if (y > 0 && p[i - nx] === phase) union(i, i - nx);
        if (z > 0 && p[i - nx * ny] === phase) union(i, i - nx * ny);
      }
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (p[i] !== phase) continue;
    const r = find(i);
    let id = ids.get(r);
    if (id === undefined) {
      id = ids.size;
      ids.set(r, id);
    }
    labels[i] = id;
  }
  return { labels, count: ids.size };
}

export interface PercolationResult {
  /** a single cluster touches both end faces of the axis */
  percolates: boolean;
  /** fraction of the phase's voxels that belong to spanning clusters */
  percolatingFraction: number;
  clusters: number;
}

export function percolation(m: Microstructure, phase: number, axis: 0 | 1 | 2): PercolationResult {
  const [nx, ny, nz] = m.shape;
  const { labels, count } = labelClusters(m, phase);
  const atLow = new Uint8Array(count);
  const atHigh = new Uint8Array(count);
  const n = m.shape[axis];
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const id = labels[x + nx * (y + ny * z)];
        if (id < 0) continue;
        const c = axis === 0 ? x : axis === 1 ? y : z;
        if (c === 0) atLow[id] = 1;
        if (c === n - 1) atHigh[id] = 1;
      }
    }
  }
  let inPhase = 0;
  let spanning = 0;
  for (let i = 0; i < labels.length; i++) {
    const id = labels[i];
    if (id < 0) continue;
    inPhase++;
    if (atLow[id] && atHigh[id]) spanning++;
  }
  return { percolates: spanning > 0, percolatingFraction: inPhase ? spanning / inPhase : 0, clusters: count };
}

export type ConductorKind = 'poor' | 'mixed';

export interface ReactionSites {
  conductor: ConductorKind;
  /** 'length' (TPB, poor conductor) or 'area' (active/electrolyte interface, mixed conductor) */
  measure: 'length' | 'area';
  /** per active voxel: TPB length (m) or interface area (m^2) attributed to it; 0 elsewhere */
  sites: Float64Array;
  /** total TPB length (m) or interface area (m^2) */
  total: number;
  /** total per box volume (1/m^2 or 1/m) */
  perVolume: number;
  /**
   * Reactive area per volume (1/m) for comparing the two cases: the interface area itself for a mixed
   * conductor; the TPB length times the width of the reaction zone around the line for a poor one.
   */
  reactiveAreaPerVolume: number;
  /** fraction of the active voxels that hold reaction sites */
  reactiveActiveFraction: number;
}

/**
 * Where the electrode reaction can run: on the TPB for a poor electronic conductor, on the whole
 * active/electrolyte interface for a mixed conductor. `tpbWidth` (m) is the width of the band along a
 * TPB line where charge transfer happens (default one voxel: the resolution limit of the image; the
 * physical width, set by electron transport in the active phase, is a model input).
 */
export function reactionSites(m: Microstructure, conductor: ConductorKind, options: { tpbWidth?: number; periodic?: boolean } = {}): ReactionSites {
  const sites = new Float64Array(m.phases.length);
  let total: number;
  let reactiveArea: number;
  if (conductor === 'poor') {
    total = triplePhaseBoundary(m, sites, options).length;
    reactiveArea = total * (options.tpbWidth ?? m.voxelSize);
  } else {
    total = interfaceArea(m, PHASE_ACTIVE, PHASE_ELECTROLYTE, sites, options).area;
    reactiveArea = total;
  }
  let active = 0;
  let reactive = 0;
  for (let i = 0; i < sites.length; i++) {
    if (m.phases[i] !== PHASE_ACTIVE) continue;
    active++;
    if (sites[i] > 0) reactive++;
  }
  const volume = boxVolume(m);
  return {
    conductor,
    measure: conductor === 'poor' ? 'length' : 'area',
    sites,
    total,
    perVolume: total / volume,
    reactiveAreaPerVolume: reactiveArea / volume,
    reactiveActiveFraction: active ? reactive / active : 0,
  };
}

/**
 * The metrics of a microstructure in one JSON-ready record (`spinode microstructure --save`, run.json of a
 * composite-electrode scene): volume fractions, TPB length and active/electrolyte area per volume,
 * percolation of each phase along each axis, and the reaction sites of both conductor cases side by side.
 * `periodic`: count the boundaries across the box faces (a microstructure of the periodic solver box).
 */
export function microstructureReport(m: Microstructure, tpbWidth?: number, options: { periodic?: boolean } = {}): Record<string, unknown> {
  const axes = ['x', 'y', 'z'] as const;
  const perc = (phase: number) => Object.fromEntries(axes.map((a, i) => [a, percolation(m, phase, i as 0 | 1 | 2)]));
  const poor = reactionSites(m, 'poor', { tpbWidth, periodic: options.periodic });
  const mixed = reactionSites(m, 'mixed', { periodic: options.periodic });
  return {
    shape: m.shape,
    voxelSize: m.voxelSize,
    volumeFractions: volumeFractions(m),
    tpbLengthPerVolume: triplePhaseBoundary(m, undefined, options).perVolume,
    activeElectrolyteAreaPerVolume: interfaceArea(m, PHASE_ACTIVE, PHASE_ELECTROLYTE, undefined, options).perVolume,
    percolation: { active: perc(PHASE_ACTIVE), electrolyte: perc(PHASE_ELECTROLYTE), carbon: perc(PHASE_CARBON) },
    reactionSites: {
      poor: { measure: poor.measure, total: poor.total, perVolume: poor.perVolume, reactiveAreaPerVolume: poor.reactiveAreaPerVolume, reactiveActiveFraction: poor.reactiveActiveFraction },
      mixed: { measure: mixed.measure, total: mixed.total, perVolume: mixed.perVolume, reactiveAreaPerVolume: mixed.reactiveAreaPerVolume, reactiveActiveFraction: mixed.reactiveActiveFraction },
    },
  };
}
