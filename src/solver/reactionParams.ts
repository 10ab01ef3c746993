/**
 * The uniform parameters the two reaction steppers share (the AcrParams fields, which ChrParams extends):
 * grid, free energy, step control, kinetics and units, in internal units. The Allen-Cahn-reaction
 * platelet (allenCahnReaction.ts) and the CHR particle (cahnHilliardReaction.ts) add their own fields.
 */
import { freeEnergy, type FreeEnergyParams } from '../physics/freeEnergy.ts';
import { DEFAULT_GROWTH_PER_STEP, type Spec } from '../scene/resolve.ts';
import type { Electrochemistry } from '../scene/resolveElectrochemistry.ts';
import { gridFields, modelAndControlFields } from './uniformFields.ts';
import { HISTORY_CAPACITY } from './stepperState.ts';
import { AcrParams, ReactionControl, REACTION_MODE } from './electrochemLayouts.ts';
import type { ReactionSetpoint } from '../scene/resolveElectrochemistry.ts';
import { ChParams } from './layouts.ts';
import { createUniformBuffer, readFloat32 } from '../gpu/buffers.ts';

/** The shared AcrParams fields (all but the per-stepper ones). */
export type ReactionParamFields = Omit<Parameters<typeof AcrParams.pack>[0], 'siteTotal' | 'siteMeasure' | 'growthMobility'>;

/**
 * The step caps of reaction scenes from time.control.growthPerStep g (default 0.05): a growing
 * perturbation changes by at most g per adaptive step, the mean filling by at most g / 10 (200 steps
 * per full discharge at least with the default).
 */
export function growthPerStep(spec: Spec): number {
  const control = spec.internal.control;
  return control.kind === 'accuracy' ? control.growthPerStep : DEFAULT_GROWTH_PER_STEP;
}
/** EXCHANGE_FORM of electrochem/exchange_current. */
export const EXCHANGE_FORMS = { constant: 0, concentration: 1, activity: 2 } as const;

/** The most negative curvature f''(c) over (0, 1) (internal units). */
export function minCurvature(fe: FreeEnergyParams): number {
  const f = freeEnergy(fe);
  let min = Infinity;
  for (let i = 1; i < 1000; i++) min = Math.min(min, f.d2f(i / 1000));
  return min;
}

/** growthStep of AcrParams: g / max(|min f''|, kT) (g = growthPerStep), or no cap without a spinodal. */
export function growthStep(fe: FreeEnergyParams, thermalEnergy: number, perStep: number): number {
  const curvature = minCurvature(fe);
  return curvature < 0 ? perStep / Math.max(thermalEnergy, -curvature) : 1e30;
}

export interface ReactionGrid {
  cellCount: number;
  spectrumCount: number;
  cellPartialCount: number;
  spectralPartialCount: number;
  /** the stabiliser A of the implicit side (internal units) */
  stabilizer: number;
}

/** The AcrParams fields both steppers fill the same way (siteTotal, siteMeasure and growthMobility are theirs). */
export function reactionParamFields(spec: Spec, ec: Electrochemistry, grid: ReactionGrid): ReactionParamFields {
  const internal = spec.internal;
  return {
    ...gridFields(spec),
    ...modelAndControlFields(spec),
    cellCount: grid.cellCount,
    spectrumCount: grid.spectrumCount,
    cellPartialCount: grid.cellPartialCount,
    spectralPartialCount: grid.spectralPartialCount,
    stabilizer: grid.stabilizer,
    cLow: -0.1,
    cHigh: 1.1,
    historyCapacity: HISTORY_CAPACITY,
    alpha: ec.law.alpha,
    rateScale: ec.internal.rateScale,
    thermalEnergy: ec.internal.thermalEnergy,
    referencePotential: ec.referencePotential,
    voltsPerEnergy: ec.internal.voltsPerEnergy,
    currentPerRate: ec.internal.currentPerRate,
    cMeanInitial: 0,
    maxFillPerStep: growthPerStep(spec) / 10,
    growthPerStep: growthPerStep(spec),
    growthStep: growthStep(internal.freeEnergy, ec.internal.thermalEnergy, growthPerStep(spec)),
    noiseStrength: (ec.reaction.fluctuations ** 2 * 2 * ec.internal.thermalEnergy) / ec.sitesPerCell,
    noiseSeed: ec.reaction.seed,
    logRateFactor: 0,
    reorganization: ec.law.kind === 'marcus' ? (ec.law.reorganization ?? 0) * ec.internal.thermalEnergy : 0,
  };
}

/**
 * The ChParams uniform the homogeneous-modulus ElasticModel reads in a reaction stepper (coherency
 * strain): only its grid fields matter there, the rest stay zero.
 */
export function coherencyGridParams(device: GPUDevice, label: string, spec: Spec, counts: { cellCount: number; spectrumCount: number }): GPUBuffer {
  const buffer = createUniformBuffer(device, `${label}.gridParams`, ChParams.byteSize);
  const values: Record<string, number | number[]> = Object.fromEntries(ChParams.fields.map((f) => [f.name, f.components === 1 ? 0 : new Array<number>(f.components).fill(0)]));
  Object.assign(values, { ...gridFields(spec), cellCount: counts.cellCount, spectrumCount: counts.spectrumCount });
  device.queue.writeBuffer(buffer, 0, ChParams.pack(values as unknown as Parameters<typeof ChParams.pack>[0]));
  return buffer;
}

/** Impose a protocol step on a reaction stepper's ReactionControl buffer from the next submitted step on (clears the step-ended flag). */
export function writeSetpoint(device: GPUDevice, reactionControl: GPUBuffer, setpoint: ReactionSetpoint): void {
  const bytes = ReactionControl.pack({
    mode: setpoint.mode === 'voltage' ? REACTION_MODE.voltage : REACTION_MODE.current,
    setpoint: setpoint.setpoint,
    cutoffActive: setpoint.cutoff === undefined ? 0 : 1,
    cutoff: setpoint.cutoff ?? 0,
    tripped: 0,
    endTime: setpoint.endTime ?? 0,
    minRate: setpoint.minRate ?? 0,
  });
  device.queue.writeBuffer(reactionControl, 0, bytes);
}

/**
 * Whether the protocol step has ended on the GPU (cut-off, end time, end current): an asynchronous read of
 * the ReactionControl buffer, ordered after the work submitted so far. The cycler polls it between chunks.
 */
export async function readProtocolStepEnded(device: GPUDevice, reactionControl: GPUBuffer): Promise<boolean> {
  const words = await readFloat32(device, reactionControl);
  return new Uint32Array(words.buffer, words.byteOffset, words.length)[ReactionControl.offsetOf('tripped') / 4] !== 0;
}
