/**
 * `model.electrostatics`: a charged species coupled to its electric potential (DESIGN.md 3.7; PFHub
 * benchmark 6). With a permittivity eps (constant, or linear in c) and a charge density proportional to the composition,
 *   eps lap(phi) = -rho,   rho = charge * c,   mu += charge * phi,   f_elec = charge * c * phi / 2,
 * phi solved every time the chemical potential is evaluated (src/solver/electrostatics.ts).
 * Faces of phi per axis: "periodic" (where grid.boundary is periodic), "insulating" (zero normal field)
 * or held potentials { low, high } on the faces x_a = 0 and x_a = L_a, each a constant or a sine
 * A sin(q . x) of the position on the face (on one axis: SpectralPoisson with a lift; on several axes, or
 * with a mobile ion: FieldPoisson). docs/boundaries.md, "Electrostatics".
 */
import { z } from 'zod';
import { boundaryPerAxis, type BoundaryKind } from './boundarySchema.ts';

export const FacePotentialSchema = z.union([
  z.number(),
  z.strictObject({
    sine: z.strictObject({ amplitude: z.number(), wavevector: z.array(z.number()).min(2).max(3) }),
  }),
]);
export type FacePotential = z.output<typeof FacePotentialSchema>;

export const ElectrostaticsFaceSchema = z.union([z.enum(['periodic', 'insulating']), z.strictObject({ low: FacePotentialSchema, high: FacePotentialSchema })]);
export type ElectrostaticsFace = z.output<typeof ElectrostaticsFaceSchema>;

/**
 * One mobile ion in Boltzmann equilibrium with the potential (the Poisson-Boltzmann equation; the
 * single-carrier space-charge layer of docs/spacecharge.md): rho += z e nInf exp(-z e phi / kT), against
 * the immobile charge of the Cahn-Hilliard field (charge * c). SI scenes: density in 1/m^3, temperature in K;
 * dimensionless scenes: e = k_B = 1 (rho += z density exp(-z phi / temperature)).
 */
export const MobileIonSchema = z.strictObject({
  chargeNumber: z.int().refine((v) => v !== 0, { error: 'must be a non-zero integer' }).default(1),
  /** bulk density nInf, where phi = 0 */
  density: z.number().positive({ error: 'must be > 0' }),
  temperature: z.number().positive({ error: 'must be > 0' }),
});

/**
 * A permittivity that follows the composition, eps(c) = atZero + (atOne - atZero) clamp(c, 0, 1): two
 * phases of different dielectric constant. Solved by FieldPoisson; mu gains -eps'(c) |grad phi|^2 / 2
 * (src/solver/electrostatics.ts).
 */
export const CompositionPermittivitySchema = z.strictObject({
  /** eps at c = 0 */
  atZero: z.number().positive({ error: 'must be > 0' }),
  /** eps at c = 1 */
  atOne: z.number().positive({ error: 'must be > 0' }),
});

export const ElectrostaticsSchema = z.strictObject({
  /** permittivity eps: a constant, or linear in the composition ({ atZero, atOne }) */
  permittivity: z.union([z.number().positive({ error: 'must be > 0' }), CompositionPermittivitySchema]),
  /** charge per volume per unit site fraction (PFHub 6's k): rho = charge c, mu += charge phi */
  charge: z.number().refine((q) => q !== 0, { error: 'must not be 0 (omit model.electrostatics for an uncharged species)' }),
  /** faces of phi per axis */
  faces: z.array(ElectrostaticsFaceSchema).min(1).max(3),
  /** one mobile ion in Boltzmann equilibrium (Poisson-Boltzmann, solved by src/solver/fieldPoisson.ts) */
  mobileIon: MobileIonSchema.optional(),
});
export type Electrostatics = z.output<typeof ElectrostaticsSchema>;

interface SceneForChecks {
  grid: { cells: number[]; boundary?: BoundaryKind | BoundaryKind[] };
  model: { electrostatics?: Electrostatics; reaction?: unknown; elasticity?: unknown };
  geometry?: unknown;
}

/** Cross-field rules of model.electrostatics (called from the scene schema's refinement). */
export function electrostaticsIssues(s: SceneForChecks): { path: (string | number)[]; message: string }[] {
  const e = s.model.electrostatics;
  if (!e) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const at = (...rest: (string | number)[]) => ['model', 'electrostatics', ...rest];
  if (e.faces.length !== s.grid.cells.length) {
    issues.push({ path: at('faces'), message: `needs ${s.grid.cells.length} entries, one per axis of grid.cells` });
    return issues;
  }
  const boundary = boundaryPerAxis(s.grid);
  e.faces.forEach((face, axis) => {
    const periodicBox = boundary[axis] === 'periodic';
    if ((face === 'periodic') !== periodicBox) {
      issues.push({
        path: at('faces', axis),
        message: periodicBox ? 'grid.boundary is periodic on this axis, so phi must be "periodic" too' : `grid.boundary has walls on this axis: use "insulating" or held potentials { "low": ..., "high": ... }`,
      });
    }
    if (typeof face === 'object') {
      for (const side of ['low', 'high'] as const) {
        const v = face[side];
        if (typeof v === 'object' && v.sine.wavevector.length !== s.grid.cells.length) {
          issues.push({ path: at('faces', axis, side, 'sine', 'wavevector'), message: `needs ${s.grid.cells.length} entries, one per axis of grid.cells` });
        }
      }
    }
  });
  if (s.model.reaction !== undefined) issues.push({ path: at(), message: 'not supported together with model.reaction yet' });
  if (s.model.elasticity !== undefined) issues.push({ path: at(), message: 'not supported together with model.elasticity yet' });
  if (s.geometry !== undefined) issues.push({ path: at(), message: 'not supported together with a particle geometry yet' });
  return issues;
}
