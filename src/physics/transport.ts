/**
 * Ion transport in a solid: the Nernst-Planck flux (diffusion plus migration) and the Darken relation
 * between tracer and chemical diffusivity, with the thermodynamic factor taken from a free energy f(c).
 * Float64, no GPU.
 *
 * Nernst-Planck (Bard & Faulkner, Electrochemical Methods, 2nd ed. (2001) eq. 4.1.9; Newman & Thomas-
 * Alyea, Electrochemical Systems, 3rd ed. (2004) eq. 11.1), dilute species of charge number z:
 *     J = -D ( dc/dx + z F c / (R T) dphi/dx )
 * J carries the units of c times m/s (mol/m^3 -> mol/(m^2 s); 1/m^3 -> 1/(m^2 s)).
 *
 * Darken (Trans. AIME 175 (1948) 184): the chemical diffusivity that appears in Fick's law for a
 * concentration gradient is the tracer diffusivity times the thermodynamic factor,
 *     D_chem = D* Theta,   Theta = d ln a / d ln c = (c / RT) dmu/dc = c f''(c) / (rho_s R T),
 * with mu = f'(c) / rho_s the chemical potential per mole (f per volume, rho_s moles of sites per volume).
 *
 * On a lattice (site fraction c, blocking of occupied sites), the uncorrelated tracer diffusivity is
 * D* = D0 (1 - c) with D0 the single-hop diffusivity (the correlation factor is set to 1; Van der Ven,
 * Ceder, Asta & Tepesch, Phys. Rev. B 64 (2001) 184307, eq. 6 and the discussion of the thermodynamic
 * factor there). Then D_chem = D0 Phi with
 *     Phi = (1 - c) Theta = c (1 - c) f''(c) / (rho_s R T),
 * the factor relative to the ideal lattice gas. For the regular solution Phi = 1 - 2 Omega c (1-c) / RT,
 * which is exactly Spinode's lattice mobility M = D c (1-c) / (rho_s R T) times f'' (DESIGN.md 3.1):
 * D_chem = M f''. Phi < 0 inside the spinodal (uphill diffusion).
 */
import { FARADAY, GAS_CONSTANT } from './constants.ts';
import { freeEnergy, type FreeEnergyParams } from './freeEnergy.ts';

/** The scale that turns f''(c) (energy per volume) into R T per mole of sites. */
export interface LatticeThermal {
  /** moles of sites per volume (mol/m^3; 1 for dimensionless scenes) */
  siteDensity: number;
  /** R T, J/mol (kT = 1 for dimensionless scenes) */
  rt: number;
}

/** The regular solution carries its own siteDensity and RT; other free energies need them given. */
export function latticeThermalOf(params: FreeEnergyParams, given?: LatticeThermal): LatticeThermal {
  if (given) return given;
  if (params.kind === 'regularSolution') return { siteDensity: params.siteDensity, rt: params.rt };
  throw new RangeError(`transport: a '${params.kind}' free energy has no temperature; pass { siteDensity, rt }`);
}

/** Darken's thermodynamic factor Theta = d ln a / d ln c = c f''(c) / (rho_s R T) (ideal dilute solution: 1). */
export function thermodynamicFactor(params: FreeEnergyParams, c: number, thermal?: LatticeThermal): number {
  const { siteDensity, rt } = latticeThermalOf(params, thermal);
  return (c * freeEnergy(params).d2f(c)) / (siteDensity * rt);
}

/** The lattice thermodynamic factor Phi = c (1-c) f''(c) / (rho_s R T) (ideal lattice gas: 1). */
export function latticeThermodynamicFactor(params: FreeEnergyParams, c: number, thermal?: LatticeThermal): number {
  const { siteDensity, rt } = latticeThermalOf(params, thermal);
  return (c * (1 - c) * freeEnergy(params).d2f(c)) / (siteDensity * rt);
}

/** Darken: D_chem = D* Theta, from the tracer diffusivity D* (m^2/s). */
export function chemicalDiffusivity(tracerDiffusivity: number, params: FreeEnergyParams, c: number, thermal?: LatticeThermal): number {
  return tracerDiffusivity * thermodynamicFactor(params, c, thermal);
}

/** The tracer diffusivity of an uncorrelated lattice gas, D* = D0 (1 - c). */
export function latticeTracerDiffusivity(hopDiffusivity: number, c: number): number {
  return hopDiffusivity * (1 - c);
}

/** D_chem(c) = D0 Phi(c) on a grid of compositions, for a report or a plot: rows [c, Theta, Phi, D*, D_chem]. */
export function chemicalDiffusivityTable(
  hopDiffusivity: number,
  params: FreeEnergyParams,
  compositions: readonly number[],
  thermal?: LatticeThermal,
): { c: number; thermodynamicFactor: number; latticeFactor: number; tracerDiffusivity: number; chemicalDiffusivity: number }[] {
  return compositions.map((c) => {
    const tracer = latticeTracerDiffusivity(hopDiffusivity, c);
    const theta = thermodynamicFactor(params, c, thermal);
    return { c, thermodynamicFactor: theta, latticeFactor: (1 - c) * theta, tracerDiffusivity: tracer, chemicalDiffusivity: tracer * theta };
  });
}

export interface NernstPlanckPoint {
  /** m^2/s */
  diffusivity: number;
  concentration: number;
  /** dc/dx, same concentration unit per meter */
  concentrationGradient: number;
  /** dphi/dx, V/m (minus the field) */
  potentialGradient: number;
  chargeNumber: number;
  temperatureKelvin: number;
}

/** J = -D (dc/dx + z F c / (RT) dphi/dx) at one point. */
export function nernstPlanckFlux(p: NernstPlanckPoint): number {
  const migration = (p.chargeNumber * FARADAY * p.concentration * p.potentialGradient) / (GAS_CONSTANT * p.temperatureKelvin);
  return -p.diffusivity * (p.concentrationGradient + migration);
}

/** B(x) = x / (e^x - 1), the Bernoulli function, with its series near 0. */
export function bernoulli(x: number): number {
  if (Math.abs(x) < 1e-5) return 1 - x / 2 + (x * x) / 12;
  return x / Math.expm1(x);
}

/**
 * Nernst-Planck fluxes between neighbouring nodes of a 1D grid (spacing dx, node values c and phi),
 * Scharfetter-Gummel discretisation (Scharfetter & Gummel, IEEE Trans. Electron Devices 16 (1969) 64):
 * exact for a constant field between two nodes, so a Boltzmann profile c ~ exp(-z F phi / RT) carries
 * zero flux to rounding, however coarse the grid. Returns n - 1 face fluxes (positive towards +x).
 */
export function nernstPlanckFaceFluxes(c: ArrayLike<number>, phi: ArrayLike<number>, dx: number, diffusivity: number, chargeNumber: number, temperatureKelvin: number): Float64Array {
  const scale = (chargeNumber * FARADAY) / (GAS_CONSTANT * temperatureKelvin);
  const out = new Float64Array(Math.max(0, c.length - 1));
  for (let i = 0; i + 1 < c.length; i++) {
    const u = scale * (phi[i + 1] - phi[i]); // reduced potential drop across the face
    out[i] = (diffusivity / dx) * (bernoulli(u) * c[i] - bernoulli(-u) * c[i + 1]);
  }
  return out;
}

/** Which diffusivity a scene gives for the lattice mobility M = D0 c (1-c) / e0. */
export interface MeasuredDiffusivity {
  measured: 'hop' | 'tracer' | 'chemical';
  /** m^2/s (scene units) */
  value: number;
  /** site fraction at which a tracer or chemical diffusivity was measured */
  atComposition?: number;
}

/**
 * The single-hop diffusivity D0 of the lattice mobility from a measured diffusivity (Darken):
 * tracer D* = D0 (1 - c), chemical D_chem = D0 Phi(c) with Phi = c (1-c) f''(c) / e0 (e0 = rho_s R T for a
 * regular solution, the free energy's scale otherwise). A chemical diffusivity inside the spinodal
 * (Phi <= 0) determines nothing: a RangeError says so.
 */
export function hopDiffusivity(given: MeasuredDiffusivity, params: FreeEnergyParams): number {
  if (given.measured === 'hop') return given.value;
  const c = given.atComposition;
  if (c === undefined || !(c > 0 && c < 1)) throw new RangeError(`a ${given.measured} diffusivity needs the site fraction it was measured at (0 < c < 1)`);
  if (given.measured === 'tracer') return given.value / (1 - c);
  const f = freeEnergy(params);
  const phi = (c * (1 - c) * f.d2f(c)) / f.scale;
  if (!(phi > 0)) {
    throw new RangeError(`c = ${c} is inside the spinodal of the scene's free energy (thermodynamic factor Phi = ${phi.toPrecision(3)} <= 0): a chemical diffusivity there cannot set the mobility; give one measured outside the spinodal`);
  }
  return given.value / phi;
}
