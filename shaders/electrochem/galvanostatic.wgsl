// Electrochemistry, galvanostatic control part 2 (DESIGN.md 3.5), one workgroup: reduce the partial
// sums of exchange_sums.wgsl to the means S_a, S_b (divided by params.siteTotal: the cell count of an
// ACR platelet, the summed reaction-site density of a CHR particle) and find the reservoir potential x = mu_O / kT of
// this step, with no CPU round trip:
//   constant current (mode 0):  solve  S_a exp(alpha x) - S_b exp(-(1 - alpha) x) = I   for x
//       alpha = 1/2: a quadratic in y = exp(x/2), y = (I + sqrt(I^2 + 4 S_a S_b)) / (2 S_a), written
//       without cancellation for either sign of I; otherwise Newton on the increasing function,
//       safeguarded by bisection inside a bracket.
//   constant voltage (mode 1):  x = setpoint / kT, and I follows from the same sums.
// Also the linearisation of the implicit update: the largest local -dR/dmu over the cells,
//   D = rateScale (alpha A_max exp(alpha x) + (1 - alpha) B_max exp(-(1 - alpha) x)) / kT
// (A_max, B_max the largest cell terms of S_a, S_b; an upper bound of the local value, exact for a uniform
// state and a mu-independent exchange current). D only scales the implicit part, so any D > 0 gives the
// same steady states; the largest one keeps the explicit f'(c) stable in the fastest-reacting cells
// (e.g. the Li-poor domains of a nearly full platelet, whose (1 - c) exchange current far exceeds the mean).
// End of a protocol step (cut-off, end time, end current): electrochem/protocol_end, every step; not with
// PROTOCOL_END = false (the corrector stage of the CHR Heun step, shaders/electrochem/chr_update.wgsl, which
// solves for mu_O of the predicted state: the end conditions are tested on the step's own state only).
// Bindings: exchangePartials (read), params (AcrParams), reactionControl (read/write), reactionState (write),
//   control (StepControl, read: the clock).

// #import electrochem/protocol_end

override WORKGROUP_SIZE: u32 = 256u;
override PROTOCOL_END: bool = true;

@group(0) @binding(0) var<storage, read> exchangePartials: array<vec4<f32>>;
@group(0) @binding(1) var<uniform> params: AcrParams;
@group(0) @binding(2) var<storage, read_write> reactionControl: ReactionControl;
@group(0) @binding(3) var<storage, read_write> reactionState: ReactionState;
@group(0) @binding(4) var<storage, read> control: StepControl;

var<workgroup> shared_rec: array<vec4<f32>, WORKGROUP_SIZE>;

fn excess_rate(x: f32, sa: f32, sb: f32, wanted_rate: f32) -> f32 {
  return sa * exp(params.alpha * x) - sb * exp(-(1.0 - params.alpha) * x) - wanted_rate;
}

fn solve_reservoir(sa: f32, sb: f32, wanted_rate: f32) -> f32 {
  let root = sqrt(wanted_rate * wanted_rate + 4.0 * sa * sb);
  // y = exp(x/2) of the alpha = 1/2 solution; the two forms are equal, each free of cancellation on its side
  var y: f32;
  if (wanted_rate >= 0.0) { y = (wanted_rate + root) / (2.0 * sa); } else { y = 2.0 * sb / (root - wanted_rate); }
  var x = 2.0 * log(y);
  if (abs(params.alpha - 0.5) < 1.0e-6) { return x; }
  var lo = x;
  var hi = x;
  for (var i = 0; i < 60; i = i + 1) {
    if (excess_rate(lo, sa, sb, wanted_rate) <= 0.0) { break; }
    lo = lo - (1.0 + abs(lo));
  }
  for (var i = 0; i < 60; i = i + 1) {
    if (excess_rate(hi, sa, sb, wanted_rate) >= 0.0) { break; }
    hi = hi + (1.0 + abs(hi));
  }
  for (var i = 0; i < 60; i = i + 1) {
    let v = excess_rate(x, sa, sb, wanted_rate);
    if (v > 0.0) { hi = x; } else { lo = x; }
    let slope = params.alpha * sa * exp(params.alpha * x) + (1.0 - params.alpha) * sb * exp(-(1.0 - params.alpha) * x);
    var next = x - v / slope;
    if (!(next > lo && next < hi)) { next = 0.5 * (lo + hi); }
    if (abs(next - x) <= 1.0e-7 * (1.0 + abs(x))) { return next; }
    x = next;
  }
  return x;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var s = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  for (var i = lid; i < params.cellPartialCount; i = i + WORKGROUP_SIZE) {
    let p = exchangePartials[i];
    s = vec4<f32>(s.x + p.x, s.y + p.y, max(s.z, p.z), max(s.w, p.w));
  }
  shared_rec[lid] = s;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) {
      let p = shared_rec[lid];
      let q = shared_rec[lid + stride];
      shared_rec[lid] = vec4<f32>(p.x + q.x, p.y + q.y, max(p.z, q.z), max(p.w, q.w));
    }
    stride = stride / 2u;
  }
  workgroupBarrier();
  if (lid != 0u) { return; }
  let n = params.siteTotal;
  let sa = shared_rec[0].x / n;
  let sb = shared_rec[0].y / n;
  let kt = params.thermalEnergy;
  var x: f32;
  var rate: f32;
  if (reactionControl.mode == 1u) {
    x = reactionControl.setpoint / kt;
    rate = sa * exp(params.alpha * x) - sb * exp(-(1.0 - params.alpha) * x);
  } else {
    rate = reactionControl.setpoint;
    x = solve_reservoir(sa, sb, rate);
  }
  if (PROTOCOL_END) { check_protocol_end(rate, x * kt); }
  reactionState.muReservoir = x * kt;
  reactionState.rate = rate;
  reactionState.linearization = params.rateScale
    * (params.alpha * shared_rec[0].z * exp(params.alpha * x) + (1.0 - params.alpha) * shared_rec[0].w * exp(-(1.0 - params.alpha) * x)) / kt;
  reactionState.sumA = sa;
  reactionState.sumB = sb;
}
