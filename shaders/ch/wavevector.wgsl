// Library: the wavevector of mode i of a stepper's spectrum (kx fastest, params.spectrumShape), in
// internal units, and the Parseval weight of the mode. Needs `params` with shape, spectrumShape,
// inverseSize and basis (ChParams, AcrParams).
//
// Periodic box (basis = 0 on every axis): the half spectrum [nx/2 + 1, ny, nz] of RealFft,
// k = 2 pi (mx / Lx, my / Ly, mz / Lz) with signed mode numbers for y and z; the weight is 2 for modes
// whose conjugate twin the half spectrum leaves out, 1 for kx = 0 and kx = nx/2.
// Walls (src/fft/realToRealFft.ts): the full spectrum [nx, ny, nz], per axis
//   basis 0 periodic  k = 2 pi m' / L (m' signed in (-n/2, n/2]),  weight 1
//   basis 1 cosine    k = pi m / L        (no-flux walls),           weight 1 for m = 0, else 2
//   basis 2 sine      k = pi (m + 1) / L  (fixed-value walls),       weight 1 for m = n - 1, else 2
// and the weight of a mode is the product over the axes: sum_x |c|^2 = (1/N) sum_k w_k |c_hat_k|^2 for
// each basis (docs/boundaries.md), and the same with k^2 for sum_x |grad c|^2 on periodic and cosine axes.
const TWO_PI: f32 = 6.283185307179586;
const PI: f32 = 3.141592653589793;

fn signed_mode(i: u32, n: u32) -> f32 {
  return select(f32(i), f32(i) - f32(n), i > n / 2u);
}

// The spectrum's x and y extents as pipeline constants (0: take them from params). A pipeline that sets
// them divides by constants, which a CPU adapter compiles to a multiply and a shift instead of a scalar
// division per SIMD lane (docs/benchmark.md "Wavevector index arithmetic"; src/solver/spectrumConstants.ts).
override SPECTRUM_X: u32 = 0u;
override SPECTRUM_Y: u32 = 0u;

fn spectral_index(i: u32) -> vec3<u32> {
  let sx = select(params.spectrumShape.x, SPECTRUM_X, SPECTRUM_X != 0u);
  let sy = select(params.spectrumShape.y, SPECTRUM_Y, SPECTRUM_Y != 0u);
  return vec3<u32>(i % sx, (i / sx) % sy, i / (sx * sy));
}

fn axis_wavenumber(basis: u32, m: u32, n: u32, inverseLength: f32) -> f32 {
  if (basis == 1u) { return PI * f32(m) * inverseLength; }
  if (basis == 2u) { return PI * f32(m + 1u) * inverseLength; }
  return TWO_PI * signed_mode(m, n) * inverseLength;
}

fn wavevector(i: u32) -> vec3<f32> {
  let m = spectral_index(i);
  let b = params.basis;
  let s = params.shape;
  let inv = params.inverseSize;
  return vec3<f32>(axis_wavenumber(b.x, m.x, s.x, inv.x), axis_wavenumber(b.y, m.y, s.y, inv.y), axis_wavenumber(b.z, m.z, s.z, inv.z));
}

// The wavevector for odd (first) derivatives: the Nyquist mode of an even axis has no first derivative
// on the grid (its sine vanishes at the nodes), so that component is zero, as in the FFT's fused
// derivatives; otherwise the Hermitian symmetry of a real field's spectrum would break. Walled axes have
// no first derivative in their own basis (it turns cosines into sines): zero as well (the scene schema
// refuses every model that would need one).
fn derivative_wavevector(i: u32) -> vec3<f32> {
  let index = spectral_index(i);
  let nyquist = 2u * index == params.shape.xyz;
  let walled = params.basis.xyz != vec3<u32>(0u);
  return select(wavevector(i), vec3<f32>(0.0), nyquist | walled);
}

fn axis_parseval_weight(basis: u32, m: u32, n: u32) -> f32 {
  if (basis == 1u) { return select(2.0, 1.0, m == 0u); }
  if (basis == 2u) { return select(2.0, 1.0, m + 1u == n); }
  return 1.0;
}

fn parseval_weight(i: u32) -> f32 {
  let m = spectral_index(i);
  let b = params.basis;
  if (all(b.xyz == vec3<u32>(0u))) {
    return select(2.0, 1.0, m.x == 0u || 2u * m.x == params.shape.x);
  }
  let s = params.shape;
  return axis_parseval_weight(b.x, m.x, s.x) * axis_parseval_weight(b.y, m.y, s.y) * axis_parseval_weight(b.z, m.z, s.z);
}
