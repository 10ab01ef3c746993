/**
 * What Simulation needs from a time stepper (snapshots, rollback, readback of the history ring). The
 * steppers implement it; the choice of stepper for a scene is createStepper.ts (kept apart so that this
 * module imports no stepper, issue 17).
 */
import type { SpectralTransform } from './spectralTransform.ts';
import type { StateBuffers } from './stepperState.ts';

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
