/**
 * Open-circuit voltage from the free energy (Bazant, Acc. Chem. Res. 46 (2013) 1144, "Thermodynamics"):
 * at zero current the electrode potential vs Li/Li+ equals minus the Li chemical potential per charge,
 *
 *   E(c) = E0 - mu_hom(c) / F,    mu_hom = f'(c) / rho_s  [J/mol]
 *
 * with E0 the material's reference potential (the voltage where mu_hom = 0, e.g. 3.422 V for LiFePO4
 * with a symmetric regular solution) and rho_s the site density [mol/m^3]. A phase-separating particle
 * at equilibrium sits on the common tangent instead: the two-phase plateau E0 - slope / (rho_s F).
 */
import { FARADAY } from './constants.ts';
import { commonTangent, type FreeEnergy } from './freeEnergy.ts';

/** E(c) [V] of a homogeneous particle; f' of `fe` is per volume [J/m^3], siteDensity in mol/m^3. */
export function openCircuitVoltage(fe: FreeEnergy, siteDensity: number, referencePotential: number, c: number): number {
  return referencePotential - fe.df(c) / siteDensity / FARADAY;
}

/** The voltage [V] of the two-phase plateau (common tangent), or null without a miscibility gap. */
export function plateauVoltage(fe: FreeEnergy, siteDensity: number, referencePotential: number): { voltage: number; binodal: [number, number] } | null {
  const gap = commonTangent(fe);
  if (!gap) return null;
  const [c1, c2] = gap;
  const slope = (fe.f(c2) - fe.f(c1)) / (c2 - c1);
  return { voltage: referencePotential - slope / siteDensity / FARADAY, binodal: gap };
}

/** Voltage [V] of a reservoir chemical potential mu~_O given in kT per Li: V = E0 - mu~_O RT/F. */
export function voltageFromReservoir(muReservoirKT: number, rtPerMol: number, referencePotential: number): number {
  return referencePotential - (muReservoirKT * rtPerMol) / FARADAY;
}
