// Cahn-Hilliard, Fourier-space part of one stabilised semi-implicit step (Zhu, Chen, Shen & Tikare,
// PRE 60 (1999) 3564; DESIGN.md 3.2), for every mode k of the half spectrum:
//
//   (1 + dt M0 k^2 (A + kappa k^2)) (c_hat' - c_hat) = dt N_hat
//
// with the explicit rate N = div(M grad mu) of the state, and with homogeneous-modulus elasticity
// (ELASTIC) B(n) added to the implicit operator and mu_el_hat = B(n) c_hat to mu (Khachaturyan; the
// modulus table comes from shaders/elastic/khachaturyan_modulus.wgsl):
//   constant mobility  N_hat = -M0 k^2 (g_hat + kappa k^2 c_hat),   g = f'(c)
//     (the same as (1 + dt M k^2 (A + kappa k^2)) c_hat' = c_hat (1 + dt M k^2 A) - dt M k^2 g_hat)
//   variable mobility  N_hat = i k . J_hat,  J = M(c) grad mu  (mobility_flux.wgsl), M0 = max M
// The implicit part damps the stiff kappa k^4 modes and, through A, the explicit f'(c) at large steps.
//
// Accuracy estimate of the step: for a first-order scheme the local truncation error is dt^2/2 c_tt;
// with the increments delta_n = c^{n+1} - c^n of this and the previous step,
//   lte_hat = dt (delta_n - delta_{n-1} dt / dt_prev) / (dt + dt_prev)
// (a divided difference of the rates delta/dt: the Milne-device idea of estimating the error from the
// solution's own history). Per workgroup the kernel also sums the gradient energy of the state the step
// starts from, by Parseval: sum_x |grad c|^2 = (1/N) sum_k w_k k^2 |c_hat_k|^2.
//
// Bindings: spectrum c_hat (read/write, state), potentialSpectrum g_hat (read; overwritten with c_hat' as
//   the input of the inverse FFT), previousIncrement delta (read/write), spectralPartials (write:
//   (w |lte|^2, w k^2 |c_hat|^2, w B |c_hat|^2, 0)), params (ChParams), control (read: dt, dtPrev, status),
//   fluxX/Y/Z J_hat (read; variable mobility only, a placeholder otherwise), modulus B(n) (read;
//   elasticity only, a placeholder otherwise).
// Invariants: the k = 0 mode (the mass) is left exactly unchanged. Once the run is finishing, done or
// failed, c_hat is held, so the inverse FFT reproduces the same c bit for bit.

// #import lib/complex
// #import ch/wavevector
// #import ch/explicit_rate
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override VARIABLE_MOBILITY: bool = false;
override ELASTIC: bool = false;
// false: B(n) only stabilises the implicit side (inhomogeneous moduli: mu_el is already in g)
override ELASTIC_EXPLICIT: bool = true;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> previousIncrement: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> spectralPartials: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> params: ChParams;
@group(0) @binding(5) var<storage, read> control: StepControl;
@group(0) @binding(6) var<storage, read> fluxX: array<vec2<f32>>;
@group(0) @binding(7) var<storage, read> fluxY: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read> fluxZ: array<vec2<f32>>;
@group(0) @binding(9) var<storage, read> modulus: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let dt = control.dt;
  let dtPrev = control.dtPrev;
  let running = control.status == 0u;
  var rec = vec3<f32>(0.0, 0.0, 0.0);
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i < params.spectrumCount) {
      let k = wavevector(i);
      let k2 = dot(k, k);
      let w = parseval_weight(i);
      let b = elastic_modulus(i);
      let cOld = spectrum[i];
      var cNew = cOld;
      if (running) {
        let implicit = 1.0 + dt * params.mobility * k2 * (params.stabilizer + params.kappa * k2 + b);
        cNew = cOld + dt * explicit_rate(i, k, potentialSpectrum[i], cOld) / implicit;
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
      rec.z = rec.z + w * explicit_elastic_modulus(i) * dot(cOld, cOld);
      potentialSpectrum[i] = cNew;
    }
  }
  let total = workgroup_sum(vec4<f32>(rec, 0.0), lid);
  if (lid == 0u) { spectralPartials[wid] = total; }
}
