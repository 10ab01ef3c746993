// Per-workgroup partial sums of the dot product r . z of the preconditioned CG (src/solver/fieldPoisson.ts);
// field_poisson_scalars.wgsl adds the partials. Bindings: 0 r, 1 z (read), 2 partials (write), 3 params.

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> residual: array<f32>;
@group(0) @binding(1) var<storage, read> preconditioned: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
@group(0) @binding(3) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let i = group * WORKGROUP_SIZE + lid;
  let product = select(0.0, residual[i] * preconditioned[i], i < params.cellCount);
  let total = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
  if (lid == 0u) { partials[group] = total.x; }
}
