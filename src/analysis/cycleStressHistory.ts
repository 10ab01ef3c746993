/**
 * Stress history over charge/discharge cycles (issue 19): a particle in a solid electrolyte (or a pore)
 * swells and shrinks as it is cycled; per cycle, how large do the tension in the particle, the tension
 * in the electrolyte and the normal tension across their interface (which debonds them) get, at which
 * state of charge, and where and when does the stress first exceed the strength?
 *
 * Fed with the observables as they are read back (the stress columns every output.stressEvery steps,
 * NaN in between) and with the cycler's switches; nothing here waits for the GPU. The hot-spot regions
 * come from a per-cell field the GPU keeps (shaders/elastic/stress_regions.wgsl: the clock of the first
 * state at which the cell's criterion stress exceeded the strength), grouped into connected regions
 * with src/analysis/hotspots.ts and dated by the capacity and cycle at that clock. Pure, float64.
 */
import { labelRegions, type GridShape } from './hotspots.ts';
import { cellPhases, type Phase } from './phaseStrength.ts';

/** The observables this history reads (src/solver/observables.ts, scene units). */
export interface StressSample {
  time: number;
  capacity: number;
  sigma1Max: number;
  hotspotFraction: number;
  sigma1Particle: number;
  sigma1Matrix: number;
  interfaceTension: number;
}

/** A protocol switch (src/solver/protocolController.ts): from `time` on, the run is in `cycle` (0-based). */
export interface CycleSwitch {
  time: number;
  cycle: number;
}

/** The 0-based cycle a state at `time` belongs to: that of the last switch at or before it. */
export function cycleAt(switches: readonly CycleSwitch[], time: number): number {
  let cycle = 0;
  for (const s of switches) {
    if (s.time <= time) cycle = s.cycle;
    else break;
  }
  return cycle;
}

/** A peak with the state at which it occurred. */
export interface Peak {
  value: number;
  time: number;
  capacity: number;
}

export interface CycleStress {
  /** 0-based, as in run.json's switches */
  cycle: number;
  timeStart: number;
  timeEnd: number;
  capacityMin: number;
  capacityMax: number;
  /** largest sigma_1 in the particle (psi >= 1/2), in the electrolyte (psi < 1/2), anywhere */
  sigma1Particle: Peak | null;
  sigma1Electrolyte: Peak | null;
  sigma1: Peak | null;
  /** largest normal traction n.sigma.n across the interface (tension positive) */
  interfaceTension: Peak | null;
  hotspotFractionMax: number;
}

/** Where a hot spot first crossed the strength: a connected region of cells that ever did. */
export interface HotspotOrigin {
  /** 1.. in order of first crossing */
  region: number;
  cells: number;
  /** simulated time of the region's first crossing, and the cycle (0-based) and capacity then */
  time: number;
  cycle: number;
  capacity: number;
  /**
   * the cells that crossed at that first time (at one evaluation, often many at once: a uniformly
   * stretched particle crosses as a whole), their centroid [scene length unit, as in the .vti files; a
   * region wrapped across the periodic box averages its images] and the share of them inside the
   * particle (psi >= 1/2)
   */
  firstCells: number;
  position: [number, number, number];
  particleShare: number;
  /**
   * the phase the region lies in: regions are grouped within one phase (the particle, psi >= 1/2, or the
   * electrolyte, psi < 1/2), each held to its own strength (src/analysis/phaseStrength.ts)
   */
  phase: Phase;
}

const PEAKS = ['sigma1Particle', 'sigma1Electrolyte', 'sigma1', 'interfaceTension'] as const;
const SAMPLE_OF: Record<(typeof PEAKS)[number], keyof StressSample> = {
  sigma1Particle: 'sigma1Particle',
  sigma1Electrolyte: 'sigma1Matrix',
  sigma1: 'sigma1Max',
  interfaceTension: 'interfaceTension',
};

/** Evaluations at which a hot spot existed, kept for dating first crossings (bounded). */
const MAX_DATES = 200_000;

export class CycleStressHistory {
  private cycles: CycleStress[] = [];
  /** (time, capacity, cycle) of evaluated states with a hot spot somewhere, in time order */
  private dates: [number, number, number][] = [];

  /** Take one state's observables; `cycle` is its 0-based cycle (cycleAt). */
  observe(o: StressSample, cycle: number): void {
    let row = this.cycles[this.cycles.length - 1];
    if (!row || row.cycle !== cycle) {
      row = { cycle, timeStart: o.time, timeEnd: o.time, capacityMin: o.capacity, capacityMax: o.capacity, sigma1Particle: null, sigma1Electrolyte: null, sigma1: null, interfaceTension: null, hotspotFractionMax: 0 };
      this.cycles.push(row);
    }
    row.timeEnd = o.time;
    row.capacityMin = Math.min(row.capacityMin, o.capacity);
    row.capacityMax = Math.max(row.capacityMax, o.capacity);
    if (!Number.isFinite(o.sigma1Max)) return; // stress not evaluated at this state
    for (const key of PEAKS) {
      const value = o[SAMPLE_OF[key]];
      if (Number.isFinite(value) && (row[key] === null || value > row[key]!.value)) row[key] = { value, time: o.time, capacity: o.capacity };
    }
    if (Number.isFinite(o.hotspotFraction)) row.hotspotFractionMax = Math.max(row.hotspotFractionMax, o.hotspotFraction);
    if (o.hotspotFraction > 0 && this.dates.length < MAX_DATES) this.dates.push([o.time, o.capacity, cycle]);
  }

  rows(): readonly CycleStress[] {
    return this.cycles;
  }

  /** Capacity and cycle of the evaluated state nearest to `time` among those with a hot spot. */
  dateOf(time: number): { capacity: number; cycle: number } {
    const d = this.dates;
    if (d.length === 0) return { capacity: NaN, cycle: NaN };
    let lo = 0;
    let hi = d.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d[mid][0] < time) lo = mid + 1;
      else hi = mid;
    }
    const best = lo > 0 && Math.abs(d[lo - 1][0] - time) < Math.abs(d[lo][0] - time) ? lo - 1 : lo;
    return { capacity: d[best][1], cycle: d[best][2] };
  }

  /**
   * Hot-spot regions from the per-cell first-crossing clock (`firstTime`, scene time units, negative
   * where the cell never crossed): connected regions (face neighbours, periodic, within one phase) of
   * cells that crossed, each dated by its earliest cell. Sorted by first crossing.
   */
  hotspotOrigins(firstTime: ArrayLike<number>, psi: ArrayLike<number>, shape: GridShape, spacing: readonly number[]): HotspotOrigin[] {
    const mask = Float64Array.from({ length: firstTime.length }, (_, i) => (firstTime[i] >= 0 ? 1 : 0));
    const phases = cellPhases(psi);
    const { labels, sizes } = labelRegions(mask, shape, true, phases);
    const phaseOf = sizes.map((): Phase => 'particle');
    const earliest = sizes.map(() => Infinity);
    for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) earliest[labels[i]] = Math.min(earliest[labels[i]], firstTime[i]);
    const [nx, ny = 1] = shape;
    const h = [spacing[0], spacing[1] ?? 1, spacing[2] ?? 1];
    const first = sizes.map(() => ({ count: 0, inside: 0, sum: [0, 0, 0] }));
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i];
      if (l < 0 || firstTime[i] !== earliest[l]) continue;
      const f = first[l];
      f.count++;
      if (phases[i] === 1) f.inside++;
      else phaseOf[l] = 'electrolyte';
      const coords = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
      coords.forEach((x, a) => (f.sum[a] += x * h[a]));
    }
    const origins = sizes.map((cells, l) => {
      const time = earliest[l];
      const { capacity, cycle } = this.dateOf(time);
      const f = first[l];
      const position = f.sum.map((v) => v / f.count) as [number, number, number];
      return { region: 0, cells, time, cycle, capacity, firstCells: f.count, position, particleShare: f.inside / f.count, phase: phaseOf[l] };
    });
    origins.sort((a, b) => a.time - b.time);
    origins.forEach((o, k) => (o.region = k + 1));
    return origins;
  }

  /** Plain JSON for checkpoints. */
  state(): { cycles: CycleStress[]; dates: [number, number, number][] } {
    return { cycles: this.cycles.map((c) => ({ ...c })), dates: [...this.dates] };
  }

  restore(saved: unknown): void {
    const s = saved as Partial<ReturnType<CycleStressHistory['state']>> | undefined;
    if (!s || !Array.isArray(s.cycles) || !Array.isArray(s.dates)) return;
    this.cycles = s.cycles.map((c) => ({ ...c }));
    this.dates = [...s.dates];
  }
}
