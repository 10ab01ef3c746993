/** Byte layouts shared by the Cahn-Hilliard kernels, declared once here and injected into the WGSL. */
import { uniformLayout } from '../gpu/uniformLayout.ts';

/** Run-time parameters of one Cahn-Hilliard simulation (internal units; see src/scene/resolve.ts). */
export const ChParams = uniformLayout('ChParams', [
  ['shape', 'vec4u'], // nx, ny, nz (1 in 2D), 0
  ['spectrumShape', 'vec4u'], // nx/2 + 1, ny, nz, 0
  ['inverseSize', 'vec4f'], // 1/Lx, 1/Ly, 1/Lz (0 in 2D), 0
  ['basis', 'vec4u'], // per axis: 0 periodic, 1 cosine (no-flux walls), 2 sine (fixed-value walls); ch/wavevector
  ['fe0', 'vec4f'], // free-energy coefficients (meaning per kind: shaders/ch/free_energy_*.wgsl)
  ['fe1', 'vec4f'],
  ['fe2', 'vec4f'],
  ['cellCount', 'u32'],
  ['spectrumCount', 'u32'],
  ['bulkPartialCount', 'u32'],
  ['spectralPartialCount', 'u32'],
  ['mobility', 'f32'],
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
  ['mobilityFloor', 'f32'],
  // elasticity: stored mean elastic energy density q0 + q1 hbar + q2 hbar^2 (k = 0 mode), and cRef
  ['elasticMean', 'vec4f'],
  // iterative elasticity: number of elastic-energy partial sums (elastic_potential.wgsl), 0 without
  ['elasticPartialCount', 'u32'],
] as const);

/** The fields of StepControl, shared by EtdControl at the same offsets. */
const STEP_CONTROL_FIELDS = [
  ['status', 'u32'],
  ['step', 'u32'],
  ['recorded', 'u32'],
  ['time', 'f32'],
  ['dt', 'f32'],
  ['dtPrev', 'f32'],
  /** rounding error of the clock's running sum (lib/compensated_sum) */
  ['timeCarry', 'f32'],
  /**
   * the step the controller chose for this state before shortening it to land on tEnd (equal to dt
   * otherwise): a finished run is extended from it bit for bit as if it had never stopped (issue #25)
   */
  ['dtProposed', 'f32'],
] as const;

/** GPU-resident clock and step-size state, advanced by shaders/ch/step_control.wgsl. */
export const StepControl = uniformLayout('StepControl', STEP_CONTROL_FIELDS);

/** StepControl of the initial state: step 0 at time 0, the first step `dtInitial` (internal units). */
export function initialStepControl(dtInitial: number): ArrayBuffer {
  return StepControl.pack({ status: 0, step: 0, recorded: 0, time: 0, dt: dtInitial, dtPrev: 0, timeCarry: 0, dtProposed: dtInitial });
}

/**
 * The control state of the ETDRK4 integrator (shaders/ch/etd_step_control.wgsl): StepControl's fields
 * at the same offsets (the host decodes either with StepControl), then the acceptance state and the
 * observables of the current state, whose history record is written by the call that leaves it.
 */
export const EtdControl = uniformLayout('EtdControl', [
  ...STEP_CONTROL_FIELDS,
  /** accepted steps: the number of the current state */
  ['state', 'u32'],
  /** the control pauses (status PAUSED) once `state` reaches this (Simulation.advanceUntil's maxSteps) */
  ['stateLimit', 'u32'],
  /** the first call from the current state: stress observables evaluated at a call since then are the state's */
  ['stateSince', 'u32'],
  /** 1 when the last call accepted its candidate */
  ['accepted', 'u32'],
  ['rejected', 'u32'],
  ['rejectedInRow', 'u32'],
  // observables of the current state
  ['freeEnergy', 'f32'],
  ['bulkEnergy', 'f32'],
  ['gradientEnergy', 'f32'],
  ['elasticEnergy', 'f32'],
  ['cMean', 'f32'],
  ['cMin', 'f32'],
  ['cMax', 'f32'],
  /** error estimate of the step that produced the state */
  ['error', 'f32'],
  ['elasticResidual', 'f32'],
  ['elasticIterations', 'u32'],
] as const);

/** PAUSED: ETDRK4 reached its stateLimit; the host continues it by setting RUNNING, or finishes it. */
export const STATUS = { running: 0, finishing: 1, done: 2, failed: 3, priming: 4, paused: 5 } as const;
/** EtdControl.stateLimit when no step limit applies */
export const NO_STATE_LIMIT = 0xffffffff;

/** One row of the GPU history ring: the state at the start of step `step`. */
export const HistoryRecord = uniformLayout('HistoryRecord', [
  ['step', 'u32'],
  ['status', 'u32'],
  ['time', 'f32'],
  ['dt', 'f32'],
  ['freeEnergy', 'f32'],
  ['bulkEnergy', 'f32'],
  ['gradientEnergy', 'f32'],
  ['cMean', 'f32'],
  ['cMin', 'f32'],
  ['cMax', 'f32'],
  ['truncationError', 'f32'],
  // elasticity: elastic energy of the state; stress observables when evaluated at this step
  ['elasticEnergy', 'f32'],
  ['stressEvaluated', 'u32'],
  ['sigmaVmMax', 'f32'],
  ['sigma1Max', 'f32'],
  ['hotspotFraction', 'f32'],
  // by region, when evaluated (StressObservables: particle and matrix sigma_1, interface normal tension)
  ['sigma1Particle', 'f32'],
  ['sigma1Matrix', 'f32'],
  ['interfaceTension', 'f32'],
  // electrochemistry (shaders/electrochem/acr_step_control.wgsl): voltage vs Li/Li+ [V], current
  // density [A/m^2, insertion positive], capacity (inserted fraction of the sites); 0 without a reaction
  ['voltage', 'f32'],
  ['current', 'f32'],
  ['capacity', 'f32'],
  // iterative elasticity: relative residual and total iterations of the fixed point at this state
  ['elasticResidual', 'f32'],
  ['elasticIterations', 'u32'],
  /** 0: the record of a state; 1: a call that left no new state (a rejected attempt), skipped by the host */
  ['kind', 'u32'],
] as const);
