/**
 * The chemical diffusivity a scene implies, D_chem(c) = M(c) f''(c) (the effective diffusivity of the
 * linearised Cahn-Hilliard equation without the gradient term; Cahn, Acta Metall. 9 (1961) 795), from
 * the scene's free energy and mobility. For a regular solution with the lattice mobility
 * M = D c (1-c) / (rho_s R T) this is Darken's D_chem = D (1 - 2 Omega c (1-c) / RT)
 * (src/physics/transport.ts), negative inside the spinodal. `transportReport` is the run.json section.
 */
import { freeEnergy } from '../physics/freeEnergy.ts';
import { latticeThermodynamicFactor } from '../physics/transport.ts';
import type { Spec } from '../scene/resolve.ts';

export interface SceneDiffusivityRow {
  c: number;
  /** M(c), scene units */
  mobility: number;
  /** f''(c), scene units */
  curvature: number;
  /** M(c) f''(c): m^2/s for SI scenes */
  chemicalDiffusivity: number;
  /** Phi = c (1-c) f'' / (rho_s R T) for a regular solution (undefined for the other free energies) */
  thermodynamicFactor: number | undefined;
}

export function sceneChemicalDiffusivity(spec: Spec, compositions: readonly number[] = Array.from({ length: 21 }, (_, i) => 0.025 + (0.95 * i) / 20)): { unit: string; rows: SceneDiffusivityRow[] } {
  const fe = freeEnergy(spec.freeEnergy);
  const rows = compositions.map((c) => {
    const mobility = spec.mobilityForm === 'lattice' ? spec.mobility * 4 * c * (1 - c) : spec.mobility;
    const curvature = fe.d2f(c);
    return {
      c,
      mobility,
      curvature,
      chemicalDiffusivity: mobility * curvature,
      thermodynamicFactor: spec.freeEnergy.kind === 'regularSolution' ? latticeThermodynamicFactor(spec.freeEnergy, c) : undefined,
    };
  });
  return { unit: spec.scene.units === 'SI' ? 'm^2/s' : 'l0^2/t0', rows };
}

/** run.json `transport`: how the scene's mobility was given and the chemical diffusivity it implies. */
export interface TransportReport {
  mobility:
    | { kind: 'constant'; value: number }
    | { kind: 'diffusivity'; form: 'lattice' | 'constant'; measured: 'hop' | 'tracer' | 'chemical'; given: number; atComposition?: number; hopDiffusivity: number };
  /** unit of the diffusivities */
  unit: string;
  /** D_chem(c) = M(c) f''(c), with Darken's thermodynamic factor for a regular solution */
  chemicalDiffusivity: { c: number; thermodynamicFactor: number | null; chemicalDiffusivity: number }[];
}

export function transportReport(spec: Spec): TransportReport {
  const m = spec.scene.model.mobility;
  const { unit, rows } = sceneChemicalDiffusivity(spec);
  // lattice: M(c) = M0 4c(1-c) = D0 c(1-c) / e0, so D0 = 4 M0 e0; constant form: M = D / e0
  const hop = spec.mobility * spec.scales.energyDensity * (spec.mobilityForm === 'lattice' ? 4 : 1);
  return {
    mobility:
      m.kind === 'constant'
        ? { kind: 'constant', value: m.value }
        : { kind: 'diffusivity', form: m.form, measured: m.measured, given: m.diffusivity, ...(m.atComposition !== undefined ? { atComposition: m.atComposition } : {}), hopDiffusivity: hop },
    unit,
    chemicalDiffusivity: rows.map((r) => ({ c: r.c, thermodynamicFactor: r.thermodynamicFactor ?? null, chemicalDiffusivity: r.chemicalDiffusivity })),
  };
}
