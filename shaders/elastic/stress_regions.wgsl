// Stress by region of a particle in a matrix (issue 19), per cell, after stress_fields:
//   particle[i]  = sigma_1(i)          where psi(i) >= 1/2   (else -BIG)
//   matrix[i]    = sigma_1(i)          where psi(i) <  1/2   (else -BIG)
//   interface[i] = n . sigma(i) . n    where 0.1 <= psi(i) <= 0.9, n = grad psi / |grad psi| (else -BIG)
// so that the max of each block (shaders/reduce/field_stats.wgsl) is the peak tensile stress of the
// particle, of the electrolyte, and the peak normal traction across the diffuse interface (tension
// positive: the traction that debonds the particle). The diffuse band 0.1..0.9 holds the boundary cells
// of a 1- to 3-cell tanh profile; n . sigma . n is continuous across a bonded interface, so its value in
// the band is the interface's.
// First crossing: firstTime[i] = the clock of the first evaluated state whose hot-spot indicator is 1
// there (criterion stress above the strength of the cell's phase: the particle's where psi >= 1/2, the
// matrix's own where psi < 1/2; stress_fields.wgsl), kept from then on; -1 while it never was. Together with
// the capacity and cycle at that time (host, src/analysis/cycleStressHistory.ts) it dates each hot spot.
// Bindings: stress (read: 6 blocks xx, yy, zz, yz, xz, xy), invariants (read: sigma_vm, sigma_h,
//   sigma_1, w, hot spot), indicator psi (read), normals (read: 3 per cell, x fastest cells),
//   regions (write: 3 blocks), firstTime (read/write), control (read), params.

override WORKGROUP_SIZE: u32 = 256u;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> stress: array<f32>;
@group(0) @binding(1) var<storage, read> invariants: array<f32>;
@group(0) @binding(2) var<storage, read> indicator: array<f32>;
@group(0) @binding(3) var<storage, read> normals: array<f32>;
@group(0) @binding(4) var<storage, read_write> regions: array<f32>;
@group(0) @binding(5) var<storage, read_write> firstTime: array<f32>;
@group(0) @binding(6) var<storage, read> control: StepControl;
@group(0) @binding(7) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  let n = params.cellCount;
  if (i >= n) { return; }
  let psi = indicator[i];
  let sigma1 = invariants[2u * n + i];
  regions[i] = select(-BIG, sigma1, psi >= 0.5);
  regions[n + i] = select(-BIG, sigma1, psi < 0.5);
  let m = vec3<f32>(normals[3u * i], normals[3u * i + 1u], normals[3u * i + 2u]);
  // sigma . n with the Voigt order xx, yy, zz, yz, xz, xy
  let sxx = stress[i];
  let syy = stress[n + i];
  let szz = stress[2u * n + i];
  let syz = stress[3u * n + i];
  let sxz = stress[4u * n + i];
  let sxy = stress[5u * n + i];
  let t = vec3<f32>(sxx * m.x + sxy * m.y + sxz * m.z, sxy * m.x + syy * m.y + syz * m.z, sxz * m.x + syz * m.y + szz * m.z);
  let band = psi >= 0.1 && psi <= 0.9 && dot(m, m) > 0.5;
  regions[2u * n + i] = select(-BIG, dot(m, t), band);
  if (invariants[4u * n + i] > 0.5 && firstTime[i] < 0.0) {
    firstTime[i] = control.time;
  }
}
