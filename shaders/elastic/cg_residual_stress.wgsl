// Inhomogeneous elasticity, conjugate gradients, start of a solve (real space): the stress residual
//   tau(x) = sigma_target - (C(x) : eps(x) - tau*(x))        (elastic/inhomogeneous: C(x), tau*)
// of the current strain (warm start) or, with LOAD, of the uniform start eps = E_P (the prescribed mean
// strain components, others 0), whose projection ||G' tau|| normalises the residual (de Geus et al.,
// CMAME 318 (2017) 412: the relative residual ||G' r|| / ||G' sigma_load||). sigma_target is the
// prescribed mean stress of the stress-controlled components (galerkin_projection.wgsl drops the rest).
// Bindings: concentration c (read), indicator psi (read), strain (read, 6 blocks of cellCount, tensor
//   components xx, yy, zz, yz, xz, xy), residual stress (write, 6 blocks), params (ChParams),
//   elastic (ElasticParams). Internal units.

// #import elastic/tensor
// #import elastic/inhomogeneous

override WORKGROUP_SIZE: u32 = 256u;
override LOAD: bool = false;
override ITEMS: u32 = 4u; // cells per invocation (a workgroup owns ITEMS x WORKGROUP_SIZE consecutive cells)

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> indicator: array<f32>;
@group(0) @binding(2) var<storage, read> strain: array<f32>;
@group(0) @binding(3) var<storage, read_write> stress: array<f32>;
@group(0) @binding(4) var<uniform> params: ChParams;
@group(0) @binding(5) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let wid = wid3.x + wid3.y * nwg.x;
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    residual_stress((wid * ITEMS + item) * WORKGROUP_SIZE + lid3.x);
  }
}

fn residual_stress(i: u32) {
  let n = params.cellCount;
  if (i >= n) { return; }
  let c = concentration[i];
  let psi = select(1.0, indicator[i], elastic.mode.y > 0.5);
  let stressTarget = array<f32, 6>(elastic.stressTarget0.x, elastic.stressTarget0.y, elastic.stressTarget0.z, elastic.stressTarget0.w, elastic.stressTarget1.x, elastic.stressTarget1.y);
  let prescribed = array<f32, 6>(elastic.prescribed0.x, elastic.prescribed0.y, elastic.prescribed0.z, elastic.prescribed0.w, elastic.prescribed1.x, elastic.prescribed1.y);
  let fixedStrain = array<f32, 6>(elastic.strainTarget0.x, elastic.strainTarget0.y, elastic.strainTarget0.z, elastic.strainTarget0.w, elastic.strainTarget1.x, elastic.strainTarget1.y);
  var e: array<f32, 6>;
  for (var p = 0u; p < 6u; p = p + 1u) {
    e[p] = select(strain[p * n + i], select(0.0, fixedStrain[p], prescribed[p] > 0.5), LOAD);
  }
  let s = cell_stress(c, psi, i, e, 1.0);
  for (var p = 0u; p < 6u; p = p + 1u) {
    stress[p * n + i] = select(stressTarget[p], 0.0, prescribed[p] > 0.5) - s[p];
  }
}
