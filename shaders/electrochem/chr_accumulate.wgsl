// CHR particle step, part 6, Fourier space: the new Li content u = psi c with the inserted charge
// imposed exactly,
//   u_hat'(k) = u_hat(k) + du_hat(k) + lambda psi_hat(k)          k != 0
//   u_hat'(0) = u_hat(0) + dt siteTotal rateScale I               (the k = 0 mode is the particle's Li;
//                                                                  compensated sum, lib/compensated_sum)
//   lambda = (dt siteTotal rateScale I - du_hat(0)) / sum psi
// du = psi dc (chr_content_increment.wgsl). The stabilised step of chr_update.wgsl does not conserve
// sum psi dc = dt sum N (its implicit side redistributes the increment), so the difference to the imposed
// charge is spread as a uniform change lambda of c over the particle's sites (psi-weighted, hence
// lambda psi_hat), which also makes the k = 0 mode consistent with the other modes up to rounding. The
// divergence part of N sums to zero, so with the exact k = 0 the inserted Li is the integral of the
// current to float32 rounding, step by step (as the ACR platelet's).
// Every other mode is a compensated sum too (lib/compensated_sum; its residue in spectrumCarry). A mode
// of u_hat is a sum over the particle's cells, so its float32 grid (ulp ~ 6e-8 of |u_hat(k)|) is coarse
// against the small increments of slow, late dynamics and of short steps: plain addition rounds part of
// each increment away, the more the shorter the step (test/gpu/solver/reactionHeun.test.ts, "short steps").
// Bindings: spectrum u_hat (read/write, the state), potentialSpectrum du_hat (read), contentSpectrum
//   (write: u_hat', the inverse FFT's input, which that transform overwrites), indicatorSpectrum psi_hat
//   (read), params (ChrParams), control (StepControl: dt, status), reactionState (rate; contentCarry
//   read/write by the k = 0 thread), reactionControl
//   (read: tripped holds the state).
// STAGE (the semiImplicitHeun step, chr_update.wgsl): 1, the predictor, leaves the state (spectrum,
//   contentCarry) alone and writes u*_hat, the predicted content, to contentSpectrum (whose inverse
//   transform gives c*, from which the corrector's coherency potential starts); 2, the corrector, inserts dt (I_n + I*) / 2, the
//   trapezoidal charge of the two stages' rates (stageState: the predicted state's; equal to I_n under
//   constant current, so the inserted Li stays the integral of the current). STAGE 0: the first-order step.
//   Binding 8 (stageState, read) takes a placeholder where unused.
//   spectrumCarry (binding 9, read/write; state): the residues of the k != 0 modes' compensated sums.
// Invariants: once the run is finishing, done or failed, or the protocol step has ended, u_hat is held.

// #import lib/compensated_sum

override WORKGROUP_SIZE: u32 = 256u;
override STAGE: u32 = 0u;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> contentSpectrum: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> indicatorSpectrum: array<vec2<f32>>;
@group(0) @binding(4) var<uniform> params: ChrParams;
@group(0) @binding(5) var<storage, read> control: StepControl;
@group(0) @binding(6) var<storage, read_write> reactionState: ReactionState;
@group(0) @binding(7) var<storage, read> reactionControl: ReactionControl;
@group(0) @binding(8) var<storage, read> stageState: ReactionState;
@group(0) @binding(9) var<storage, read_write> spectrumCarry: array<vec2<f32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  let running = control.status == 0u && reactionControl.tripped == 0u;
  var u = spectrum[i];
  if (running) {
    var rate = reactionState.rate;
    if (STAGE == 2u) { rate = 0.5 * (rate + stageState.rate); }
    let inserted = control.dt * params.siteTotal * params.rateScale * rate;
    if (i == 0u) {
      if (STAGE == 1u) {
        u = vec2<f32>(u.x + inserted, 0.0);
      } else {
        let sum = compensated_add(u.x, reactionState.contentCarry, inserted, control.step == 0xffffffffu);
        reactionState.contentCarry = sum.y;
        u = vec2<f32>(sum.x, 0.0);
      }
    } else {
      let lambda = (inserted - potentialSpectrum[0].x) / params.siteMeasure;
      let increment = potentialSpectrum[i] + lambda * indicatorSpectrum[i];
      if (STAGE == 1u) {
        u = u + increment;
      } else {
        let never = control.step == 0xffffffffu;
        let carry = spectrumCarry[i];
        let re = compensated_add(u.x, carry.x, increment.x, never);
        let im = compensated_add(u.y, carry.y, increment.y, never);
        spectrumCarry[i] = vec2<f32>(re.y, im.y);
        u = vec2<f32>(re.x, im.x);
      }
    }
    if (STAGE != 1u) { spectrum[i] = u; }
  }
  contentSpectrum[i] = u;
}
