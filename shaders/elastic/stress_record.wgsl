// Stress observables of one evaluation, tagged with the step of the state they describe (one thread):
//   sigmaVmMax = max_x sigma_vm,  sigma1Max = max_x sigma_1,  hotspotFraction = (1/N) sum_x hotspot(x)
//   sigma1Particle, sigma1Matrix, interfaceTension = maxima of the stress_regions blocks (records 3-5;
//   -3e38 where no region is evaluated)
// from the (sum, min, max, sum of squares) records of shaders/reduce/field_stats.wgsl. step_control.wgsl
// copies them into the history record of that step.
// Bindings: results (read: records of sigma_vm, sigma_1, hot-spot indicator, the three regions), control (read),
//   stress (write), params (ChParams).

@group(0) @binding(0) var<storage, read> results: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> control: StepControl;
@group(0) @binding(2) var<storage, read_write> stress: StressObservables;
@group(0) @binding(3) var<uniform> params: ChParams;

@compute @workgroup_size(1)
fn main() {
  stress.step = control.step;
  stress.sigmaVmMax = results[0].z;
  stress.sigma1Max = results[1].z;
  stress.hotspotFraction = results[2].x / f32(params.cellCount);
  stress.sigma1Particle = results[3].z;
  stress.sigma1Matrix = results[4].z;
  stress.interfaceTension = results[5].z;
}
