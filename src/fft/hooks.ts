/**
 * Fusion hooks: pointwise WGSL that runs inside the first and last passes of a transform, so work such
 * as f'(c) before the forward FFT or the semi-implicit spectral update after it costs no extra pass over
 * memory (DESIGN.md section 3.3).
 *
 * A hook is WGSL text that defines one function with a fixed name and signature, plus whatever helpers
 * and `@group(1) @binding(i)` resources it needs; `bindings[i]` is bound to `@binding(i)`. Each hook
 * runs in exactly one pass, and that pass gets its own group 1, so hooks do not share binding numbers.
 * Every listed binding must be used by the hook's code (pipelines use the 'auto' layout).
 *
 * | hook          | runs                                | WGSL function (RealFft / ComplexFft)                                      |
 * |---------------|-------------------------------------|---------------------------------------------------------------------------|
 * | forwardInput  | on each input value as the first    | `fn fft_forward_input(cell: u32, value: f32) -> f32`                       |
 * |               | forward pass loads it               | `fn fft_forward_input(cell: u32, value: vec2<f32>) -> vec2<f32>`           |
 * | forwardOutput | on each spectral value as the last  | `fn fft_forward_output(mode: vec3<i32>, index: u32, value: vec2<f32>) -> vec2<f32>` |
 * |               | forward pass stores it              |                                                                           |
 * | inverseInput  | on each spectral value as the first | `fn fft_inverse_input(mode: vec3<i32>, index: u32, value: vec2<f32>) -> vec2<f32>`  |
 * |               | inverse pass loads it               |                                                                           |
 * | inverseOutput | on each output value (normalised)   | `fn fft_inverse_output(cell: u32, value: f32) -> f32`                      |
 * |               | as the last inverse pass stores it  | `fn fft_inverse_output(cell: u32, value: vec2<f32>) -> vec2<f32>`          |
 *
 * - `cell` is the linear index into the real-space buffer (x fastest, then y, z, batch).
 * - `index` is the linear index into the spectrum buffer (kx fastest); `mode` are the signed mode numbers
 *   (mx, my, mz) in (-n/2, n/2] (RealFft: mx = 0 .. nx/2). The wavevector is k = 2 pi mode / L.
 * - The returned value is what the FFT stores/transforms. A hook may also read or write its own buffers
 *   (e.g. keep a copy of c_hat), but must not bind the FFT's own input/output buffers.
 * - Functions of shaders/lib/complex.wgsl (cmul, conj, mul_i, ...) are available.
 * - With a fused derivative (inverse(..., { derivativeAxis })) the inverseInput hook runs first, then i k.
 */
import type { HookPoint } from './plan.ts';

export interface FftHook {
  /** WGSL defining the hook function (see the table above) and any helpers / @group(1) bindings. */
  code: string;
  /** Resources for `@group(1) @binding(i)`, i = position in this list. */
  bindings?: GPUBindingResource[];
}

export type FftHooks = Partial<Record<HookPoint, FftHook>>;

const IDENTITY_LOAD = 'fn fft_load_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return value; }';
const IDENTITY_STORE = 'fn fft_store_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return value; }';

/**
 * Adapters from the kernel's fft_load_hook / fft_store_hook (which see device addresses of vec2 values)
 * to the user-facing signatures. Real buffers are read as pairs of f32, so a real-space hook runs twice
 * per vec2, on cells 2a and 2a + 1.
 */
const ADAPTERS: Record<HookPoint, { real: string; complex: string }> = {
  forwardInput: {
    real: 'fn fft_load_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return vec2<f32>(fft_forward_input(2u * address, value.x), fft_forward_input(2u * address + 1u, value.y)); }',
    complex: 'fn fft_load_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return fft_forward_input(address, value); }',
  },
  inverseInput: {
    real: 'fn fft_load_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return fft_inverse_input(spectral_mode(address), address, value); }',
    complex: 'fn fft_load_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return fft_inverse_input(spectral_mode(address), address, value); }',
  },
  forwardOutput: {
    real: 'fn fft_store_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return fft_forward_output(spectral_mode(address), address, value); }',
    complex: 'fn fft_store_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return fft_forward_output(spectral_mode(address), address, value); }',
  },
  inverseOutput: {
    real: 'fn fft_store_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return vec2<f32>(fft_inverse_output(2u * address, value.x), fft_inverse_output(2u * address + 1u, value.y)); }',
    complex: 'fn fft_store_hook(address: u32, value: vec2<f32>) -> vec2<f32> { return fft_inverse_output(address, value); }',
  },
};

export interface PassHooks {
  /** WGSL prepended to the Stockham kernel (defines fft_load_hook and fft_store_hook). */
  prelude: string;
  /** The user hook whose bindings go into group 1 of this pass, if any. */
  bound?: FftHook;
}

/** The prelude and group-1 owner for a pass with the given load/store hook points. */
export function passHooks(hooks: FftHooks, real: boolean, loadPoint: HookPoint | undefined, storePoint: HookPoint | undefined): PassHooks {
  const parts: string[] = [];
  const withBindings: FftHook[] = [];
  const use = (point: HookPoint | undefined, identity: string) => {
    const hook = point ? hooks[point] : undefined;
    if (!point || !hook) {
      parts.push(identity);
      return;
    }
    parts.push(hook.code, ADAPTERS[point][real ? 'real' : 'complex']);
    if (hook.bindings && hook.bindings.length > 0) withBindings.push(hook);
  };
  use(loadPoint, IDENTITY_LOAD);
  use(storePoint, IDENTITY_STORE);
  if (withBindings.length > 1) {
    throw new Error('two hooks with bindings fall into the same pass (a one-axis transform); give only one of them bindings');
  }
  return { prelude: parts.join('\n'), bound: withBindings[0] };
}
