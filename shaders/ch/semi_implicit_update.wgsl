// Cahn-Hilliard, Fourier-space part of one stabilised semi-implicit step (Zhu, Chen, Shen & Tikare,
// PRE 60 (1999) 3564; DESIGN.md 3.2), for every mode k of the half spectrum:
//
//   (1 + dt M k^2 (A + kappa k^2)) c_hat' = c_hat (1 + dt M k^2 A) - dt M k^2 g_hat,   g = f'(c)
//
// plus the accuracy estimate of the step. For a first-order scheme the local truncation error is
// dt^2/2 c_tt; with the increments delta_n = c^{n+1} - c^n of this and the previous step,
//   lte_hat = dt (delta_n - delta_{n-1} dt / dt_prev) / (dt + dt_prev)
// (a divided difference of the rates delta/dt; the Milne-device idea of estimating the error from
// the solution's own history). Per workgroup this kernel also sums the gradient energy of the state
// the step starts from, by Parseval: sum_x |grad c|^2 = (1/N) sum_k w_k k^2 |c_hat_k|^2, with w_k = 2 for
// the modes whose conjugate twins the half spectrum leaves out, 1 for kx = 0 and kx = nx/2.
//
// Bindings: spectrum c_hat (read/write, state), potentialSpectrum g_hat (read; overwritten with c_hat'
//   as the input of the inverse FFT), previousIncrement delta (read/write), spectralPartials (write:
//   (w |lte|^2, w k^2 |c_hat|^2, 0, 0)), params (ChParams), control (read: dt, dtPrev, status).
// Invariants: the k = 0 mode (the mass) is left exactly unchanged.

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
const TWO_PI: f32 = 6.283185307179586;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> previousIncrement: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> spectralPartials: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> params: ChParams;
@group(0) @binding(5) var<storage, read> control: StepControl;

var<workgroup> shared_rec: array<vec2<f32>, WORKGROUP_SIZE>;

fn signed_index(i: u32, n: u32) -> f32 {
  return select(f32(i), f32(i) - f32(n), i > n / 2u);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let dt = control.dt;
  let dtPrev = control.dtPrev;
  let hx = params.spectrumShape.x;
  let ny = params.shape.y;
  let nz = params.shape.z;
  // Once the run is finishing, done or failed the state is held: c_hat' = c_hat, so the inverse FFT
  // reproduces the same c bit for bit and the statistics still describe the final state.
  let running = control.status == 0u;
  var rec = vec2<f32>(0.0, 0.0);
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i < params.spectrumCount) {
      let ix = i % hx;
      let iy = (i / hx) % ny;
      let iz = i / (hx * ny);
      let k = TWO_PI * vec3<f32>(f32(ix), signed_index(iy, ny), signed_index(iz, nz)) * params.inverseSize.xyz;
      let k2 = dot(k, k);
      let cOld = spectrum[i];
      let w = select(2.0, 1.0, ix == 0u || 2u * ix == params.shape.x);
      var cNew = cOld;
      if (running) {
        let g = potentialSpectrum[i];
        let dtMk2 = dt * params.mobility * k2;
        cNew = (cOld * (1.0 + dtMk2 * params.stabilizer) - dtMk2 * g)
             / (1.0 + dtMk2 * (params.stabilizer + params.kappa * k2));
        let delta = cNew - cOld;
        var lte = vec2<f32>(0.0, 0.0);
        if (dtPrev > 0.0) {
          lte = dt * (delta - previousIncrement[i] * (dt / dtPrev)) / (dt + dtPrev);
        }
        rec.x = rec.x + w * dot(lte, lte);
        spectrum[i] = cNew;
        previousIncrement[i] = delta;
      }
      rec.y = rec.y + w * k2 * dot(cOld, cOld);
      potentialSpectrum[i] = cNew;
    }
  }
  shared_rec[lid] = rec;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) { shared_rec[lid] = shared_rec[lid] + shared_rec[lid + stride]; }
    stride = stride / 2u;
  }
  if (lid == 0u) { spectralPartials[wid] = vec4<f32>(shared_rec[0], 0.0, 0.0); }
}
