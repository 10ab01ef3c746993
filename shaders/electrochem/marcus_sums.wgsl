// Electrochemistry with Marcus-Hush-Chidsey kinetics, galvanostatic control part 1 (one Newton
// iteration): per workgroup, at the current reservoir potential x = mu_O / kT (reactionState.muReservoir),
// the sums that give the total rate and its slope in x,
//   I(x)  = sum g(c, mu~) net(mu~ - x),        dI/dx = -sum g net'(mu~ - x)  (>= 0),
// the largest cell value of g |net'| (bounds the local -dR/dmu: the implicit linearisation), and sum g
// (the saturation current sum g net_max that no reservoir potential can exceed).
// MHC does not factorise into a cell part and a reservoir part as Butler-Volmer does, so the sums are
// taken anew at each Newton iterate (marcus_reservoir.wgsl updates x in between).
// Bindings: concentration (read), potential mu (read), exchangePartials (write: (I, -dI/dx, max g|net'|, sum g)),
//   params (AcrParams), reactionState (read).
// Invariants: every cell counted once; same dispatch geometry as exchange_sums.wgsl.

// #import electrochem/exchange_current
// #import electrochem/marcus

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> potential: array<f32>;
@group(0) @binding(2) var<storage, read_write> exchangePartials: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: AcrParams;
@group(0) @binding(4) var<storage, read> reactionState: ReactionState;

var<workgroup> shared_rec: array<vec4<f32>, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let kt = params.thermalEnergy;
  let lambda = params.reorganization / kt;
  let x = reactionState.muReservoir / kt;
  var rec = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  for (var k = 0u; k < ITEMS; k = k + 1u) {
    let i = (wid * ITEMS + k) * WORKGROUP_SIZE + lid;
    if (i < params.cellCount) {
      let m = potential[i] / kt;
      let g = exp(log_exchange_factor(concentration[i], m));
      let net = marcus_net(m - x, lambda);
      rec = vec4<f32>(rec.x + g * net.x, rec.y - g * net.y, max(rec.z, -g * net.y), rec.w + g);
    }
  }
  shared_rec[lid] = rec;
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
  if (lid == 0u) { exchangePartials[wid] = shared_rec[0]; }
}
