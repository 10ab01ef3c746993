// CHR particle step, part 4: the stabilised semi-implicit Fourier step of the composition c = u / psi
// (smoothed boundary, DESIGN.md 3.2 and 3.5), for every mode k of the half spectrum:
//
//   dc/dt = N / psi,   N = div(psi M grad mu) + w R           (chr_divergence.wgsl; w R: reaction_rate, WEIGHTED)
//   (1 + dt S(k)) dc_hat = dt (N / psi)_hat       k != 0;     dc_hat(0) = dt (N / psi)_hat(0)
//   S(k) = (Mbar k^2 + D) (A + kappa k^2 + B(n))
//
// The increment dc is then turned into the increment of the Li content u = psi c by chr_accumulate.wgsl,
// which imposes the inserted charge exactly. Why the implicit side acts on c and not on u: at large steps
// (1 + dt S)^-1 relaxes every k != 0 mode, so the increment tends to a uniform one. Uniform in c is the
// right limit of fast diffusion (a uniformly filling particle, the exterior's c following it); uniform in
// u would pour Li into the exterior cells, whose c = u / psi_min amplifies it a thousandfold.
// Stability (Zhu, Chen, Shen & Tikare, PRE 60 (1999) 3564 for the diffusion part; the ACR linearisation
// of acr_update.wgsl for the reaction part): a perturbation dc changes mu by (f'' + kappa k^2) dc (+ B psi dc),
// so locally (psi frozen) the explicit right-hand side acts on dc as
//   -L dc,   L = (M k^2 + (w / psi) D_loc) (f'' + kappa k^2 + psi B),   D_loc = -dR/dmu of the cell,
// and one step multiplies it by 1 - dt L / (1 + dt S). With Mbar >= max M (= 1 in internal units) and
// D >= max (w / psi) D_loc (the weighted maxima of exchange_sums.wgsl, galvanostatic.wgsl) S bounds the
// kappa k^4 and B parts of L from above, and |factor| <= 1 for any dt once 2 S >= L, i.e. once the f''
// part obeys M f'' <= 2 Mbar A and (w / psi) D_loc f'' <= 2 D A: the stepper chooses A >= 0.75 max M f''
// (lattice mobility: M f'' = 4 kT - 8 Omega c (1 - c) <= 4 kT). The discrete face operators are symmetric
// in the psi-weighted inner product and exceed the homogeneous one by at most (1 + r) / (2 sqrt r) <= 1.3
// (r = e^(2h/eps), the psi ratio of neighbours in the tail of the tanh profile); their symbols
// 4 sin^2(k h/2)/h^2 stay below k^2. This frozen-coefficient bound is not a proof: the implicit side is
// diagonal in k and the explicit one in x, and where psi varies steeply they do not commute. Measured
// (test/gpu/solver/cahnHilliardReaction.test.ts, 32^2, at rest): fixed dt = 10 t0 (3e4 times the explicit
// limit of kappa k^4) relaxes noise; 100 t0 lets it grow, so the adaptive control (error estimate,
// rollback) is what keeps longer runs stable. Inside the spinodal (f'' < 0) perturbations grow as they
// should; acr_step_control.wgsl resolves that growth.
// Accuracy estimate (in c) as in shaders/ch/semi_implicit_update.wgsl (STAGE 0, the first-order step):
//   lte_hat = dt (delta_n - delta_{n-1} dt / dt_prev) / (dt + dt_prev)
// STAGE 1 and 2: the second-order semi-implicit Heun step (time.integrator "semiImplicitHeun", issue 17),
// a predictor-corrector pair around the step above, N_n the rate of the state, N* of the predicted state
// c* = c + delta_1, S_1 and S_2 the S(k) of the two stages (their linearisations D differ):
//   STAGE 1 (predictor)  (1 + dt S_1) delta_1 = dt N_n            (the first-order step; kept in previousIncrement)
//                        r = dt S_1 delta_1 - (dt/2) N_n          (kept in stageSpectrum)
//   STAGE 2 (corrector)  (1 + dt S_2) (delta - delta_1) = (dt/2) (N* - N_n) + dt S_1 delta_1 = (dt/2) N* + r
// Equivalently delta = H - dt S_2 (delta - delta_1) exactly, H = (dt/2)(N_n + N*) Heun's increment; as
// delta - delta_1 = O(dt^2), the stabilisation enters at O(dt^3) and the step is second order (a plain
// average of two stabilised Euler increments would carry -dt^2 S N_n and stay first order; Heun's
// method with the linear stabilisation of Zhu et al. moved onto the correction). The embedded estimate is
// the correction delta - delta_1 (Euler against Heun, O(dt^2): the local error of the first-order
// member; the step continues with the second-order one). Stability, linear test N = -L c with the same
// S in both stages, x = dt L / (1 + dt S), sigma = dt S / (1 + dt S) in [0, 1): the amplification is
// 1 - (1 + sigma) x + x^2 / 2, within [-1, 1] for 0 <= x <= 2 (1 + sigma), a wider range than the
// first-order step's 0 <= x <= 2; so the stabiliser choice above carries over. Stiff modes whose
// L the implicit side matches (x -> 1, sigma -> 1) are damped by -1/2 per step instead of 0.
// The kernel also sums the coherency energy (1/2N) sum_k w B(n) |theta_hat|^2 of the state (k != 0; theta = w (c - cbar),
// chr_elastic_potential.wgsl).
// Bindings: eigenstrainSpectrum theta_hat (read; any spectrum unless ELASTIC), potentialSpectrum (N / psi)_hat (read; overwritten with dc_hat for the
//   inverse FFT), previousIncrement (read/write), spectralPartials (write: (w |lte|^2, 0,
//   w B |theta_hat|^2 (k != 0), 0)), params (ChrParams), control (StepControl), reactionState (linearization
//   D), modulus B(n) (read; placeholder unless ELASTIC), reactionControl (read: tripped holds the state).
//   stageSpectrum (read/write: r of STAGE 1 for STAGE 2; a placeholder for STAGE 0), stageState (read: the
//   corrector's reaction state, its linearization D; STAGE 2 only).
// STAGE 2 writes only the estimate (x) into spectralPartials and keeps the coherency energy (z) of STAGE 1,
// which belongs to the step's own state.
// Invariants: once the run is finishing, done or failed, or the protocol step has ended, dc_hat = 0 and
// the previous increment is kept.

// #import ch/wavevector
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override ELASTIC: bool = false;
override STAGE: u32 = 0u;

@group(0) @binding(0) var<storage, read> eigenstrainSpectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> previousIncrement: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> spectralPartials: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> params: ChrParams;
@group(0) @binding(5) var<storage, read> control: StepControl;
@group(0) @binding(6) var<storage, read> reactionState: ReactionState;
@group(0) @binding(7) var<storage, read> modulus: array<f32>;
@group(0) @binding(8) var<storage, read> reactionControl: ReactionControl;
@group(0) @binding(9) var<storage, read_write> stageSpectrum: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read> stageState: ReactionState;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let dt = control.dt;
  let dtPrev = control.dtPrev;
  let running = control.status == 0u && reactionControl.tripped == 0u;
  let d = reactionState.linearization;
  var rec = vec3<f32>(0.0, 0.0, 0.0);
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i < params.spectrumCount) {
      let k = wavevector(i);
      let k2 = dot(k, k);
      let w = parseval_weight(i);
      var b = 0.0;
      if (ELASTIC && i != 0u) { b = modulus[i]; }
      var delta = vec2<f32>(0.0, 0.0);
      if (running) {
        let rate = potentialSpectrum[i];
        let stiffness = params.stabilizer + params.kappa * k2 + b;
        if (STAGE == 2u) {
          let implicit = select(1.0 + dt * (params.mobilityBound * k2 + stageState.linearization) * stiffness, 1.0, i == 0u);
          let correction = (0.5 * dt * rate + stageSpectrum[i]) / implicit;
          delta = previousIncrement[i] + correction;
          rec.x = rec.x + w * dot(correction, correction);
        } else {
          let implicit = select(1.0 + dt * (params.mobilityBound * k2 + d) * stiffness, 1.0, i == 0u);
          delta = dt * rate / implicit;
          if (STAGE == 1u) {
            stageSpectrum[i] = (implicit - 1.0) * delta - 0.5 * dt * rate;
          } else if (dtPrev > 0.0) {
            let lte = dt * (delta - previousIncrement[i] * (dt / dtPrev)) / (dt + dtPrev);
            rec.x = rec.x + w * dot(lte, lte);
          }
          previousIncrement[i] = delta;
        }
      }
      let theta = eigenstrainSpectrum[i];
      rec.z = rec.z + w * b * dot(theta, theta);
      potentialSpectrum[i] = delta;
    }
  }
  let reduced = workgroup_sum(vec4<f32>(rec, 0.0), lid);
  if (lid == 0u) {
    var total = reduced.xyz;
    if (STAGE == 2u) { total.z = spectralPartials[wid].z; }
    spectralPartials[wid] = vec4<f32>(total, 0.0);
  }
}
