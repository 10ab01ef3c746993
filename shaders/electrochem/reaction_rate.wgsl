// Electrochemistry: the local insertion rate of every cell (Butler-Volmer, DESIGN.md 3.5; Bazant,
// Acc. Chem. Res. 46 (2013) 1144), in internal units of dc/dt:
//   R = rateScale g(c, mu~) [exp(-alpha eta~) - exp((1 - alpha) eta~)],   eta~ = (mu - mu_O) / kT
// or with MARCUS the Marcus-Hush-Chidsey rate R = rateScale g net(eta~, lambda~) (electrochem/marcus),
// written over mu (the potential buffer), ready for the forward FFT of the update. WEIGHTED (CHR
// particle): the source of u = psi c is w R, w the reaction-site density, so w R is written instead.
// Bindings: concentration (read), potential mu -> R (read/write), params (AcrParams), reactionState (read),
//   siteWeights (read: (w, w / psi); a placeholder unless WEIGHTED).
// Invariants: the (w-weighted) sum of R equals siteTotal rateScale reactionState.rate up to rounding
// (galvanostatic.wgsl solved for it); the update imposes that sum exactly on the k = 0 mode.

// #import electrochem/exchange_current
// #import electrochem/marcus

override WORKGROUP_SIZE: u32 = 256u;
override MARCUS: bool = false;
override WEIGHTED: bool = false;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> potential: array<f32>;
@group(0) @binding(2) var<uniform> params: AcrParams;
@group(0) @binding(3) var<storage, read> reactionState: ReactionState;
@group(0) @binding(4) var<storage, read> siteWeights: array<vec2<f32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  let kt = params.thermalEnergy;
  let m = potential[i] / kt;
  let eta = m - reactionState.muReservoir / kt;
  let lg = log_exchange_factor(concentration[i], m);
  if (MARCUS) {
    potential[i] = params.rateScale * exp(lg) * marcus_net(eta, params.reorganization / kt).x;
    return;
  }
  var weight = 1.0;
  if (WEIGHTED) { weight = siteWeights[i].x; }
  potential[i] = weight * params.rateScale * (exp(lg - params.alpha * eta) - exp(lg + (1.0 - params.alpha) * eta));
}
