// Electrochemistry, galvanostatic control part 1 (DESIGN.md 3.5): per workgroup, the two sums that
// carry the whole dependence of the total Butler-Volmer current on the reservoir potential mu_O,
//   I = S_a exp(alpha x) - S_b exp(-(1 - alpha) x),   x = mu_O / kT,
//   S_a = sum g(c, mu~) exp(-alpha mu~),   S_b = sum g(c, mu~) exp((1 - alpha) mu~),   mu~ = mu / kT
// (Butler-Volmer with eta~ = mu~ - x factorises into a cell part and a reservoir part), and the largest
// cell terms max g exp(-alpha mu~), max g exp((1 - alpha) mu~), which bound the local -dR/dmu of every
// cell for any x (galvanostatic.wgsl turns them into the implicit linearisation).
// WEIGHTED (CHR particle, src/solver/cahnHilliardReaction.ts): the reaction runs only where the
// reaction-site density w > 0 (|grad psi| of the smoothed boundary, or the sites of a composite), so the
// sums are weighted by w, S_a = sum w g exp(-alpha mu~), S_b = sum w g exp((1 - alpha) mu~), and the
// maxima by w / psi (the rate of change of c = u / psi that one cell's reaction causes).
// Bindings: concentration (read), potential mu (read), exchangePartials (write: (S_a, S_b, max a, max b)),
//   params (AcrParams), siteWeights (read: (w, w / psi) per cell; a placeholder unless WEIGHTED).
// Invariants: every cell counted once; same dispatch geometry as the bulk potential kernel (ch/bulk_potential.wgsl).

// #import electrochem/exchange_current

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override WEIGHTED: bool = false;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> potential: array<f32>;
@group(0) @binding(2) var<storage, read_write> exchangePartials: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: AcrParams;
@group(0) @binding(4) var<storage, read> siteWeights: array<vec2<f32>>;

var<workgroup> shared_rec: array<vec4<f32>, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  var rec = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  for (var k = 0u; k < ITEMS; k = k + 1u) {
    let i = (wid * ITEMS + k) * WORKGROUP_SIZE + lid;
    if (i < params.cellCount) {
      let m = potential[i] / params.thermalEnergy;
      let lg = log_exchange_factor(concentration[i], m);
      let a = exp(lg - params.alpha * m);
      let b = exp(lg + (1.0 - params.alpha) * m);
      if (WEIGHTED) {
        let weight = siteWeights[i];
        rec = vec4<f32>(rec.x + weight.x * a, rec.y + weight.x * b, max(rec.z, weight.y * a), max(rec.w, weight.y * b));
      } else {
        rec = vec4<f32>(rec.x + a, rec.y + b, max(rec.z, a), max(rec.w, b));
      }
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
      shared_rec[lid] = vec4<f32>(p.x + q.x, p.y + q.y, max(p.z, q.z), max(p.w, q.w));
    }
    stride = stride / 2u;
  }
  if (lid == 0u) { exchangePartials[wid] = shared_rec[0]; }
}
