// Cahn-Hilliard, one stage of the fourth-order exponential time-differencing Runge-Kutta step ETDRK4
// (Cox & Matthews, J. Comput. Phys. 176 (2002) 430, with the phi-function form of Kassam & Trefethen,
// SIAM J. Sci. Comput. 26 (2005) 1214) with an embedded second-order solution for the error estimate
// (the idea of Whalen, Brio & Moloney, J. Comput. Phys. 280 (2015) 579). Per mode of the half spectrum
// the equation is split into an exactly integrated linear part and an explicit rest,
//   dc_hat/dt = L c_hat + N_hat(c),   L = -M0 k^2 (A + kappa k^2 + B(n)),   N_hat = R_hat(c) - L c_hat,
// with R the full rate (ch/explicit_rate) and A the stabiliser (it only moves a linear term from N to L).
// With z = dt L, E = e^z, phi_1..3 the phi functions, E2 = e^{z/2}, Q = (dt/2) phi_1(z/2):
//   a  = E2 u + Q N(u)                          (STAGE 0; N(u) is stored from the commit)
//   b  = E2 u + Q N(a)                          (STAGE 1)
//   cc = E2 a + Q (2 N(b) - N(u))               (STAGE 2)
// or, with KROGSTAD (Krogstad, J. Comput. Phys. 203 (2005) 72; the same cost and final combination),
//   b  = a + dt phi_2(z/2) (N(a) - N(u)),   cc = E u + dt [(phi_1 - 2 phi_2) N(u) + 2 phi_2 N(b)]
//   u4 = E u + dt [(phi1 - 3 phi2 + 4 phi3) N(u) + 2 (phi2 - 2 phi3) (N(a) + N(b)) + (4 phi3 - phi2) N(cc)]
//   u2 = E u + dt [phi1 N(u) + phi2 (N(cc) - N(u))]          (ETDRK2 with the end stage cc; STAGE 3)
//   u2' = E u + dt [phi1 N(u) + phi2 (N(u4) - N(u))]         (ETDRK2 with the candidate's own N; STAGE 5)
// u4 is accumulated stage by stage into the accumulator slot; STAGE 3 also sums the local error
// estimate |u4 - u2|^2 (Parseval weights) and the gradient (and homogeneous elastic) energy of the
// candidate u4, and leaves E u + dt (phi1 - phi2) N(u) in slot a for STAGE 5. STAGE 5 runs after the
// candidate u4 has been evaluated (its g_hat in potentialSpectrum) and sums |u4 - u2'|^2 into the second
// half of spectralPartials. Both u2 and u2' are second order; the step control takes the larger distance.
// Why two: for modes with dt |L| >> 1 every phi_k dt tends to -1/L and u4, u2 both tend to -N(cc)/L, so
// |u4 - u2| vanishes however far the stages are from the slow manifold (the stages are then sweeps of a
// fixed-point iteration; docs/numerics.md, "Long steps near equilibrium"), while
// u4 - u2' -> (N(u4) - N(cc))/L, the progress one more sweep would make.
// STAGE 4 commits an accepted candidate: u = u4 and N(u) from the candidate's own g_hat
// (first same as last: the next step needs no extra evaluation).
// phi functions: phi_k(z) = sum_j z^j / (j + k)! for |z| < 1 (Horner, 10 terms: truncation < 3e-8),
// else phi_1 = (e^z - 1)/z, phi_{k+1} = (phi_k - 1/k!)/z (z <= -1: at most a factor 4 of cancellation).
//
// Bindings: spectrum u (read/write: STAGE 4 writes it), potentialSpectrum (read: g_hat of the stage
//   just evaluated; write: the next spectrum to transform back, since the inverse FFT consumes its
//   input), nonlinear N(u) (read/write: STAGE 4), stages (read/write: slots [a, b or cc, accumulator] of
//   `slot` vec2 each), spectralPartials (write, 2 x params.spectralPartialCount: STAGE 3 the first half,
//   (w |u4 - u2|^2, w k^2 |u4|^2, w B |u4|^2, w |u4|^2 for k != 0); STAGE 5 the second, (w |u4 - u2'|^2, 0, 0, 0)),
//   params (ChParams), control (EtdControl: dt, status, accepted), fluxX/Y/Z, modulus as in
//   ch/explicit_rate.
// Invariants: the k = 0 mode (the mass) is never changed: L = 0 and N = 0 there, and it is copied.
// While the control holds (priming, finishing, done, failed) the stages carry u through unchanged, so
// the candidate is the current state.

// #import lib/complex
// #import ch/wavevector
// #import ch/explicit_rate
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 1u;
override STAGE: u32 = 0u;
// elements between the stage slots (a multiple of the bind-group offset alignment)
override STAGE_STRIDE: u32 = 0u;
override VARIABLE_MOBILITY: bool = false;
override ELASTIC: bool = false;
override ELASTIC_EXPLICIT: bool = true;
// the stages b and cc of Krogstad (J. Comput. Phys. 203 (2005) 72) instead of Cox-Matthews' (time.etdStages)
override KROGSTAD: bool = false;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> nonlinear: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> stages: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> spectralPartials: array<vec4<f32>>;
@group(0) @binding(5) var<uniform> params: ChParams;
@group(0) @binding(6) var<storage, read> control: EtdControl;
@group(0) @binding(7) var<storage, read> fluxX: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read> fluxY: array<vec2<f32>>;
@group(0) @binding(9) var<storage, read> fluxZ: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read> modulus: array<f32>;

struct Phi {
  e: f32,
  p1: f32,
  p2: f32,
  p3: f32,
}

fn phi_functions(z: f32) -> Phi {
  var r: Phi;
  r.e = exp(z);
  if (abs(z) < 1.0) {
    // phi_k(z) = sum_{j=0}^{9} z^j / (j + k)!
    var p1 = 1.0 / 39916800.0; // 1/11!
    var p2 = 1.0 / 479001600.0; // 1/12!
    var p3 = 1.0 / 6227020800.0; // 1/13!
    var f1 = 39916800.0;
    var f2 = 479001600.0;
    var f3 = 6227020800.0;
    for (var j = 9; j >= 0; j = j - 1) {
      f1 = f1 / f32(j + 2);
      f2 = f2 / f32(j + 3);
      f3 = f3 / f32(j + 4);
      p1 = p1 * z + 1.0 / f1;
      p2 = p2 * z + 1.0 / f2;
      p3 = p3 * z + 1.0 / f3;
    }
    r.p1 = p1;
    r.p2 = p2;
    r.p3 = p3;
  } else {
    r.p1 = (r.e - 1.0) / z;
    r.p2 = (r.p1 - 1.0) / z;
    r.p3 = (r.p2 - 0.5) / z;
  }
  return r;
}

fn slot(s: u32, i: u32) -> u32 {
  return s * STAGE_STRIDE + i;
}

// Stage STAGE for mode i; returns the mode's share of the partial sums (STAGE 3 and 5; zero otherwise).
fn stage_mode(i: u32, hold: bool) -> vec4<f32> {
  var rec = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  {
    let k = wavevector(i);
    let k2 = dot(k, k);
    let linear = -params.mobility * k2 * (params.stabilizer + params.kappa * k2 + elastic_modulus(i));
    let dt = control.dt;
    let u = spectrum[i];
    let A = 0u;
    let B = 1u;
    let ACC = 2u;
    if (STAGE == 5u) {
      if (!hold && i != 0u) {
        let n4 = explicit_rate(i, k, potentialSpectrum[i], stages[slot(ACC, i)]) - linear * stages[slot(ACC, i)];
        let phi = phi_functions(dt * linear);
        let error = stages[slot(ACC, i)] - stages[slot(A, i)] - dt * phi.p2 * n4;
        rec = vec4<f32>(parseval_weight(i) * dot(error, error), 0.0, 0.0, 0.0);
      }
    } else if (STAGE == 4u) {
      if (control.accepted != 0u) {
        let candidate = stages[slot(ACC, i)];
        spectrum[i] = select(candidate, u, i == 0u);
        nonlinear[i] = explicit_rate(i, k, potentialSpectrum[i], candidate) - linear * candidate;
      }
    } else if (hold) {
      // priming, finishing, done or failed: the candidate is the state itself
      stages[slot(ACC, i)] = u;
      potentialSpectrum[i] = u;
      if (STAGE == 3u) {
        rec = vec4<f32>(0.0, parseval_weight(i) * k2 * dot(u, u), parseval_weight(i) * explicit_elastic_modulus(i) * dot(u, u), 0.0);
      }
    } else {
      let z = dt * linear;
      let phi = phi_functions(z);
      let half = phi_functions(0.5 * z);
      let q = 0.5 * dt * half.p1;
      let nu = nonlinear[i];
      var next = vec2<f32>(0.0, 0.0);
      if (STAGE == 0u) {
        let a = half.e * u + q * nu;
        stages[slot(A, i)] = a;
        stages[slot(ACC, i)] = phi.e * u + dt * (phi.p1 - 3.0 * phi.p2 + 4.0 * phi.p3) * nu;
        next = a;
      } else {
        let c = stages[slot(select(B, A, STAGE == 1u), i)];
        let n = explicit_rate(i, k, potentialSpectrum[i], c) - linear * c;
        var acc = stages[slot(ACC, i)];
        if (STAGE == 1u) {
          acc = acc + 2.0 * dt * (phi.p2 - 2.0 * phi.p3) * n;
          // Krogstad: b = a + dt phi_2(z/2) (N(a) - N(u)); Cox-Matthews: b = E2 u + Q N(a)
          next = select(half.e * u + q * n, stages[slot(A, i)] + dt * half.p2 * (n - nu), KROGSTAD);
          stages[slot(B, i)] = next;
        } else if (STAGE == 2u) {
          acc = acc + 2.0 * dt * (phi.p2 - 2.0 * phi.p3) * n;
          // Krogstad: cc = E u + dt [(phi_1 - 2 phi_2) N(u) + 2 phi_2 N(b)]; Cox-Matthews: cc = E2 a + Q (2 N(b) - N(u))
          next = select(half.e * stages[slot(A, i)] + q * (2.0 * n - nu), phi.e * u + dt * ((phi.p1 - 2.0 * phi.p2) * nu + 2.0 * phi.p2 * n), KROGSTAD);
          stages[slot(B, i)] = next;
        } else {
          acc = acc + dt * (4.0 * phi.p3 - phi.p2) * n;
          let base = phi.e * u + dt * (phi.p1 - phi.p2) * nu;
          stages[slot(A, i)] = base;
          let low = base + dt * phi.p2 * n;
          let w = parseval_weight(i);
          let error = select(acc - low, vec2<f32>(0.0, 0.0), i == 0u);
          rec = vec4<f32>(w * dot(error, error), w * k2 * dot(acc, acc), w * explicit_elastic_modulus(i) * dot(acc, acc),
                          select(w * dot(acc, acc), 0.0, i == 0u));
          next = acc;
        }
        if (i == 0u) { acc = u; }
        stages[slot(ACC, i)] = acc;
      }
      if (i == 0u) { next = u; }
      potentialSpectrum[i] = next;
    }
  }
  return rec;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let hold = control.status != 0u;
  var rec = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  // ITEMS modes per invocation, a workgroup's stride apart (on lavapipe an invocation costs about as much
  // as moving a few floats: docs/benchmark.md, "Elements per invocation")
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i < params.spectrumCount) {
      rec = rec + stage_mode(i, hold);
    }
  }
  if (STAGE != 3u && STAGE != 5u) { return; }
  let total = workgroup_sum(rec, lid);
  if (lid == 0u) { spectralPartials[select(0u, params.spectralPartialCount, STAGE == 5u) + wid] = total; }
}
