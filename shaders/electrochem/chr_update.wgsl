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
// Accuracy estimate (in c) as in shaders/ch/semi_implicit_update.wgsl:
//   lte_hat = dt (delta_n - delta_{n-1} dt / dt_prev) / (dt + dt_prev)
// and the coherency energy (1/2N) sum_k w B(n) |theta_hat|^2 of the state (k != 0; theta = psi (c - cbar),
// chr_elastic_potential.wgsl).
// Bindings: eigenstrainSpectrum theta_hat (read; any spectrum unless ELASTIC), potentialSpectrum (N / psi)_hat (read; overwritten with dc_hat for the
//   inverse FFT), previousIncrement (read/write), spectralPartials (write: (w |lte|^2, 0,
//   w B |theta_hat|^2 (k != 0), 0)), params (ChrParams), control (StepControl), reactionState (linearization
//   D), modulus B(n) (read; placeholder unless ELASTIC), reactionControl (read: tripped holds the state).
// Invariants: once the run is finishing, done or failed, or the protocol step has ended, dc_hat = 0 and
// the previous increment is kept.

// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override ELASTIC: bool = false;

@group(0) @binding(0) var<storage, read> eigenstrainSpectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> previousIncrement: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> spectralPartials: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> params: ChrParams;
@group(0) @binding(5) var<storage, read> control: StepControl;
@group(0) @binding(6) var<storage, read> reactionState: ReactionState;
@group(0) @binding(7) var<storage, read> modulus: array<f32>;
@group(0) @binding(8) var<storage, read> reactionControl: ReactionControl;

var<workgroup> shared_rec: array<vec3<f32>, WORKGROUP_SIZE>;

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
        let implicit = select(1.0 + dt * (params.mobilityBound * k2 + d) * (params.stabilizer + params.kappa * k2 + b), 1.0, i == 0u);
        delta = dt * potentialSpectrum[i] / implicit;
        var lte = vec2<f32>(0.0, 0.0);
        if (dtPrev > 0.0) {
          lte = dt * (delta - previousIncrement[i] * (dt / dtPrev)) / (dt + dtPrev);
        }
        rec.x = rec.x + w * dot(lte, lte);
        previousIncrement[i] = delta;
      }
      let theta = eigenstrainSpectrum[i];
      rec.z = rec.z + w * b * dot(theta, theta);
      potentialSpectrum[i] = delta;
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
  if (lid == 0u) { spectralPartials[wid] = vec4<f32>(shared_rec[0], 0.0); }
}
