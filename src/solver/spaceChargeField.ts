/**
 * The one-mobile-ion space-charge layer (docs/spacecharge.md, `spinode spacecharge --model single`) posed
 * as a field problem for FieldPoisson (src/solver/fieldPoisson.ts) and measured the way the 1D
 * calculator reports it, so the two can be compared (docs/boundaries.md, "Poisson-Boltzmann in the fields").
 *
 * SI units. A conductor fills 0 <= x <= depth lambda_D (x walled: phi = phi0 held on the surface x = 0,
 * phi = 0 on the face deep in the bulk), periodic across; the mobile ion (charge z e, bulk density nInf)
 * is in Boltzmann equilibrium against the immobile background -z e nInf:
 *   div(eps grad phi) = -z e nInf (exp(-z e phi / kT) - 1).
 * Measured: the surface field E(0) = 2 (phi0 - phi_1) / h (the discrete flux through the held face), the
 * charge per area the layer holds (sum of rho h along x), the decay length of phi between 3 and 6 Debye
 * lengths (compared with the calculator's profile at the same depths: the tail there is not yet linear, so
 * the decay length there exceeds lambda_D by 1.8 % in both at 0.1 V), and the largest deviation from the calculator's profile.
 */
import { ELEMENTARY_CHARGE } from '../physics/constants.ts';
import { debyeLength, sampleSpaceChargeProfile, solveSpaceCharge, thermalVoltage, VACUUM_PERMITTIVITY, type SpaceChargeSolution } from '../physics/spaceCharge.ts';
import type { FieldPoissonOptions } from './fieldPoisson.ts';
import type { FieldPoissonBox } from './fieldPoissonReference.ts';

export interface SpaceChargeLayerSetup {
  /** mobile-ion bulk density nInf, 1/m^3 */
  carrierDensity: number;
  relativePermittivity: number;
  temperatureKelvin: number;
  /** phi0, V */
  surfacePotential: number;
  chargeNumber?: number;
  /** box depth in Debye lengths */
  depth: number;
  cellsPerDebyeLength: number;
  transverseCells: number;
}

export interface SpaceChargeLayerMeasure {
  surfaceField: number;
  /** charge per area held by the layer, C/m^2 (= -sigma of the 1D calculator) */
  layerCharge: number;
  /** (x2 - x1) / ln(phi(x1) / phi(x2)) between the cell centres nearest 3 and 6 Debye lengths */
  decayLength: number;
  /** the same decay length of the 1D calculator's profile at the same two depths */
  referenceDecayLength: number;
  /** max over the cell centres of |phi - phi_1D| / |phi0| (transverse mean of phi) */
  profileError: number;
}

export function spaceChargeLayer(s: SpaceChargeLayerSetup): {
  box: FieldPoissonBox;
  fixedCharge: Float64Array;
  options: FieldPoissonOptions;
  reference: SpaceChargeSolution;
  measure(phi: ArrayLike<number>): SpaceChargeLayerMeasure;
} {
  const z = s.chargeNumber ?? 1;
  const params = { model: 'single' as const, carrierDensity: s.carrierDensity, relativePermittivity: s.relativePermittivity, temperatureKelvin: s.temperatureKelvin, chargeNumber: z };
  const lambda = debyeLength(params);
  const nx = s.depth * s.cellsPerDebyeLength;
  const ny = s.transverseCells;
  const h = lambda / s.cellsPerDebyeLength;
  const box: FieldPoissonBox = { shape: [nx, ny], lengths: [nx * h, ny * h], boundary: ['fixed', 'periodic'] };
  const q = z * ELEMENTARY_CHARGE * s.carrierDensity;
  const volts = thermalVoltage(s.temperatureKelvin) / z;
  const options: FieldPoissonOptions = {
    permittivity: VACUUM_PERMITTIVITY * s.relativePermittivity,
    mobileIon: { charge: q, thermalVoltage: volts },
    faces: [[new Float64Array(ny).fill(s.surfacePotential), new Float64Array(ny)], undefined],
    newtonIterations: 8,
    cgIterations: 40,
    cgTolerance: 1e-6,
    newtonTolerance: 1e-7,
  };
  const reference = solveSpaceCharge(params, s.surfacePotential);
  const measure = (phi: ArrayLike<number>): SpaceChargeLayerMeasure => {
    const column = (i: number) => {
      let sum = 0;
      for (let j = 0; j < ny; j++) sum += phi[i + nx * j];
      return sum / ny;
    };
    let charge = 0;
    for (let i = 0; i < nx; i++) charge += q * (Math.exp(-column(i) / volts) - 1) * h;
    const [i1, i2] = [3, 6].map((d) => Math.round(d * s.cellsPerDebyeLength));
    const centres = Array.from({ length: nx }, (_, i) => (i + 0.5) * h);
    const profile = sampleSpaceChargeProfile(reference, centres).map((row) => row.potential);
    let profileError = 0;
    for (let i = 0; i < nx; i++) profileError = Math.max(profileError, Math.abs(column(i) - profile[i]) / Math.abs(s.surfacePotential));
    return {
      surfaceField: (2 * (s.surfacePotential - column(0))) / h,
      layerCharge: charge,
      decayLength: ((i2 - i1) * h) / Math.log(column(i1) / column(i2)),
      referenceDecayLength: ((i2 - i1) * h) / Math.log(profile[i1] / profile[i2]),
      profileError,
    };
  };
  return { box, fixedCharge: new Float64Array(nx * ny).fill(-q), options, reference, measure };
}
