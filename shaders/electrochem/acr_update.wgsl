// Allen-Cahn-reaction step, part 3: the semi-implicit Fourier update of the depth-averaged platelet
// (Bai, Cogswell & Bazant, Nano Lett. 11 (2011) 4890; DESIGN.md 3.5), for every mode k of the half spectrum:
//
//   (1 + dt D (A + kappa k^2 + B(n))) (c_hat' - c_hat) = dt R_hat          k != 0   (B: coherency strain)
//   c_hat'(0) - c_hat(0) = dt N rateScale I                          k = 0
//
// R = R(c^n, mu^n) is the explicit rate (reaction_rate.wgsl); the stiff gradient term of mu enters R
// through dR/dmu ~ -D, so treating D kappa k^2 (and the stabiliser D A) implicitly keeps large steps
// stable (a constant-coefficient linearisation, as the stabilised CH scheme of Zhu et al. 1999).
// The k = 0 mode takes the imposed mean rate I exactly (N = cell count; the forward FFT is unnormalised),
// so the inserted amount is the time integral of the current to rounding, step by step (a compensated
// running sum, lib/compensated_sum). Every other mode is a compensated sum too, its residue kept beside
// the increment (previousIncrement[i].zw): plain float32 addition rounds a short step's increment to the
// grid of |c_hat(k)| and the rounding adds up over the steps (shaders/electrochem/chr_accumulate.wgsl).
// Accuracy estimate and gradient-energy sum as in shaders/ch/semi_implicit_update.wgsl:
//   lte_hat = dt (delta_n - delta_{n-1} dt / dt_prev) / (dt + dt_prev),  sum w k^2 |c_hat|^2 (Parseval).
// Thermal fluctuations (params.noiseStrength > 0): after the error estimate (which must not see them), each
// mode k != 0 gets a Langevin increment sqrt(N noiseStrength D dt / 2) (xi_re, xi_im) / implicit, the
// Fourier image of independent per-cell increments of variance noiseStrength D dt (N cells, unnormalised
// forward FFT; the stochastic ACR of Bai, Cogswell & Bazant 2011 with the fluctuation-dissipation
// variance). The kx = 0 and Nyquist columns, whose modes the half spectrum holds with their conjugates,
// are drawn the same way (a small error in the variance of 2/nx of the modes). xi: counter-based hash of
// (mode, step, seed) (PCG, O'Neill 2014) and Box-Muller, so rollbacks and resumes draw the same numbers.
// The k = 0 mode gets no noise: the imposed current stays exact.
// Bindings: spectrum c_hat (read/write), potentialSpectrum R_hat (read; overwritten with c_hat' for the
//   inverse FFT), previousIncrement (read/write; per mode the increment delta (xy) and the residue of the
//   state's compensated sum (zw)), spectralPartials (write: (w |lte|^2, w k^2 |c_hat|^2,
//   w B(n) |c_hat|^2 (k != 0; the coherency energy by Parseval), 0)),
//   params (AcrParams), control (StepControl: dt, dtPrev, status), reactionState (rate, linearization;
//   contentCarry read/write by the k = 0 thread),
//   modulus B(n) (read; a placeholder when ELASTIC is false), reactionControl (read: tripped holds the state).
// STAGE 1 and 2: the second-order semiImplicitHeun step (issue 17), the predictor-corrector pair of
// shaders/electrochem/chr_update.wgsl (derivation, order and stability there) around the update above, with
// R_hat (k = 0: N rateScale I) in the role of (N/psi)_hat: STAGE 1 leaves the state alone, keeps delta_1 in
// previousIncrement and r = dt S_1 delta_1 - (dt/2) R_hat at the start of stageSpectrum, and writes
// c* = c + delta_1 into stageSpectrum from PREDICTED_OFFSET on (the corrector's chemical potential reads it
// there) and, for the inverse FFT, to potentialSpectrum; STAGE 2 (R_hat of c*, stageState: its rate and
// linearisation) sets delta = delta_1 + ((dt/2) R*_hat + r) / (1 + dt S_2), so the k = 0 mode takes
// dt (I_n + I*) / 2 (dt I under constant current), and sums |delta - delta_1|^2 as the error estimate.
// The gradient and coherency sums are of the state c_hat in every stage. No fluctuations with STAGE != 0
// (the scene schema refuses them with this integrator). Bindings 9 and 10 take placeholders where unused
// (one buffer for r and c*: the kernel stays within 10 storage buffers, as acr_step_control).
// Invariants: once the run is finishing, done or failed, c_hat is held (the inverse FFT reproduces c).

// #import ch/wavevector
// #import lib/compensated_sum
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override ELASTIC: bool = false;
override STAGE: u32 = 0u;
// where c*_hat starts in stageSpectrum (modes; an offset the storage-binding alignment allows)
override PREDICTED_OFFSET: u32 = 0u;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> previousIncrement: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> spectralPartials: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> params: AcrParams;
@group(0) @binding(5) var<storage, read> control: StepControl;
@group(0) @binding(6) var<storage, read_write> reactionState: ReactionState;
@group(0) @binding(7) var<storage, read> modulus: array<f32>;
@group(0) @binding(8) var<storage, read> reactionControl: ReactionControl;
@group(0) @binding(9) var<storage, read_write> stageSpectrum: array<vec2<f32>>;
@group(0) @binding(10) var<storage, read> stageState: ReactionState;

fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// uniform in (0, 1): 24 random bits, exactly representable in f32
fn unit_random(h: u32) -> f32 {
  return (f32(h >> 8u) + 0.5) / 16777216.0;
}

fn gaussian_pair(mode: u32, step: u32) -> vec2<f32> {
  let h1 = pcg_hash(mode ^ pcg_hash(step ^ pcg_hash(params.noiseSeed)));
  let h2 = pcg_hash(h1);
  let radius = sqrt(-2.0 * log(unit_random(h1)));
  let angle = 6.283185307179586 * unit_random(h2);
  return radius * vec2<f32>(cos(angle), sin(angle));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let dt = control.dt;
  let dtPrev = control.dtPrev;
  // held while a finished protocol step waits for the host (galvanostatic.wgsl), like a finished run
  let running = control.status == 0u && reactionControl.tripped == 0u;
  let d = reactionState.linearization;
  var rec = vec3<f32>(0.0, 0.0, 0.0);
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i < params.spectrumCount) {
      let k = wavevector(i);
      let k2 = dot(k, k);
      let w = parseval_weight(i);
      let cOld = spectrum[i];
      var cNew = cOld;
      if (running) {
        var b = 0.0;
        if (ELASTIC && i != 0u) { b = modulus[i]; }
        // the rate of this stage's state; the k = 0 mode takes the imposed mean rate exactly
        var meanRate = reactionState.rate;
        var linearization = d;
        if (STAGE == 2u) {
          meanRate = stageState.rate;
          linearization = stageState.linearization;
        }
        var rate = potentialSpectrum[i];
        if (i == 0u) { rate = vec2<f32>(f32(params.cellCount) * params.rateScale * meanRate, 0.0); }
        let implicit = select(1.0 + dt * linearization * (params.stabilizer + params.kappa * k2 + b), 1.0, i == 0u);
        var delta: vec2<f32>;
        var fluctuation = vec2<f32>(0.0, 0.0);
        if (STAGE == 2u) {
          let correction = (0.5 * dt * rate + stageSpectrum[i]) / implicit;
          delta = previousIncrement[i].xy + correction;
          rec.x = rec.x + w * dot(correction, correction);
        } else {
          delta = dt * rate / implicit;
          if (STAGE == 1u) {
            stageSpectrum[i] = (implicit - 1.0) * delta - 0.5 * dt * rate;
          } else {
            if (params.noiseStrength > 0.0 && i != 0u) {
              fluctuation = sqrt(0.5 * f32(params.cellCount) * params.noiseStrength * d * dt) * gaussian_pair(i, control.step) / implicit;
            }
            if (dtPrev > 0.0) {
              let lte = dt * (delta - previousIncrement[i].xy * (dt / dtPrev)) / (dt + dtPrev);
              rec.x = rec.x + w * dot(lte, lte);
            }
          }
          previousIncrement[i] = vec4<f32>(delta, previousIncrement[i].zw);
        }
        cNew = cOld + delta + fluctuation;
        if (STAGE != 1u) {
          let never = control.step == 0xffffffffu;
          if (i == 0u) {
            let sum = compensated_add(cOld.x, reactionState.contentCarry, delta.x, never);
            reactionState.contentCarry = sum.y;
            cNew = vec2<f32>(sum.x, 0.0);
          } else {
            let carry = previousIncrement[i].zw;
            let re = compensated_add(cOld.x, carry.x, delta.x + fluctuation.x, never);
            let im = compensated_add(cOld.y, carry.y, delta.y + fluctuation.y, never);
            previousIncrement[i] = vec4<f32>(previousIncrement[i].xy, re.y, im.y);
            cNew = vec2<f32>(re.x, im.x);
          }
          spectrum[i] = cNew;
        }
      }
      if (STAGE == 1u) { stageSpectrum[PREDICTED_OFFSET + i] = cNew; }
      rec.y = rec.y + w * k2 * dot(cOld, cOld);
      if (ELASTIC && i != 0u) { rec.z = rec.z + w * modulus[i] * dot(cOld, cOld); }
      potentialSpectrum[i] = cNew;
    }
  }
  let total = workgroup_sum(vec4<f32>(rec, 0.0), lid);
  if (lid == 0u) { spectralPartials[wid] = vec4<f32>(total.xyz, 0.0); }
}
