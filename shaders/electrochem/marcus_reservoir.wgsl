// Electrochemistry with Marcus-Hush-Chidsey kinetics, galvanostatic control part 2 (one workgroup):
// reduce the partial sums of marcus_sums.wgsl to the means I(x), I'(x) and do one safeguarded Newton
// step for the reservoir potential x = mu_O / kT that makes the mean rate the imposed current,
//   x <- x - (I(x) - I_set) / I'(x),   |step| <= MAX_STEP kT,
// warm-started from the previous step's x (it changes little from step to step; the stepper records
// NEWTON_ITERATIONS sum/update pairs per step). Constant voltage (mode 1): x = setpoint / kT.
// FINAL (the last pair): write the step's rate (the setpoint under constant current: the update imposes
// it exactly on the k = 0 mode, whatever Newton's last residual), the linearisation
//   D = rateScale max g |net'| / kT,
// and test the end of the protocol step (electrochem/protocol_end). A current at or beyond the
// saturation |I| >= sum g net_max cannot be carried by any reservoir potential (the voltage diverges):
// the protocol step ends as at a cut-off.
// Bindings: exchangePartials (read), params (AcrParams), reactionControl (read/write), reactionState
//   (read/write), control (StepControl, read: the clock).

// #import electrochem/marcus
// #import electrochem/protocol_end

override WORKGROUP_SIZE: u32 = 256u;
override FINAL: bool = false;
const MAX_STEP: f32 = 4.0;

@group(0) @binding(0) var<storage, read> exchangePartials: array<vec4<f32>>;
@group(0) @binding(1) var<uniform> params: AcrParams;
@group(0) @binding(2) var<storage, read_write> reactionControl: ReactionControl;
@group(0) @binding(3) var<storage, read_write> reactionState: ReactionState;
@group(0) @binding(4) var<storage, read> control: StepControl;

var<workgroup> shared_rec: array<vec4<f32>, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var s = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  for (var i = lid; i < params.cellPartialCount; i = i + WORKGROUP_SIZE) {
    let p = exchangePartials[i];
    s = vec4<f32>(s.x + p.x, s.y + p.y, max(s.z, p.z), s.w + p.w);
  }
  shared_rec[lid] = s;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) {
      let p = shared_rec[lid];
      let q = shared_rec[lid + stride];
      shared_rec[lid] = vec4<f32>(p.x + q.x, p.y + q.y, max(p.z, q.z), p.w + q.w);
    }
    stride = stride / 2u;
  }
  workgroupBarrier();
  if (lid != 0u) { return; }
  let n = f32(params.cellCount);
  let total = shared_rec[0];
  let rate_now = total.x / n;
  let slope = total.y / n;
  let kt = params.thermalEnergy;
  let lambda = params.reorganization / kt;
  let saturation = total.w / n * marcus_limit(lambda);
  var x = reactionState.muReservoir / kt;
  var rate: f32;
  var beyond = false;
  if (reactionControl.mode == 1u) {
    x = reactionControl.setpoint / kt;
    rate = rate_now;
  } else {
    rate = reactionControl.setpoint;
    beyond = abs(rate) >= 0.999 * saturation;
    if (!FINAL && !beyond) {
      var step = 0.0;
      if (slope > 0.0) { step = (rate_now - rate) / slope; } else { step = sign(rate_now - rate) * MAX_STEP; }
      x = x - clamp(step, -MAX_STEP, MAX_STEP);
    }
  }
  reactionState.muReservoir = x * kt;
  if (!FINAL) { return; }
  reactionState.rate = rate;
  reactionState.linearization = params.rateScale * total.z / kt;
  reactionState.sumA = rate_now;
  reactionState.sumB = saturation;
  check_protocol_end(rate, x * kt);
  if (beyond && reactionControl.mode == 0u && control.status == 0u) { reactionControl.tripped = 1u; }
}
