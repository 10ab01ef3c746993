// Library: the wavevector of mode i of the half spectrum [nx/2 + 1, ny, nz] (kx fastest), in internal
// units, k = 2 pi (mx / Lx, my / Ly, mz / Lz) with signed mode numbers for y and z; and the Parseval
// weight of the mode (2 for modes whose conjugate twin the half spectrum leaves out, 1 for kx = 0 and
// kx = nx/2). Needs `params: ChParams` (shape, spectrumShape, inverseSize).
const TWO_PI: f32 = 6.283185307179586;

fn signed_mode(i: u32, n: u32) -> f32 {
  return select(f32(i), f32(i) - f32(n), i > n / 2u);
}

fn wavevector(i: u32) -> vec3<f32> {
  let hx = params.spectrumShape.x;
  let ny = params.shape.y;
  let ix = i % hx;
  let iy = (i / hx) % ny;
  let iz = i / (hx * ny);
  return TWO_PI * vec3<f32>(f32(ix), signed_mode(iy, ny), signed_mode(iz, params.shape.z)) * params.inverseSize.xyz;
}

// The wavevector for odd (first) derivatives: the Nyquist mode of an even axis has no first derivative
// on the grid (its sine vanishes at the nodes), so that component is zero, as in the FFT's fused
// derivatives; otherwise the Hermitian symmetry of a real field's spectrum would break.
fn derivative_wavevector(i: u32) -> vec3<f32> {
  let hx = params.spectrumShape.x;
  let ny = params.shape.y;
  let nz = params.shape.z;
  let index = vec3<u32>(i % hx, (i / hx) % ny, i / (hx * ny));
  let nyquist = 2u * index == params.shape.xyz;
  return select(wavevector(i), vec3<f32>(0.0), nyquist);
}

fn parseval_weight(i: u32) -> f32 {
  let ix = i % params.spectrumShape.x;
  return select(2.0, 1.0, ix == 0u || 2u * ix == params.shape.x);
}
