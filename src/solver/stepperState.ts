/**
 * The state every spectral stepper keeps on the GPU: c and its half spectrum, the explicit potential
 * and its spectrum (also the inverse FFT's input), the previous increment (error estimate), the
 * GPU-resident clock and the history ring of observables.
 */
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { HistoryRecord, StepControl } from './layouts.ts';

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

export function createStepperState(gpu: GpuContext, label: string, cellCount: number, spectrumCount: number, controlBytes = StepControl.byteSize): StepperState {
  const real = cellCount * 4;
  const complex = spectrumCount * 8;
  return {
    concentration: createStorageBuffer(gpu, `${label}.concentration`, real),
    potential: createStorageBuffer(gpu, `${label}.potential`, real),
    spectrum: createStorageBuffer(gpu, `${label}.spectrum`, complex),
    potentialSpectrum: createStorageBuffer(gpu, `${label}.potentialSpectrum`, complex),
    previousIncrement: createStorageBuffer(gpu, `${label}.previousIncrement`, complex),
    control: createStorageBuffer(gpu, `${label}.control`, controlBytes),
    history: createStorageBuffer(gpu, `${label}.history`, HISTORY_CAPACITY * HistoryRecord.arrayStride),
  };
}
