// Inhomogeneous elasticity, iteration step 4 (one workgroup): the residual of the fixed point,
//   r = max( sqrt( (1/N^2) sum_k w |d eps_hat|^2 ),  |d ebar| ) / |eps00|
// the RMS strain correction of this iteration (by Parseval) and the mean-strain change, relative to
// the misfit (ElasticParams.mode.z = 1 / |eps00|). The iteration counter advances.
// Bindings: partials (read, one per green_update workgroup), state (ElasticState, read/write),
//   params (ChParams), elastic (ElasticParams), count (the number of partials, as a u32 in a uniform).

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> state: ElasticState;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let count = (params.spectrumCount + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
  var s = 0.0;
  for (var i = lid; i < count; i = i + WORKGROUP_SIZE) { s = s + partials[i]; }
  let total = workgroup_sum(vec4<f32>(s, 0.0, 0.0, 0.0), lid).x;
  if (lid != 0u) { return; }
  let n = f32(params.cellCount);
  let fluctuation = sqrt(total) / n;
  let mean = sqrt(dot(state.change0, state.change0) + dot(state.change1, state.change1));
  state.residual = max(fluctuation, mean) * elastic.mode.z;
  state.iterations = state.iterations + 1u;
}
