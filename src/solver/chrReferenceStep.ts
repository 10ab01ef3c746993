/**
 * Float64 CPU twin of the GPU CHR particle step (cahnHilliardReaction.ts) for tests on small grids, in
 * internal units, both integrators: the first-order stabilised semi-implicit step (semiImplicitEuler)
 * and its second-order predictor-corrector (semiImplicitHeun, shaders/electrochem/chr_update.wgsl):
 *
 *   rate of c      N/psi = (w R(mu, mu_O) + sum_faces T_f (mu_j - mu_i) / h^2) / psi,   T = psi M(c), harmonic faces
 *   mu             f'(c) - kappa sum_faces s_ij (c_j - c_i) / h^2    (s_ij = 0 across psi = GRADIENT_SURFACE)
 *   mu_O           from sum_i w R_i = siteTotal I (galvanostatic) or the setpoint (potentiostatic)
 *   increment      (1 + dt S(k)) delta_hat = dt (N/psi)_hat,   S = (k^2 + D)(A + kappa k^2)
 *   content        u' = u + psi (delta + lambda),   lambda = (dt siteTotal I - sum psi delta) / sum psi
 *
 * (chr_accumulate.wgsl imposes the same in Fourier space). Without coherency strain (the step's elastic
 * terms are the ElasticModel's, tested on their own). O(N log N) per step, no GPU.
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import { freeEnergy, type FreeEnergy } from '../physics/freeEnergy.ts';
import { exchangeCurrentFactor, reservoirExchange } from '../physics/kinetics.ts';
import type { Spec } from '../scene/resolve.ts';
import { electrochemistryOf, type Electrochemistry, type ReactionSetpoint } from '../scene/resolveElectrochemistry.ts';
import { chrStabilizer, MOBILITY_FLOOR } from './cahnHilliardReaction.ts';
import { chrExteriorConvexity } from './chrExterior.ts';
import { GRADIENT_SURFACE, smoothedBoundary } from './smoothedBoundary.ts';

/** The rate of c of one state and what the galvanostatic solve found for it. */
interface StageRate {
  /** (N / psi)_hat, full complex spectrum */
  spectrum: Float64Array;
  /** mean rate I (per k0), reservoir potential mu_O (internal energy), linearisation D */
  rate: number;
  muReservoir: number;
  linearization: number;
}

export class ChrReference {
  /** c = u / psi of the current state */
  concentration: Float64Array;
  /** mu_O (internal energy) of the current state, as the step taken from it finds it (the recorded voltage) */
  muReservoir = 0;
  private content: Float64Array;
  private readonly psi: Float64Array;
  /** reaction-site density w per cell (1/cell) and w / psi */
  private readonly weight: Float64Array;
  private readonly siteTotal: number;
  private readonly siteMeasure: number;
  private readonly k2: Float64Array;
  private readonly fe: FreeEnergy;
  private readonly shape: number[];
  private readonly n: number;
  private readonly stabilizer: number;
  /** B of the exterior's convexified chemical potential (chrExterior.ts) */
  private readonly exteriorConvexity: number;
  readonly ec: Electrochemistry;

  constructor(
    readonly spec: Spec,
    initial: Float64Array,
    public setpoint: ReactionSetpoint,
  ) {
    if (spec.elasticity) throw new Error('ChrReference: the twin covers a CHR particle without elasticity');
    this.ec = electrochemistryOf(spec)!;
    const boundary = smoothedBoundary(spec)!;
    this.psi = boundary.psi;
    this.weight = Float64Array.from(boundary.siteDensity, (w) => w * spec.scales.length);
    this.siteTotal = this.weight.reduce((s, w) => s + w, 0);
    this.siteMeasure = this.psi.reduce((s, p) => s + p, 0);
    this.shape = [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1];
    this.n = initial.length;
    this.fe = freeEnergy(spec.internal.freeEnergy);
    this.stabilizer = chrStabilizer(spec);
    this.exteriorConvexity = chrExteriorConvexity(spec);
    this.concentration = Float64Array.from(initial);
    this.content = Float64Array.from(initial, (c, i) => this.psi[i] * c);
    this.k2 = new Float64Array(this.n);
    const signed = (i: number, m: number) => (i > m / 2 ? i - m : i);
    const [nx, ny, nz] = this.shape;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const index = x + nx * (y + ny * z);
          [x, y, z].slice(0, spec.shape.length).forEach((i, d) => {
            this.k2[index] += ((2 * Math.PI * signed(i, this.shape[d])) / spec.internal.size[d]) ** 2;
          });
        }
  }

  /** One step of dt (internal time) with the given integrator. */
  step(dt: number, integrator: 'semiImplicitEuler' | 'semiImplicitHeun'): void {
    const first = this.rateOf(this.concentration);
    this.muReservoir = first.muReservoir;
    const implicitFirst = this.implicit(dt, first.linearization);
    const predictor = first.spectrum.map((v, j) => (dt * v) / implicitFirst[j >> 1]);
    if (integrator === 'semiImplicitEuler') {
      this.insert(this.content, predictor, dt * first.rate);
      return;
    }
    const predicted = Float64Array.from(this.content);
    this.insert(predicted, predictor, dt * first.rate);
    const second = this.rateOf(Float64Array.from(predicted, (u, i) => u / this.psi[i]));
    const implicitSecond = this.implicit(dt, second.linearization);
    // delta = delta_1 + ((dt/2) N* + dt S_1 delta_1 - (dt/2) N_n) / (1 + dt S_2)
    const corrected = predictor.map((d, j) => {
      const r = (implicitFirst[j >> 1] - 1) * d - 0.5 * dt * first.spectrum[j];
      return d + (0.5 * dt * second.spectrum[j] + r) / implicitSecond[j >> 1];
    });
    this.insert(this.content, corrected, (dt * (first.rate + second.rate)) / 2);
  }

  /** 1 + dt S(k) per mode (1 at k = 0). */
  private implicit(dt: number, linearization: number): Float64Array {
    const { kappa } = this.spec.internal;
    return Float64Array.from(this.k2, (k2, i) => (i === 0 ? 1 : 1 + dt * (k2 + linearization) * (this.stabilizer + kappa * k2)));
  }

  /** u += psi (delta + lambda) with the charge `inserted` (dt I) imposed exactly; c = u / psi follows. */
  private insert(content: Float64Array, incrementSpectrum: Float64Array, inserted: number): void {
    const real = fftNd(incrementSpectrum, this.shape.slice(0, this.spec.shape.length), true);
    let placed = 0;
    for (let i = 0; i < this.n; i++) placed += this.psi[i] * real[2 * i];
    const lambda = (inserted * this.siteTotal * this.ec.internal.rateScale - placed) / this.siteMeasure;
    for (let i = 0; i < this.n; i++) content[i] += this.psi[i] * (real[2 * i] + lambda);
    if (content === this.content) this.concentration = Float64Array.from(content, (u, i) => u / this.psi[i]);
  }

  /** N / psi of a state c, with the galvanostatic (or potentiostatic) solve of its reservoir potential. */
  private rateOf(c: Float64Array): StageRate {
    const { alpha } = this.ec.law;
    const { rateScale, thermalEnergy: kt } = this.ec.internal;
    const form = this.ec.law.exchangeCurrent;
    const { kappa } = this.spec.internal;
    const dims = this.spec.shape.length;
    const strides = [1, this.shape[0], this.shape[0] * this.shape[1]];
    const inverseH2 = this.spec.internal.size.map((l, d) => (this.shape[d] / l) ** 2);
    const neighbours = (i: number) => {
      const position = [i % this.shape[0], Math.floor(i / this.shape[0]) % this.shape[1], Math.floor(i / (this.shape[0] * this.shape[1]))];
      const list: [number, number][] = [];
      for (let axis = 0; axis < dims; axis++)
        for (const step of [1, -1]) {
          const moved = (position[axis] + step + this.shape[axis]) % this.shape[axis];
          list.push([i + (moved - position[axis]) * strides[axis], inverseH2[axis]]);
        }
      return list;
    };
    const inside = (i: number) => this.psi[i] >= GRADIENT_SURFACE;
    const mu = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      let laplacian = 0;
      for (const [j, h2] of neighbours(i)) if (inside(i) === inside(j)) laplacian += h2 * (c[j] - c[i]);
      mu[i] = this.fe.df(c[i]) + (inside(i) ? 0 : this.exteriorConvexity * (c[i] - 0.5)) - kappa * laplacian;
    }
    let sa = 0;
    let sb = 0;
    let maxA = 0;
    let maxB = 0;
    const g = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const m = mu[i] / kt;
      g[i] = exchangeCurrentFactor(form, alpha, c[i], m);
      const a = g[i] * Math.exp(-alpha * m);
      const b = g[i] * Math.exp((1 - alpha) * m);
      sa += this.weight[i] * a;
      sb += this.weight[i] * b;
      maxA = Math.max(maxA, (this.weight[i] / this.psi[i]) * a);
      maxB = Math.max(maxB, (this.weight[i] / this.psi[i]) * b);
    }
    sa /= this.siteTotal;
    sb /= this.siteTotal;
    const { x, rate, linearization } = reservoirExchange(this.setpoint.mode === 'voltage', this.setpoint.setpoint, { sa, sb, maxA, maxB }, alpha, kt, rateScale);
    const lattice = this.spec.mobilityForm === 'lattice';
    const transport = (i: number) => {
      const ci = Math.min(1, Math.max(0, c[i]));
      return lattice ? this.psi[i] * Math.max(4 * ci * (1 - ci), MOBILITY_FLOOR) : this.psi[i];
    };
    const rateOfC = new Float64Array(2 * this.n);
    for (let i = 0; i < this.n; i++) {
      const eta = mu[i] / kt - x;
      let divergence = 0;
      const own = transport(i);
      for (const [j, h2] of neighbours(i)) {
        const other = transport(j);
        divergence += h2 * ((2 * own * other) / (own + other)) * (mu[j] - mu[i]);
      }
      const reaction = this.weight[i] * rateScale * g[i] * (Math.exp(-alpha * eta) - Math.exp((1 - alpha) * eta));
      rateOfC[2 * i] = (reaction + divergence) / this.psi[i];
    }
    return { spectrum: fftNd(rateOfC, this.shape.slice(0, dims)), rate, muReservoir: x * kt, linearization };
  }
}
