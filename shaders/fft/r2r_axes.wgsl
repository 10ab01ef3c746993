// Library for the real-to-real transform kernels (shaders/fft/r2r_*.wgsl, src/fft/realToRealFft.ts):
// grid coordinates, the per-axis transform kinds and Makhoul's even/odd reordering.
//
// Makhoul (IEEE Trans. ASSP 28 (1980) 27): the N-point DCT-II of x equals Re(w_k V[k]) with
// w_k = e^{-i pi k / (2N)} and V the N-point DFT of the reordered line v[n] = x[2n] (2n < N),
// v[n] = x[2(N-1-n) + 1] (otherwise): evens ascending, then odds descending. Valid for any N.
// Needs `params: R2rParams` (shape, kinds). The twiddle kernels read w_k of axis a, k < N_a, at
// twiddles[params.twiddleOffset[a] + k] (float64-computed on the CPU, src/fft/realToRealFft.ts).

const AXIS_PERIODIC: u32 = 0u;
const AXIS_COSINE: u32 = 1u;
const AXIS_SINE: u32 = 2u;

fn r2r_coords(i: u32) -> vec3<u32> {
  let s = params.shape;
  return vec3<u32>(i % s.x, (i / s.x) % s.y, i / (s.x * s.y));
}

fn r2r_index(c: vec3<u32>) -> u32 {
  return c.x + params.shape.x * (c.y + params.shape.y * c.z);
}

// Sample of x held at position n of the reordered line of length len.
fn makhoul_source(n: u32, len: u32) -> u32 {
  return select(2u * (len - 1u - n) + 1u, 2u * n, 2u * n < len);
}

// Position in the reordered line of sample m (the inverse of makhoul_source).
fn makhoul_position(m: u32, len: u32) -> u32 {
  return select(len - 1u - (m - 1u) / 2u, m / 2u, (m & 1u) == 0u);
}

// A sine axis stores DST-II coefficient S[k] at k; it equals the DCT-II coefficient N-1-k of the
// sign-alternated line ((-1)^n x[n]). This maps a DCT index to the stored index and back.
fn r2r_stored_index(kind: u32, j: u32, len: u32) -> u32 {
  return select(j, len - 1u - j, kind == AXIS_SINE);
}
