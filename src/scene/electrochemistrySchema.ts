/**
 * Electrochemistry sections of a scene (DESIGN.md 3.5, 4.3): `model.reaction` (where and how Li
 * enters the particle) and the top-level `protocol` (what the cycler does). SI units only.
 * Sign convention: insertion (discharge of a cathode) is positive.
 */
import { z } from 'zod';
import { MATERIALS } from '../physics/materials.ts';

const positive = z.number().positive({ error: 'must be > 0' });

export const RateLawSchema = z.discriminatedUnion('kind', [
  /** Butler-Volmer with transfer coefficient alpha (Bazant, Acc. Chem. Res. 46 (2013) 1144) */
  z.strictObject({ kind: z.literal('butlerVolmer'), alpha: z.number().gt(0).lt(1).default(0.5) }),
  /**
   * Marcus-Hush-Chidsey (Zeng, Smith, Bai & Bazant, J. Electroanal. Chem. 735 (2014) 77) with the
   * reorganisation energy [J/mol]; on the GPU mu_O comes from a Newton iteration (docs/electrochemistry.md).
   */
  z.strictObject({ kind: z.literal('marcus'), reorganizationEnergy: positive }),
]);

export const ReactionSchema = z.strictObject({
  /**
   * "acr": depth-averaged Allen-Cahn-reaction platelet (reaction everywhere on the plane, no in-plane
   * diffusion; Bai, Cogswell & Bazant, Nano Lett. 11 (2011) 4890). "chr": Cahn-Hilliard inside a
   * particle given by `geometry` with the reaction as a surface flux (smoothed boundary,
   * src/solver/cahnHilliardReaction.ts; Butler-Volmer kinetics, homogeneous elasticity at most).
   */
  mode: z.enum(['acr', 'chr']),
  rateLaw: RateLawSchema.default({ kind: 'butlerVolmer', alpha: 0.5 }),
  exchangeCurrent: z.strictObject({
    /** i0 = k0 g(c, mu): "constant" g = 1, "concentration" c^(1-a)(1-c)^a, "activity" (1-c) exp(a mu/kT) */
    form: z.enum(['constant', 'concentration', 'activity']).default('activity'),
    /** k0 [A/m^2] at the reference temperature */
    k0: positive,
    /** Arrhenius activation energy [J/mol] (0: no temperature dependence) */
    activationEnergy: z.number().min(0).default(0),
    referenceTemperature: positive.default(298.15),
  }),
  /**
   * potential vs Li/Li+ where the homogeneous chemical potential is zero [V]; default: the
   * `referencePotential` of `material` in the materials table (src/physics/materials.ts; LiFePO4 3.422 V)
   */
  referencePotential: z.number().optional(),
  /** a materials-table name (e.g. "LiFePO4") supplying the reference potential */
  material: z.string().optional(),
  /**
   * thermal fluctuations of the reaction: Langevin noise with this fraction of the fluctuation-dissipation
   * amplitude (0 = off, 1 = the full kT noise; what seeds phase separation in a discharge that starts
   * homogeneous). With a few hundred sites per cell the full Gaussian noise drives dilute cells below
   * c = 0, so scenes use a fraction. `seed` makes runs reproducible.
   */
  fluctuations: z.number().min(0).max(1).default(0),
  seed: z.int().min(0).default(1),
  /**
   * CHR with elasticity: whether the elastic part of the chemical potential (mu_el = -Omega sigma_h per
   * site for a dilatational misfit) enters the reaction's overpotential at the surface, i.e. stress-coupled
   * Butler-Volmer kinetics (the default: the reaction is driven by the full chemical potential, as the
   * diffusion is). false: the reaction sees only the chemical part; the diffusion keeps mu_el. Issue 19.
   */
  stressCoupledKinetics: z.boolean().default(true),
  /** ACR: platelet thickness h [m] (reacting on both faces: dc/dt = 2 R / (h rho_s)) */
  thickness: positive.optional(),
  /** for the dimensionless numbers (run.json); defaults: 1 M carbonate electrolyte, natural convection */
  electrolyte: z.strictObject({ saltConcentration: positive.default(1000), relativePermittivity: positive.default(30) }).default({ saltConcentration: 1000, relativePermittivity: 30 }),
  thermal: z.strictObject({ heatTransferCoefficient: positive.default(10), conductivity: positive.default(1.5) }).default({ heatTransferCoefficient: 10, conductivity: 1.5 }),
});

const current = {
  /** C-rate: 1 fills all sites in one hour; positive inserts (discharge) */
  cRate: z.number().optional(),
  /** current density [A/m^2 of particle surface], positive inserts */
  currentDensity: z.number().optional(),
};

export const ProtocolStepSchema = z.discriminatedUnion('kind', [
  /** constant current until the cut-off voltage [V] (or the step's duration [s], or the end of the run) */
  z.strictObject({ kind: z.literal('constantCurrent'), ...current, cutoffVoltage: z.number().positive().optional(), duration: positive.optional() }),
  /** constant voltage [V] for `duration` [s], or until |current| falls below `minCurrent` [A/m^2] (CC-CV) */
  z.strictObject({ kind: z.literal('constantVoltage'), voltage: z.number().positive(), duration: positive.optional(), minCurrent: positive.optional() }),
  /** open circuit for `duration` [s] */
  z.strictObject({ kind: z.literal('rest'), duration: positive }),
]);

export const ProtocolSchema = z.strictObject({
  steps: z.array(ProtocolStepSchema).min(1),
  /** the list of steps is repeated this many times */
  cycles: z.int().min(1).default(1),
});

export type Reaction = z.output<typeof ReactionSchema>;
export type Protocol = z.output<typeof ProtocolSchema>;
export type ProtocolStep = z.output<typeof ProtocolStepSchema>;

interface SceneForChecks {
  units: string;
  model: { freeEnergy: { kind: string }; reaction?: Reaction; elasticity?: { stiffness: { kind: string }; matrix?: unknown; stiffnessLithiated?: unknown; interpolation?: string; boundary?: { kind: string } } };
  protocol?: Protocol;
  geometry?: unknown;
  thermal?: unknown;
}

/** Cross-field rules of the electrochemistry sections (called from the scene schema's refinement). */
export function electrochemistryIssues(s: SceneForChecks): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const r = s.model.reaction;
  if (!r) {
    if (s.protocol) issues.push({ path: ['model', 'reaction'], message: 'missing: the scene has a protocol, which needs model.reaction (or remove the protocol)' });
    return issues;
  }
  if (s.units !== 'SI') issues.push({ path: ['model', 'reaction'], message: 'electrochemistry scenes use "units": "SI"' });
  if (s.model.freeEnergy.kind !== 'regularSolution') issues.push({ path: ['model', 'freeEnergy', 'kind'], message: 'electrochemistry needs a regularSolution free energy (it sets kT and the site density)' });
  if (r.referencePotential === undefined) {
    const known = r.material !== undefined && Object.hasOwn(MATERIALS, r.material) ? MATERIALS[r.material] : undefined;
    if (!known) issues.push({ path: ['model', 'reaction', 'material'], message: `give referencePotential [V] or a material of the table (${Object.keys(MATERIALS).join(', ')})` });
    else if (known.referencePotential === undefined) issues.push({ path: ['model', 'reaction', 'material'], message: `the materials table has no reference potential for ${r.material}: give referencePotential [V]` });
  }
  if (r.mode === 'acr' && r.thickness === undefined) issues.push({ path: ['model', 'reaction', 'thickness'], message: 'the ACR platelet needs its thickness [m]' });
  if (r.mode === 'chr') issues.push(...chrIssues(s, r));
  else if (!r.stressCoupledKinetics) issues.push({ path: ['model', 'reaction', 'stressCoupledKinetics'], message: 'is a switch of the CHR particle (mode "chr"); the ACR platelet always reacts with its full chemical potential' });
  if (!s.protocol) issues.push({ path: ['protocol'], message: 'a scene with model.reaction needs a protocol' });
  s.protocol?.steps.forEach((step, i) => {
    if (step.kind === 'constantCurrent' && (step.cRate === undefined) === (step.currentDensity === undefined)) {
      issues.push({ path: ['protocol', 'steps', i], message: 'give exactly one of cRate and currentDensity' });
    }
  });
  return issues;
}

/** What the CHR particle mode (src/solver/cahnHilliardReaction.ts) does not take, each named by its field. */
function chrIssues(s: SceneForChecks, r: Reaction): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const chr = 'the CHR particle (model.reaction.mode "chr")';
  if (s.geometry === undefined) issues.push({ path: ['geometry'], message: `missing: ${chr} needs the particle's shape (the smoothed-boundary indicator psi)` });
  if (r.thickness !== undefined) issues.push({ path: ['model', 'reaction', 'thickness'], message: `is the ACR platelet's thickness: ${chr} takes its size from geometry (remove thickness)` });
  if (r.rateLaw.kind !== 'butlerVolmer') issues.push({ path: ['model', 'reaction', 'rateLaw', 'kind'], message: `${chr} supports Butler-Volmer kinetics only (Marcus runs in the ACR mode)` });
  if (r.fluctuations > 0) issues.push({ path: ['model', 'reaction', 'fluctuations'], message: `${chr} has no thermal fluctuations yet: use 0` });
  const el = s.model.elasticity;
  // Without a matrix the particle is free-standing in a liquid (homogeneous modulus, coherency strain of
  // c - mean); with one (an electrolyte, or "void": a pore) the iterative solver takes any moduli.
  const inMatrix = el?.matrix !== undefined;
  const needsMatrix = `needs model.elasticity.matrix around ${chr} (the electrolyte's stiffness, or { "kind": "void" } for a pore); without one only the homogeneous-modulus (Khachaturyan) coherency strain applies`;
  if (!inMatrix && el?.stiffnessLithiated !== undefined) issues.push({ path: ['model', 'elasticity', 'stiffnessLithiated'], message: needsMatrix });
  if (!inMatrix && el?.interpolation !== undefined && el.interpolation !== 'vegard') issues.push({ path: ['model', 'elasticity', 'interpolation'], message: needsMatrix });
  if (!inMatrix && el?.boundary !== undefined && el.boundary.kind !== 'stressFree') issues.push({ path: ['model', 'elasticity', 'boundary', 'kind'], message: `${chr} without a matrix is free-standing: its eigenstrain follows c - (particle mean), so only "stressFree" applies` });
  const matrix = el?.matrix as { stiffness: { kind: string }; interface?: string } | undefined;
  if (matrix?.stiffness.kind === 'void' && matrix.interface === 'laminate') {
    // measured: the layer solve of a diffuse particle's interior (psi = 1 - tiny) against a void divides
    // by (1 - psi) in float32, and the stress collapses (docs/elasticity.md, "CHR particle in a pore")
    issues.push({ path: ['model', 'elasticity', 'matrix', 'interface'], message: `"laminate" needs a matrix with stiffness around ${chr}; in a pore use "eigenstress"` });
  }
  if (el?.stiffness.kind === 'void') issues.push({ path: ['model', 'elasticity', 'stiffness', 'kind'], message: `${chr} needs the particle's stiffness ("void" is a pore, not a particle)` });
  if (s.thermal !== undefined) issues.push({ path: ['thermal'], message: `the thermal coupling runs in the ACR mode only, not with ${chr}` });
  return issues;
}
