/**
 * Float64 CPU twin of the GPU Cahn-Hilliard step (cahnHilliard.ts), for tests on small grids: the
 * same stabilised semi-implicit update on the full complex spectrum, the same energy and the same
 * truncation-error estimate, all in internal units. O(N log N) per step in a periodic box, no GPU;
 * with walls (grid.boundary) the spectrum is the float64 real-to-real one (cosine basis on no-flux
 * axes, src/fft/realToRealReference.ts: direct sums, O(N (nx + ny + nz)) per transform).
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import { axisWavenumber, realToRealForward, realToRealInverse, type AxisTransform } from '../fft/realToRealReference.ts';
import { axisTransforms, hasWalls } from './spectralBasis.ts';
import { harmonicLift, heldFaceValues } from './electrostaticLift.ts';
import { permittivitySensitivity, solveFieldPoisson } from './fieldPoissonReference.ts';
import { freeEnergy, type FreeEnergy } from '../physics/freeEnergy.ts';
import type { Spec } from '../scene/resolve.ts';

export class CahnHilliardReference {
  /** real field c (x fastest) */
  concentration: Float64Array;
  private spectrum: Float64Array;
  private previousIncrement: Float64Array;
  private dtPrev = 0;
  private readonly k2: Float64Array;
  /** Parseval weight per mode: 1 on the full Fourier spectrum, the cosine weights (1 at m = 0, else 2) per walled axis */
  private readonly weight: Float64Array;
  /** the axis transforms with walls (cosine on no-flux axes); undefined in a periodic box */
  private readonly walls?: AxisTransform[];
  /** the held-face lift of model.electrostatics (built on first use) */
  private lift?: Float64Array;
  /** wavevector components per mode with the Nyquist mode of each even axis zeroed (first derivatives) */
  private readonly kDerivative: Float64Array[];
  private readonly fe: FreeEnergy;
  private readonly shape: number[];
  private readonly n: number;
  private readonly cellVolume: number;
  /** The two RMS estimates of the last stepEtdrk4: |u4 - u2| (ETDRK2 ending on cc) and |u4 - u2'| (on u4). */
  etdEstimates = { stage: 0, candidate: 0 };

  constructor(
    readonly spec: Spec,
    initial: Float64Array,
  ) {
    this.shape = [...spec.shape];
    this.n = initial.length;
    this.fe = freeEnergy(spec.internal.freeEnergy);
    this.cellVolume = spec.internal.spacing.reduce((a, b) => a * b, 1);
    this.concentration = Float64Array.from(initial);
    this.walls = hasWalls(spec) ? axisTransforms(spec) : undefined;
    this.spectrum = this.forward(initial);
    this.previousIncrement = new Float64Array(2 * this.n);
    this.k2 = new Float64Array(this.n);
    this.weight = new Float64Array(this.n).fill(1);
    const [nx, ny, nz = 1] = this.shape;
    const lengths = spec.internal.size;
    const signed = (i: number, m: number) => (i > m / 2 ? i - m : i);
    this.kDerivative = this.shape.map(() => new Float64Array(this.n));
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const index = x + nx * (y + ny * z);
          [x, y, z].slice(0, this.shape.length).forEach((i, d) => {
            const m = this.shape[d];
            const kind = this.walls?.[d] ?? 'periodic';
            const k = kind === 'periodic' ? (2 * Math.PI * signed(i, m)) / lengths[d] : axisWavenumber(kind, i, m, lengths[d]);
            this.kDerivative[d][index] = m % 2 === 0 && i === m / 2 ? 0 : k;
            this.k2[index] += k * k;
            if (kind !== 'periodic') this.weight[index] *= (kind === 'cosine' ? i === 0 : i === m - 1) ? 1 : 2;
          });
        }
  }

  /** Forward transform of a real field: the full Fourier spectrum, or the real-to-real one with walls. */
  private forward(real: Float64Array): Float64Array {
    return this.walls ? realToRealForward(real, this.shape, this.walls) : fftNd(realToComplex(real), this.shape);
  }

  /** Inverse transform of a spectrum to the real field. */
  private inverse(spectrum: Float64Array): Float64Array {
    const c = this.walls ? realToRealInverse(spectrum, this.shape, this.walls) : fftNd(spectrum, this.shape, true);
    return Float64Array.from({ length: this.n }, (_, i) => c[2 * i]);
  }

  /** the field solver's last phi (its twin's warm start) */
  private fieldPotential?: Float64Array;
  /** with eps(c): -eps'(c) dE/d eps per cell (internal units), the chemical potential of the permittivity */
  private permittivityPotential?: Float64Array;

  /**
   * model.electrostatics: phi = lift + charge psi of the current state, psi from (eps / l0^2) lap psi = -c
   * solved exactly in the Poisson problem's basis (sine on held axes, cosine on insulating ones), as
   * src/solver/electrostatics.ts; with the field solver (a mobile ion, held faces on several axes) the
   * finite-volume problem of src/solver/fieldPoissonReference.ts, warm-started from the last phi;
   * undefined without electrostatics.
   */
  private electrostaticPotential(): Float64Array | undefined {
    const e = this.spec.electrostatics;
    if (!e) return undefined;
    if (e.solver === 'field') {
      // the field solver's twin: the same finite-volume Poisson-Boltzmann problem in float64
      const cells = this.n;
      const ofC = e.internal.permittivityOfC;
      const clamp = (c: number) => Math.min(1, Math.max(0, c));
      const permittivity = ofC ? Float64Array.from(this.concentration, (c) => ofC.atZero + (ofC.atOne - ofC.atZero) * clamp(c)) : new Float64Array(cells).fill(e.internal.permittivity);
      const box = { shape: this.shape, lengths: this.spec.internal.size, boundary: e.poissonBoundary };
      const faces = heldFaceValues(this.spec);
      this.fieldPotential = solveFieldPoisson(
        { box, permittivity, fixedCharge: Float64Array.from(this.concentration, (c) => e.charge * c), mobileIon: e.mobileIon, faces },
        { initial: this.fieldPotential },
      );
      if (ofC) {
        const sensitivity = permittivitySensitivity(box, permittivity, this.fieldPotential, faces);
        const slope = (ofC.atOne - ofC.atZero) / this.spec.scales.energyDensity;
        this.permittivityPotential = Float64Array.from(sensitivity, (s, i) => (this.concentration[i] > 0 && this.concentration[i] < 1 ? -slope * s : 0));
      }
      return this.fieldPotential;
    }
    this.lift ??= harmonicLift(this.spec) ?? new Float64Array(this.n);
    const kinds = axisTransforms({ boundary: e.poissonBoundary });
    const spectrum = realToRealForward(this.concentration, this.shape, kinds);
    const lengths = this.spec.internal.size;
    for (let i = 0; i < this.n; i++) {
      let rest = i;
      let k2 = 0;
      this.shape.forEach((n, a) => {
        k2 += axisWavenumber(kinds[a], rest % n, n, lengths[a]) ** 2;
        rest = Math.floor(rest / n);
      });
      const factor = k2 > 0 ? 1 / (e.internal.permittivity * k2) : 0;
      spectrum[2 * i] *= factor;
      spectrum[2 * i + 1] *= factor;
    }
    const psi = realToRealInverse(spectrum, this.shape, kinds);
    return Float64Array.from({ length: this.n }, (_, i) => this.lift![i] + e.charge * psi[2 * i]);
  }

  /** Total free energy (bulk + gradient) of the current state, internal units. */
  freeEnergy(): number {
    let bulk = 0;
    for (const c of this.concentration) bulk += this.fe.f(c);
    const phi = this.electrostaticPotential();
    const coupling = this.spec.electrostatics?.internal.coupling ?? 0;
    if (phi) this.concentration.forEach((c, i) => (bulk += 0.5 * coupling * c * phi[i]));
    const ion = this.spec.electrostatics?.mobileIon;
    if (phi && ion) {
      // the mobile ion's part of the grand potential (shaders/electrochem/electrostatic_coupling.wgsl)
      const scale = ion.charge / this.spec.scales.energyDensity;
      for (const p of phi) {
        const boltzmann = Math.exp(-p / ion.thermalVoltage);
        bulk -= scale * (0.5 * p * boltzmann + ion.thermalVoltage * (boltzmann - 1));
      }
    }
    let gradient = 0;
    for (let i = 0; i < this.n; i++) gradient += this.weight[i] * this.k2[i] * (this.spectrum[2 * i] ** 2 + this.spectrum[2 * i + 1] ** 2);
    return (bulk + (0.5 * this.spec.internal.kappa * gradient) / this.n) * this.cellVolume;
  }

  /**
   * One ETDRK4 step with its embedded second-order estimates (shaders/ch/etd_stage.wgsl: Cox & Matthews
   * 2002, phi-function form), in float64; returns the RMS difference in c between the fourth-order solution
   * and the farther of the two second-order ones (ETDRK2 ending on the stage cc, and on the candidate).
   * Without elasticity (the twin has none).
   */
  stepEtdrk4(dt: number): number {
    const { mobility: m, kappa, stabilizer: a } = this.spec.internal;
    const n = this.n;
    const linear = Float64Array.from(this.k2, (k2) => -m * k2 * (a + kappa * k2));
    const nonlinear = (spectrum: Float64Array): Float64Array => {
      this.spectrum = spectrum;
      this.concentration = this.inverse(spectrum);
      const rate = this.explicitRate();
      for (let j = 0; j < 2 * n; j++) rate[j] -= linear[j >> 1] * spectrum[j];
      return rate;
    };
    const u = this.spectrum;
    const phi = Array.from(linear, (l) => phiFunctions(dt * l));
    const half = Array.from(linear, (l) => phiFunctions(0.5 * dt * l));
    const nu = nonlinear(u);
    const stageA = new Float64Array(2 * n);
    for (let j = 0; j < 2 * n; j++) stageA[j] = half[j >> 1][0] * u[j] + 0.5 * dt * half[j >> 1][1] * nu[j];
    const na = nonlinear(stageA);
    const stageB = new Float64Array(2 * n);
    const krogstad = this.spec.etdStages === 'krogstad'; // else Cox-Matthews (shaders/ch/etd_stage.wgsl)
    for (let j = 0; j < 2 * n; j++) stageB[j] = krogstad ? stageA[j] + dt * half[j >> 1][2] * (na[j] - nu[j]) : half[j >> 1][0] * u[j] + 0.5 * dt * half[j >> 1][1] * na[j];
    const nb = nonlinear(stageB);
    const stageC = new Float64Array(2 * n);
    for (let j = 0; j < 2 * n; j++) {
      const [e, p1, p2] = phi[j >> 1];
      stageC[j] = krogstad ? e * u[j] + dt * ((p1 - 2 * p2) * nu[j] + 2 * p2 * nb[j]) : half[j >> 1][0] * stageA[j] + 0.5 * dt * half[j >> 1][1] * (2 * nb[j] - nu[j]);
    }
    const nc = nonlinear(stageC);
    const next = new Float64Array(2 * n);
    let err2 = 0;
    for (let j = 0; j < 2 * n; j++) {
      const [e, p1, p2, p3] = phi[j >> 1];
      next[j] = e * u[j] + dt * ((p1 - 3 * p2 + 4 * p3) * nu[j] + 2 * (p2 - 2 * p3) * (na[j] + nb[j]) + (4 * p3 - p2) * nc[j]);
      const low = e * u[j] + dt * (p1 * nu[j] + p2 * (nc[j] - nu[j]));
      if (j > 1) err2 += this.weight[j >> 1] * (next[j] - low) ** 2;
    }
    next[0] = u[0];
    next[1] = u[1];
    // the second embedded solution ends on the candidate's own N (etd_stage.wgsl STAGE 5)
    const n4 = nonlinear(next);
    let trapezoid2 = 0;
    for (let j = 2; j < 2 * n; j++) {
      const [e, p1, p2] = phi[j >> 1];
      const low = e * u[j] + dt * (p1 * nu[j] + p2 * (n4[j] - nu[j]));
      trapezoid2 += this.weight[j >> 1] * (next[j] - low) ** 2;
    }
    this.etdEstimates = { stage: Math.sqrt(err2) / n, candidate: Math.sqrt(trapezoid2) / n };
    return Math.max(this.etdEstimates.stage, this.etdEstimates.candidate);
  }

  /** The explicit rate N_hat = (div M grad mu)_hat of the current state (interleaved complex). */
  private explicitRate(): Float64Array {
    const { mobility: m, kappa } = this.spec.internal;
    const phi = this.electrostaticPotential();
    const coupling = this.spec.electrostatics?.internal.coupling ?? 0;
    const permittivityTerm = this.permittivityPotential;
    const mu = this.forward(this.concentration.map((c, i) => this.fe.df(c) + (phi ? coupling * phi[i] : 0) + (permittivityTerm?.[i] ?? 0)));
    for (let i = 0; i < this.n; i++) {
      mu[2 * i] += kappa * this.k2[i] * this.spectrum[2 * i];
      mu[2 * i + 1] += kappa * this.k2[i] * this.spectrum[2 * i + 1];
    }
    const rate = new Float64Array(2 * this.n);
    if (this.spec.mobilityForm === 'constant') {
      for (let j = 0; j < 2 * this.n; j++) rate[j] = -m * this.k2[j >> 1] * mu[j];
      return rate;
    }
    // Lattice mobility M(c) = max(4c(1-c), floor) in internal units (shaders/ch/mobility_flux.wgsl).
    const mobility = (c: number) => Math.max(4 * Math.min(1, Math.max(0, c)) * (1 - Math.min(1, Math.max(0, c))), 1e-4);
    for (let d = 0; d < this.shape.length; d++) {
      // d/dx_d: i k on a periodic axis; on a cosine axis, cos(pi m x / L) -> -(pi m / L) sin(pi m x / L),
      // the sine basis's index m - 1 (src/fft/realToRealReference.ts), so the flux J_d lives in the sine
      // basis along d (it vanishes on the walls: no flux) and its divergence maps back with +pi m / L.
      const cosine = this.walls?.[d] === 'cosine';
      const stride = this.shape.slice(0, d).reduce((a, b) => a * b, 1);
      const n = this.shape[d];
      const lengthD = this.spec.internal.size[d];
      const along = (i: number) => Math.floor(i / stride) % n;
      const fluxKinds = this.walls?.map((kind, a) => (a === d && cosine ? 'sine' : kind));
      const gradient = new Float64Array(2 * this.n);
      for (let i = 0; i < this.n; i++) {
        if (cosine) {
          const m = along(i) + 1;
          if (m < n) for (const p of [0, 1]) gradient[2 * i + p] = (-(Math.PI * m) / lengthD) * mu[2 * (i + stride) + p];
        } else {
          const k = this.kDerivative[d][i];
          gradient[2 * i] = -k * mu[2 * i + 1];
          gradient[2 * i + 1] = k * mu[2 * i];
        }
      }
      const flux = fluxKinds ? realToRealInverse(gradient, this.shape, fluxKinds) : fftNd(gradient, this.shape, true);
      const fluxReal = Float64Array.from({ length: this.n }, (_, i) => flux[2 * i] * mobility(this.concentration[i]));
      const fluxHat = fluxKinds ? realToRealForward(fluxReal, this.shape, fluxKinds) : fftNd(realToComplex(fluxReal), this.shape);
      for (let i = 0; i < this.n; i++) {
        if (cosine) {
          const m = along(i);
          if (m > 0) for (const p of [0, 1]) rate[2 * i + p] += ((Math.PI * m) / lengthD) * fluxHat[2 * (i - stride) + p];
        } else {
          const k = this.kDerivative[d][i];
          rate[2 * i] -= k * fluxHat[2 * i + 1];
          rate[2 * i + 1] += k * fluxHat[2 * i];
        }
      }
    }
    return rate;
  }

  /** Advance by dt; returns the RMS truncation-error estimate of the step (as step_control.wgsl). */
  step(dt: number): number {
    const { mobility: m, kappa, stabilizer: a } = this.spec.internal;
    const rate = this.explicitRate();
    let err2 = 0;
    for (let i = 0; i < this.n; i++) {
      const denominator = 1 + dt * m * this.k2[i] * (a + kappa * this.k2[i]);
      for (const p of [0, 1]) {
        const j = 2 * i + p;
        const next = this.spectrum[j] + (dt * rate[j]) / denominator;
        const delta = next - this.spectrum[j];
        if (this.dtPrev > 0) err2 += this.weight[i] * ((dt * (delta - (this.previousIncrement[j] * dt) / this.dtPrev)) / (dt + this.dtPrev)) ** 2;
        this.previousIncrement[j] = delta;
        this.spectrum[j] = next;
      }
    }
    this.dtPrev = dt;
    this.concentration = this.inverse(this.spectrum);
    return Math.sqrt(err2) / this.n;
  }
}

/** [e^z, phi_1(z), phi_2(z), phi_3(z)], phi_k(z) = sum_j z^j / (j + k)!, by series for |z| < 1. */
export function phiFunctions(z: number): [number, number, number, number] {
  const e = Math.exp(z);
  if (Math.abs(z) >= 1) {
    const p1 = (e - 1) / z;
    const p2 = (p1 - 1) / z;
    return [e, p1, p2, (p2 - 0.5) / z];
  }
  const series = (k: number) => {
    let term = 1;
    for (let i = 2; i <= k; i++) term /= i;
    let sum = 0;
    for (let j = 0; j < 20; j++) {
      sum += term;
      term *= z / (j + k + 1);
    }
    return sum;
  };
  return [e, series(1), series(2), series(3)];
}
