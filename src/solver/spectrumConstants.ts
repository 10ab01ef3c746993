/**
 * The spectrum's extents as pipeline constants of the spectral kernels (shaders/ch/wavevector.wgsl:
 * SPECTRUM_X, SPECTRUM_Y). With them the index arithmetic that recovers (mx, my, mz) from a mode's linear
 * index divides by constants: on lavapipe, which runs the invocations as SIMD lanes and has no vector
 * integer division, a spectral kernel of the Cahn-Hilliard update's shape takes about half the time
 * (scripts/bench-wavevector-index.ts, docs/benchmark.md "Wavevector index arithmetic"). The price is one
 * pipeline per spectrum shape, so it is used where compiling is cheap and the division is not: lavapipe.
 * SwiftShader compiles slowly (the viewport's e2e loop opens every bundled grid), and on GPUs (not measured
 * here) these kernels are bound by memory traffic, so both keep the uniform's extents.
 * SPINODE_SPECTRUM_CONSTANTS=0|1 (Node) forces it off or on, for A/B runs.
 */
import { isLavapipe, type GpuContext } from '../gpu/device.ts';

export type SpectrumConstants = { SPECTRUM_X: number; SPECTRUM_Y: number } | Record<string, never>;

/** Whether this device's spectral pipelines take the spectrum shape as constants. */
export function usesSpectrumConstants(gpu: GpuContext): boolean {
  const forced = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SPINODE_SPECTRUM_CONSTANTS;
  if (forced !== undefined) {
    if (forced !== '0' && forced !== '1') throw new RangeError(`SPINODE_SPECTRUM_CONSTANTS must be '0' or '1', got '${forced}'`);
    return forced === '1';
  }
  return isLavapipe(gpu.adapterInfo);
}

/** The override constants for a spectrum of shape [sx, sy, sz] (x fastest), or none. */
export function spectrumConstants(gpu: GpuContext, spectrumShape: readonly number[]): SpectrumConstants {
  return usesSpectrumConstants(gpu) ? { SPECTRUM_X: spectrumShape[0], SPECTRUM_Y: spectrumShape[1] ?? 1 } : {};
}
