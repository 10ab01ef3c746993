/**
 * Byte layouts of the electrochemistry kernels (shaders/electrochem/), declared once here and injected
 * into the WGSL (src/gpu/shaderSource.ts). Internal units as in src/scene/resolve.ts; what each number
 * means in the scene's units is in src/scene/resolveElectrochemistry.ts.
 */
import { uniformLayout } from '../gpu/uniformLayout.ts';

/**
 * Run-time parameters of one Allen-Cahn-reaction simulation. The names shape, spectrumShape,
 * inverseSize, fe0..fe2 match ChParams, so the shared WGSL library (ch/wavevector, ch/free_energy_*)
 * reads them unchanged.
 */
const ACR_FIELDS = [
  ['shape', 'vec4u'],
  ['spectrumShape', 'vec4u'],
  ['inverseSize', 'vec4f'],
  ['basis', 'vec4u'], // per axis: 0 periodic, 1 cosine (no-flux walls), 2 sine (fixed-value walls); ch/wavevector
  ['fe0', 'vec4f'],
  ['fe1', 'vec4f'],
  ['fe2', 'vec4f'],
  ['cellCount', 'u32'],
  ['spectrumCount', 'u32'],
  ['cellPartialCount', 'u32'],
  ['spectralPartialCount', 'u32'],
  ['kappa', 'f32'],
  ['stabilizer', 'f32'],
  ['cellVolume', 'f32'],
  ['adaptive', 'u32'],
  ['tolerance', 'f32'],
  ['dtMin', 'f32'],
  ['dtMax', 'f32'],
  ['tEnd', 'f32'],
  ['cLow', 'f32'],
  ['cHigh', 'f32'],
  ['historyCapacity', 'u32'],
  /** Butler-Volmer transfer coefficient */
  ['alpha', 'f32'],
  /** dc/dt per unit of the rate law (internal time): 2 k0 t0 / (F h rho_s) for a platelet */
  ['rateScale', 'f32'],
  /** kT in internal energy units (1 for a regular solution) */
  ['thermalEnergy', 'f32'],
  /** reference potential E0 [V] and volts per internal energy unit: V = E0 - mu_O * voltsPerEnergy */
  ['referencePotential', 'f32'],
  ['voltsPerEnergy', 'f32'],
  /** current density [A/m^2] per unit of the rate law (= k0) */
  ['currentPerRate', 'f32'],
  /** mean composition of the initial state (capacity = inserted fraction of the sites) */
  ['cMeanInitial', 'f32'],
  /**
   * adaptive steps: dt <= growthStep / D, so that the fastest spinodal growth (rate <= D |min f''|)
   * changes a perturbation by at most growthPerStep (5 %) per step; growthStep = growthPerStep / max(|min f''|, kT) (1e30 without a spinodal)
   */
  ['growthStep', 'f32'],
  /** adaptive steps: the mean filling changes by at most maxFillPerStep per step (resolves the voltage curve and cut-offs) */
  ['maxFillPerStep', 'f32'],
  /** adaptive CHR steps: the diffusive spinodal growth changes a perturbation by at most this much per step (time.control.growthPerStep) */
  ['growthPerStep', 'f32'],
  /**
   * thermal fluctuations (0: off): f^2 2 kT / n_cell, n_cell = lattice sites in one (depth-averaged) cell,
   * f = model.reaction.fluctuations; acr_update.wgsl adds Langevin increments of variance noiseStrength D dt
   */
  ['noiseStrength', 'f32'],
  ['noiseSeed', 'u32'],
  /**
   * ln of the exchange current's Arrhenius factor k0(T)/k0(T_scene) (0 when isothermal), added to ln g in
   * electrochem/exchange_current; written between chunks by the thermal coupling (src/solver/thermalCoupling.ts)
   */
  ['logRateFactor', 'f32'],
  /** Marcus-Hush-Chidsey reorganisation energy lambda in internal energy units (lambda / kT in the kernels; 0 for Butler-Volmer) */
  ['reorganization', 'f32'],
  /**
   * normaliser of the galvanostatic sums and of the inserted amount: the mean rate is
   * sum(weight R) / siteTotal and the k = 0 mode takes dt siteTotal rateScale I. ACR: cellCount (every
   * cell reacts); CHR: sum of the reaction-site density w over the cells (the reactive area in cells)
   */
  ['siteTotal', 'f32'],
  /** denominator of the mean composition: ACR cellCount; CHR sum of psi (the particle's sites, in cells) */
  ['siteMeasure', 'f32'],
  /** CHR: 1 when the diffusive spinodal cap of acr_step_control uses the lattice mobility 4 c (1 - c) (else M = 1) */
  ['growthMobility', 'u32'],
] as const;

export const AcrParams = uniformLayout('AcrParams', ACR_FIELDS);

/**
 * Run-time parameters of a CHR particle (smoothed-boundary Cahn-Hilliard with a surface reaction,
 * src/solver/cahnHilliardReaction.ts): the ACR fields (the shared electrochemistry kernels read them
 * under their AcrParams name through an alias) and the diffusion part.
 */
export const ChrParams = uniformLayout('ChrParams', [
  ...ACR_FIELDS,
  /** 1: lattice mobility M(c) = 4 c (1 - c) (internal units, max 1); 0: constant M = 1 */
  ['latticeMobility', 'u32'],
  /** lowest lattice mobility (keeps nearly empty or full cells relaxing) */
  ['mobilityFloor', 'f32'],
  /** Mbar >= max psi M of the implicit diffusion operator (internal units) */
  ['mobilityBound', 'f32'],
  /** psi above which a cell counts as inside the particle (min/max c and the bounds check) */
  ['insideThreshold', 'f32'],
  /**
   * psi that bounds the particle in the gradient term: a face between a cell above and one below carries
   * no (c_j - c_i) in the Laplacian of mu (the no-wetting condition n . grad c = 0 on that surface)
   */
  ['gradientThreshold', 'f32'],
  /** sum of the coherency weight w = psi (psi >= gradientThreshold, else 0): the particle's V in the eigenstrain's cbar */
  ['coherencyMeasure', 'f32'],
  /** B of the exterior's convexified chemical potential f'(c) + B (c - 1/2) below gradientThreshold (chrExterior.ts) */
  ['exteriorConvexity', 'f32'],
] as const);

/** What the host asks for; written from TypeScript between chunks, read (and on cut-off, changed) by galvanostatic.wgsl. */
export const ReactionControl = uniformLayout('ReactionControl', [
  /** 0: impose the mean rate `setpoint` (constant current, 0 = rest); 1: impose mu_O = `setpoint` (constant voltage) */
  ['mode', 'u32'],
  ['setpoint', 'f32'],
  /**
   * constant current: the step ends once mu_O passes cutoff in the direction of the current. When a step
   * ends (cut-off, end time or end current) galvanostatic.wgsl sets tripped: the state is held (no update,
   * no clock advance, no record) until the host writes the next setpoint.
   */
  ['cutoffActive', 'u32'],
  ['cutoff', 'f32'],
  ['tripped', 'u32'],
  /** end the protocol step once the clock reaches endTime (internal time; 0: no end time) */
  ['endTime', 'f32'],
  /** constant voltage: end the step once |mean rate| < minRate (per k0; 0: no end current) */
  ['minRate', 'f32'],
] as const);

export const REACTION_MODE = { current: 0, voltage: 1 } as const;

/** The reservoir state of the step being taken, written by galvanostatic.wgsl each step. */
export const ReactionState = uniformLayout('ReactionState', [
  /** reservoir chemical potential mu_O (internal energy units) */
  ['muReservoir', 'f32'],
  /** mean insertion rate per unit of the rate law (I / k0) */
  ['rate', 'f32'],
  /** largest local -dR/dmu (internal rate per internal energy), the implicit linearisation of the update */
  ['linearization', 'f32'],
  ['sumA', 'f32'],
  ['sumB', 'f32'],
  /** rounding error of the k = 0 mode's running sum of the inserted Li (lib/compensated_sum) */
  ['contentCarry', 'f32'],
] as const);
