/**
 * What Simulation needs from a time stepper (snapshots, rollback, readback of the history ring), and
 * the choice of stepper for a scene: Cahn-Hilliard for a closed particle, Allen-Cahn-reaction for a
 * platelet with `model.reaction.mode = "acr"`, Cahn-Hilliard-reaction for a particle with a surface
 * reaction (`"chr"`).
 */
import type { GpuContext } from '../gpu/device.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import type { SpectralTransform } from './spectralTransform.ts';
import type { StateBuffers } from './stepperState.ts';
import type { Spec } from '../scene/resolve.ts';
import { electrochemistryOf } from '../scene/resolveElectrochemistry.ts';
import { CahnHilliardStepper } from './cahnHilliard.ts';
import { AllenCahnReactionStepper } from './allenCahnReaction.ts';
import { CahnHilliardReactionStepper } from './cahnHilliardReaction.ts';

export interface StepTimer {
  pass(name: string): GPUComputePassTimestampWrites | undefined;
}

export interface Stepper {
  readonly buffers: {
    concentration: GPUBuffer;
    spectrum: GPUBuffer;
    previousIncrement: GPUBuffer;
    control: GPUBuffer;
    history: GPUBuffer;
  };
  readonly fft: SpectralTransform;
  readonly cellCount: number;
  /** bytes of GPU memory the stepper holds, excluding FFT scratch */
  readonly stateBytes: number;
  initialize(concentration: Float64Array, dtInitial: number): void;
  /** The GPU buffers that determine the next step (stepperState.ts: StateBuffers): what checkpoints and rollbacks copy. */
  stateBuffers(): StateBuffers;
  encodeStep(encoder: GPUCommandEncoder, timer?: StepTimer): void;
  /**
   * The largest step (internal units) the adaptive controller may choose from now on: the scene's dtMax,
   * or less after a blow-up (Simulation.rollback), so that a retried chunk cannot grow its step straight
   * back to the one that failed. No effect with a fixed step.
   */
  setStepLimit(dtMax: number): void;
  /** Record mu of the current state (scene units) into `output` (cellCount f32), for views and outputs. */
  encodeChemicalPotential(encoder: GPUCommandEncoder, output: GPUBuffer): void;
  dispose(): void;
}

/** The steppers there are (a union, so Simulation can reach a stepper's optional extras such as `elasticity`). */
export type SceneStepper = CahnHilliardStepper | AllenCahnReactionStepper | CahnHilliardReactionStepper;

export function createStepper(gpu: GpuContext, spec: Spec, cache: PipelineCache): SceneStepper {
  const ec = electrochemistryOf(spec);
  if (ec?.reaction.mode === 'acr') return new AllenCahnReactionStepper(gpu, spec, cache);
  if (ec?.reaction.mode === 'chr') return new CahnHilliardReactionStepper(gpu, spec, cache);
  return new CahnHilliardStepper(gpu, spec, cache);
}
