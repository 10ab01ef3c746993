/**
 * The state every spectral stepper keeps on the GPU: c and its half spectrum, the explicit potential
 * and its spectrum (also the inverse FFT's input), the previous increment (error estimate), the
 * GPU-resident clock and the history ring of observables.
 */
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { HistoryRecord, StepControl } from './layouts.ts';

/**
 * The declared state of a solver part (issue #25): every GPU buffer whose contents determine the next
 * step, by name (the checkpoint field name, /^[A-Za-z_][A-Za-z0-9_]*$/). Simulation copies exactly this
 * list for rollbacks, and checkpoints save and restore exactly this list, so a part that adds a buffer
 * carrying information from one step to the next (a stage spectrum, a warm start, a compensated-sum
 * residue) only adds it to its list. Scratch that every step rewrites before reading stays out.
 */
export type StateBuffers = [name: string, buffer: GPUBuffer][];

/**
 * Host-side values that determine the next step (e.g. an iteration count adapted from readbacks): plain
 * JSON numbers, saved in the checkpoint's state.json and handed back on resume.
 */
export interface HostState {
  hostState(): Record<string, number>;
  restoreHostState(saved: Record<string, number>): void;
}

/** The state every spectral stepper shares: c, its spectrum, the previous increment (error estimate) and the clock. */
export function coreStateBuffers(b: StepperState): StateBuffers {
  return [
    ['c', b.concentration],
    ['c_hat', b.spectrum],
    ['previous_increment', b.previousIncrement],
    ['step_control', b.control],
  ];
}

/** Rows of the history ring: observables of this many steps can wait for a readback. */
export const HISTORY_CAPACITY = 4096;

export interface StepperState {
  concentration: GPUBuffer;
  potential: GPUBuffer;
  spectrum: GPUBuffer;
  potentialSpectrum: GPUBuffer;
  previousIncrement: GPUBuffer;
  control: GPUBuffer;
  history: GPUBuffer;
}

/** `incrementBytes`: bytes per mode of previousIncrement (8, a complex value; a stepper may keep more per mode there). */
export function createStepperState(gpu: GpuContext, label: string, cellCount: number, spectrumCount: number, controlBytes = StepControl.byteSize, incrementBytes = 8): StepperState {
  const real = cellCount * 4;
  const complex = spectrumCount * 8;
  return {
    concentration: createStorageBuffer(gpu, `${label}.concentration`, real),
    potential: createStorageBuffer(gpu, `${label}.potential`, real),
    spectrum: createStorageBuffer(gpu, `${label}.spectrum`, complex),
    potentialSpectrum: createStorageBuffer(gpu, `${label}.potentialSpectrum`, complex),
    previousIncrement: createStorageBuffer(gpu, `${label}.previousIncrement`, spectrumCount * incrementBytes),
    control: createStorageBuffer(gpu, `${label}.control`, controlBytes),
    history: createStorageBuffer(gpu, `${label}.history`, HISTORY_CAPACITY * HistoryRecord.arrayStride),
  };
}
