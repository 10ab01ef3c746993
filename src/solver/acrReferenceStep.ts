/**
 * Float64 CPU twin of the GPU Allen-Cahn-reaction step (allenCahnReaction.ts) for tests on small
 * grids: the same chemical potential, galvanostatic solve, rate and semi-implicit update on the full
 * complex spectrum, in internal units. O(N log N) per step, no GPU.
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import { freeEnergy, type FreeEnergy } from '../physics/freeEnergy.ts';
import { exchangeCurrentFactor, reservoirExchange } from '../physics/kinetics.ts';
import type { Spec } from '../scene/resolve.ts';
import { electrochemistryOf, type Electrochemistry, type ReactionSetpoint } from '../scene/resolveElectrochemistry.ts';

export class AcrReference {
  concentration: Float64Array;
  /** reservoir potential (internal energy) and mean rate (per k0) of the last step */
  muReservoir = 0;
  rate = 0;
  private spectrum: Float64Array;
  private readonly k2: Float64Array;
  private readonly fe: FreeEnergy;
  private readonly shape: number[];
  private readonly n: number;
  readonly ec: Electrochemistry;

  constructor(
    readonly spec: Spec,
    initial: Float64Array,
    public setpoint: ReactionSetpoint,
  ) {
    this.ec = electrochemistryOf(spec)!;
    this.shape = [...spec.shape];
    this.n = initial.length;
    this.fe = freeEnergy(spec.internal.freeEnergy);
    this.concentration = Float64Array.from(initial);
    this.spectrum = fftNd(realToComplex(initial), this.shape);
    this.k2 = new Float64Array(this.n);
    const [nx, ny, nz = 1] = this.shape;
    const signed = (i: number, m: number) => (i > m / 2 ? i - m : i);
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const index = x + nx * (y + ny * z);
          [x, y, z].slice(0, this.shape.length).forEach((i, d) => {
            this.k2[index] += ((2 * Math.PI * signed(i, this.shape[d])) / spec.internal.size[d]) ** 2;
          });
        }
  }

  /** mu = f'(c) - kappa lap c of a state (real, internal energy; default the current one). */
  chemicalPotential(concentration = this.concentration, spectrum = this.spectrum): Float64Array {
    const g = new Float64Array(2 * this.n);
    for (let i = 0; i < this.n; i++) g[2 * i] = this.fe.df(concentration[i]);
    const mu = fftNd(g, this.shape);
    const kappa = this.spec.internal.kappa;
    for (let j = 0; j < 2 * this.n; j++) mu[j] += kappa * this.k2[j >> 1] * spectrum[j];
    const real = fftNd(mu, this.shape, true);
    return Float64Array.from({ length: this.n }, (_, i) => real[2 * i]);
  }

  /**
   * One step of dt (internal time): the first-order semi-implicit step, or (semiImplicitHeun) the
   * predictor-corrector pair of acr_update.wgsl / chr_update.wgsl around it.
   */
  step(dt: number, integrator: 'semiImplicitEuler' | 'semiImplicitHeun' = 'semiImplicitEuler'): void {
    const first = this.rateOf(this.concentration, this.spectrum);
    this.muReservoir = first.muReservoir;
    this.rate = first.rate;
    const implicitFirst = this.implicit(dt, first.linearization);
    let increment = first.spectrum.map((v, j) => (dt * v) / implicitFirst[j >> 1]);
    if (integrator === 'semiImplicitHeun') {
      const predicted = this.spectrum.map((v, j) => v + increment[j]);
      const c = fftNd(predicted, this.shape, true);
      const second = this.rateOf(Float64Array.from({ length: this.n }, (_, i) => c[2 * i]), predicted);
      const implicitSecond = this.implicit(dt, second.linearization);
      increment = increment.map((d, j) => d + (0.5 * dt * second.spectrum[j] + (implicitFirst[j >> 1] - 1) * d - 0.5 * dt * first.spectrum[j]) / implicitSecond[j >> 1]);
    }
    for (let j = 0; j < 2 * this.n; j++) this.spectrum[j] += increment[j];
    const c = fftNd(this.spectrum, this.shape, true);
    for (let i = 0; i < this.n; i++) this.concentration[i] = c[2 * i];
  }

  /** 1 + dt D (A + kappa k^2) per mode (1 at k = 0). */
  private implicit(dt: number, linearization: number): Float64Array {
    const { kappa, stabilizer } = this.spec.internal;
    return Float64Array.from(this.k2, (k2, i) => (i === 0 ? 1 : 1 + dt * linearization * (stabilizer + kappa * k2)));
  }

  /** R_hat of a state (k = 0: N rateScale I, the imposed mean rate), with its mu_O, rate and linearisation D. */
  private rateOf(concentration: Float64Array, spectrum: Float64Array): { spectrum: Float64Array; rate: number; muReservoir: number; linearization: number } {
    const { alpha } = this.ec.law;
    const { rateScale, thermalEnergy: kt } = this.ec.internal;
    const form = this.ec.law.exchangeCurrent;
    const mu = this.chemicalPotential(concentration, spectrum);
    let sa = 0;
    let sb = 0;
    let maxA = 0;
    let maxB = 0;
    for (let i = 0; i < this.n; i++) {
      const m = mu[i] / kt;
      const g = exchangeCurrentFactor(form, alpha, concentration[i], m);
      const a = g * Math.exp(-alpha * m);
      const b = g * Math.exp((1 - alpha) * m);
      sa += a;
      sb += b;
      maxA = Math.max(maxA, a);
      maxB = Math.max(maxB, b);
    }
    sa /= this.n;
    sb /= this.n;
    // x, the rate and the largest local -dR/dmu (galvanostatic.wgsl)
    const { x, rate, linearization } = reservoirExchange(this.setpoint.mode === 'voltage', this.setpoint.setpoint, { sa, sb, maxA, maxB }, alpha, kt, rateScale);
    const r = new Float64Array(2 * this.n);
    for (let i = 0; i < this.n; i++) {
      const m = mu[i] / kt;
      const eta = m - x;
      const g = exchangeCurrentFactor(form, alpha, concentration[i], m);
      r[2 * i] = rateScale * g * (Math.exp(-alpha * eta) - Math.exp((1 - alpha) * eta));
    }
    const rHat = fftNd(r, this.shape);
    // the k = 0 mode takes the imposed mean rate exactly (acr_update.wgsl)
    rHat[0] = this.n * rateScale * rate;
    rHat[1] = 0;
    return { spectrum: rHat, rate, muReservoir: x * kt, linearization };
  }
}
