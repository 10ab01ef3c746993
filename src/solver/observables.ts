/** Observables of one state, in the scene's units, decoded from the GPU history ring. */
import type { Spec } from '../scene/resolve.ts';
import { EtdControl, HistoryRecord, StepControl } from './layouts.ts';
import { smoothedBoundary } from './smoothedBoundary.ts';
import type { DepositionObservables } from './electrodepositionObservables.ts';

export interface Observables {
  step: number;
  /** simulated time at this state */
  time: number;
  /** the step taken from this state (0 for the final state) */
  dt: number;
  freeEnergy: number;
  bulkEnergy: number;
  gradientEnergy: number;
  /** integral of c over the box */
  mass: number;
  cMean: number;
  cMin: number;
  cMax: number;
  /** RMS local truncation error estimate of the step taken from this state (in c) */
  truncationError: number;
  /** elastic energy (part of freeEnergy; 0 without elasticity) */
  elasticEnergy: number;
  /** stress observables [scene stress unit]: NaN at steps where the stress was not evaluated */
  sigmaVmMax: number;
  sigma1Max: number;
  hotspotFraction: number;
  /**
   * stress by region (a CHR particle in an electrolyte or pore; NaN otherwise, where not evaluated, or where
   * the region is empty) [scene stress unit]: the largest sigma_1 in the particle (psi >= 1/2) and in the
   * matrix, and the largest normal traction n.sigma.n across the interface (tension positive)
   */
  sigma1Particle: number;
  sigma1Matrix: number;
  interfaceTension: number;
  /** iterative elasticity (inhomogeneous moduli): relative residual after this state's iterations and their running total */
  elasticResidual: number;
  elasticIterations: number;
  status: 'running' | 'finishing' | 'done' | 'failed';
  /**
   * Electrochemistry (scenes with model.reaction; 0 otherwise), of the step taken from this state:
   * voltage vs Li/Li+ [V], current density [A/m^2 of particle surface, insertion positive], capacity
   * (inserted fraction of the sites since the start).
   */
  voltage: number;
  current: number;
  capacity: number;
  /**
   * Electrodeposition scenes only (DepositionSimulation): tip position, interface length per width,
   * deposited Li, current densities and the bounds of c~ and xi, SI (electrodepositionObservables.ts).
   */
  deposition?: DepositionObservables;
}

const STATUS_NAMES = ['running', 'finishing', 'done', 'failed'] as const;

export interface ControlState {
  status: number;
  /** calls of the step kernels so far (history slots written) */
  step: number;
  /** accepted steps: the number of the current state (ETDRK4 rejects attempts; otherwise = step) */
  state: number;
  /** rejected attempts so far (ETDRK4; 0 otherwise) */
  rejected: number;
  recorded: number;
  time: number;
  dt: number;
  dtPrev: number;
  /** the step the controller chose before landing on tEnd (StepControl.dtProposed) */
  dtProposed: number;
}

/** Decode a control buffer laid out as StepControl, or as EtdControl (which extends it at the same offsets). */
export function decodeControl(data: ArrayBuffer, offset = 0, layout: typeof StepControl | typeof EtdControl = StepControl): ControlState {
  const v = new DataView(data, offset, layout.byteSize);
  const u = (name: string) => v.getUint32(layout.offsetOf(name), true);
  const f = (name: string) => v.getFloat32(layout.offsetOf(name), true);
  const etd = layout === EtdControl;
  return {
    status: u('status'),
    step: u('step'),
    state: etd ? u('state') : u('step'),
    rejected: etd ? u('rejected') : 0,
    recorded: u('recorded'),
    time: f('time'),
    dt: f('dt'),
    dtPrev: f('dtPrev'),
    dtProposed: f('dtProposed'),
  };
}

type StressColumns = 'sigmaVmMax' | 'sigma1Max' | 'hotspotFraction' | 'sigma1Particle' | 'sigma1Matrix' | 'interfaceTension';

function stressObservables(v: DataView, spec: Spec): Pick<Observables, StressColumns> {
  if (v.getUint32(HistoryRecord.offsetOf('stressEvaluated'), true) === 0) {
    return { sigmaVmMax: NaN, sigma1Max: NaN, hotspotFraction: NaN, sigma1Particle: NaN, sigma1Matrix: NaN, interfaceTension: NaN };
  }
  const f = (name: string) => v.getFloat32(HistoryRecord.offsetOf(name), true);
  // the reductions of an empty (or unevaluated) region give -3e38 (NO_STRESS in elasticity.ts)
  const region = (name: string) => (f(name) > -1e38 ? f(name) : NaN);
  // the stress kernels write the scene's stress unit already; without a strength there is no criterion
  const hotspotFraction = spec.elasticity?.strength || spec.elasticity?.matrixStrength ? f('hotspotFraction') : NaN;
  return {
    sigmaVmMax: f('sigmaVmMax'),
    sigma1Max: f('sigma1Max'),
    hotspotFraction,
    sigma1Particle: region('sigma1Particle'),
    sigma1Matrix: region('sigma1Matrix'),
    interfaceTension: region('interfaceTension'),
  };
}

/** 0: the record of a state; 1: a slot of a call that left no new state (shaders/ch/etd_step_control.wgsl). */
export function recordKind(data: ArrayBuffer, offset: number, index: number): number {
  return new DataView(data, offset + index * HistoryRecord.arrayStride, HistoryRecord.arrayStride).getUint32(HistoryRecord.offsetOf('kind'), true);
}

/** Decode history record number `index` (ring position) from `data` starting at `offset`. */
export function decodeRecord(data: ArrayBuffer, offset: number, index: number, spec: Spec): Observables {
  const v = new DataView(data, offset + index * HistoryRecord.arrayStride, HistoryRecord.arrayStride);
  const f = (name: string) => v.getFloat32(HistoryRecord.offsetOf(name), true);
  const s = spec.scales;
  // mass = integral of c over the sites: the box, or for a CHR particle integral of psi c dV = cMean V
  const particle = spec.scene.model.reaction?.mode === 'chr' ? smoothedBoundary(spec) : undefined;
  const volume = particle?.particleVolume ?? spec.size.reduce((a, b) => a * b, 1);
  const cMean = f('cMean');
  const status = v.getUint32(HistoryRecord.offsetOf('status'), true);
  return {
    step: v.getUint32(HistoryRecord.offsetOf('step'), true),
    time: f('time') * s.time,
    dt: f('dt') * s.time,
    freeEnergy: f('freeEnergy') * s.energy,
    bulkEnergy: f('bulkEnergy') * s.energy,
    gradientEnergy: f('gradientEnergy') * s.energy,
    mass: cMean * volume,
    cMean,
    cMin: f('cMin'),
    cMax: f('cMax'),
    truncationError: f('truncationError'),
    elasticEnergy: f('elasticEnergy') * s.energy,
    elasticResidual: f('elasticResidual'),
    elasticIterations: v.getUint32(HistoryRecord.offsetOf('elasticIterations'), true),
    ...stressObservables(v, spec),
    status: STATUS_NAMES[status] ?? 'failed',
    voltage: f('voltage'),
    current: f('current'),
    capacity: f('capacity'),
  };
}

