// Inhomogeneous elasticity, iteration step 2 (one thread): the mean strain from the boundary condition.
// The mean stress of the iterate is sigma_hat(0) / N; stress-controlled components F move by
//   d ebar_F = (C0_FF)^-1 (sigmabar_F - sigma_target_F)     (ElasticParams s0..s8, zero on P)
// and strain-controlled components P are set to their prescribed value (Moulinec & Suquet 1998, sec. 2.4;
// mixed mean conditions). The change is applied to every cell by strain_update.wgsl.
// Bindings: spectra (read: 6 blocks of spectrumCount complex values, mode 0 of each), state
//   (ElasticState, read/write), params (ChParams), elastic (ElasticParams).

// #import elastic/tensor

@group(0) @binding(0) var<storage, read> spectra: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> state: ElasticState;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(1)
fn main() {
  let n = f32(params.cellCount);
  var sigma: array<f32, 6>;
  for (var p = 0u; p < 6u; p = p + 1u) { sigma[p] = spectra[p * params.spectrumCount].x / n; }
  var targetStress = array<f32, 6>(elastic.stressTarget0.x, elastic.stressTarget0.y, elastic.stressTarget0.z, elastic.stressTarget0.w, elastic.stressTarget1.x, elastic.stressTarget1.y);
  var fixedStrain = array<f32, 6>(elastic.strainTarget0.x, elastic.strainTarget0.y, elastic.strainTarget0.z, elastic.strainTarget0.w, elastic.strainTarget1.x, elastic.strainTarget1.y);
  var prescribed = array<f32, 6>(elastic.prescribed0.x, elastic.prescribed0.y, elastic.prescribed0.z, elastic.prescribed0.w, elastic.prescribed1.x, elastic.prescribed1.y);
  var correction = array<vec4<f32>, 9>(elastic.s0, elastic.s1, elastic.s2, elastic.s3, elastic.s4, elastic.s5, elastic.s6, elastic.s7, elastic.s8);
  var mean = array<f32, 6>(state.mean0.x, state.mean0.y, state.mean0.z, state.mean0.w, state.mean1.x, state.mean1.y);
  var change: array<f32, 6>;
  for (var r = 0u; r < 6u; r = r + 1u) {
    if (prescribed[r] > 0.5) {
      change[r] = fixedStrain[r] - mean[r];
    } else {
      var d = 0.0;
      for (var q = 0u; q < 6u; q = q + 1u) {
        let k = r * 6u + q;
        d = d - correction[k / 4u][k % 4u] * (sigma[q] - targetStress[q]);
      }
      change[r] = d;
    }
  }
  state.change0 = vec4<f32>(change[0], change[1], change[2], change[3]);
  state.change1 = vec4<f32>(change[4], change[5], 0.0, 0.0);
  state.mean0 = state.mean0 + state.change0;
  state.mean1 = state.mean1 + state.change1;
}
