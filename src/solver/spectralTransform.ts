/** The spectral transform of a scene's box: RealFft in a periodic box, RealToRealFft with walls (src/solver/spectralBasis.ts). */
import type { GpuContext } from '../gpu/device.ts';
import type { GpuTimer } from '../gpu/timing.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import { RealFft } from '../fft/realFft.ts';
import { RealToRealFft } from '../fft/realToRealFft.ts';
import type { Spec } from '../scene/resolve.ts';
import { axisTransforms, hasWalls } from './spectralBasis.ts';

export type SpectralTransform = RealFft | RealToRealFft;

/** The transform a stepper uses for the scene's box. */
export function createSpectralTransform(gpu: GpuContext, spec: Spec, options: { cache: PipelineCache; label: string; timer?: GpuTimer }): SpectralTransform {
  if (hasWalls(spec)) return new RealToRealFft(gpu, spec.shape, axisTransforms(spec), { cache: options.cache, label: options.label });
  // Box lengths in internal units, so fused derivatives use the same k as the update kernels.
  return new RealFft(gpu, spec.shape, { cache: options.cache, label: options.label, lengths: spec.internal.size, timer: options.timer });
}
