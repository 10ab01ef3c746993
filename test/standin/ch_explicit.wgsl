// TEMPORARY development stand-in for the viewport (removed when src/solver/simulation.ts lands).
// Explicit finite-difference Cahn-Hilliard, periodic, dx = 1:
//   potential: mu = f'(c) - kappa lap c,  energy = f(c) + kappa/2 |grad c|^2,  f = w c^2 (1-c)^2
//   update:    c' = c + dt M lap mu
// Bindings: 0 c (read or read_write), 1 mu, 2 energy, 3 params.
struct StandinParams { nx: u32, ny: u32, nz: u32, w: f32, kappa: f32, mobility: f32, dt: f32, pad: f32 };
@group(0) @binding(0) var<storage, read_write> c: array<f32>;
@group(0) @binding(1) var<storage, read_write> mu: array<f32>;
@group(0) @binding(2) var<storage, read_write> energy: array<f32>;
@group(0) @binding(3) var<uniform> p: StandinParams;

fn idx(x: i32, y: i32, z: i32) -> u32 {
  let X = u32((x + i32(p.nx)) % i32(p.nx));
  let Y = u32((y + i32(p.ny)) % i32(p.ny));
  let Z = u32((z + i32(p.nz)) % i32(p.nz));
  return X + p.nx * (Y + p.ny * Z);
}
fn coords(i: u32) -> vec3<i32> {
  return vec3<i32>(i32(i % p.nx), i32((i / p.nx) % p.ny), i32(i / (p.nx * p.ny)));
}
fn lap_c(q: vec3<i32>) -> f32 {
  var s = c[idx(q.x + 1, q.y, q.z)] + c[idx(q.x - 1, q.y, q.z)] + c[idx(q.x, q.y + 1, q.z)] + c[idx(q.x, q.y - 1, q.z)] - 4.0 * c[idx(q.x, q.y, q.z)];
  if (p.nz > 1u) { s += c[idx(q.x, q.y, q.z + 1)] + c[idx(q.x, q.y, q.z - 1)] - 2.0 * c[idx(q.x, q.y, q.z)]; }
  return s;
}
fn lap_mu(q: vec3<i32>) -> f32 {
  var s = mu[idx(q.x + 1, q.y, q.z)] + mu[idx(q.x - 1, q.y, q.z)] + mu[idx(q.x, q.y + 1, q.z)] + mu[idx(q.x, q.y - 1, q.z)] - 4.0 * mu[idx(q.x, q.y, q.z)];
  if (p.nz > 1u) { s += mu[idx(q.x, q.y, q.z + 1)] + mu[idx(q.x, q.y, q.z - 1)] - 2.0 * mu[idx(q.x, q.y, q.z)]; }
  return s;
}
@compute @workgroup_size(64)
fn potential(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>) {
  let i = g.x + g.y * n.x * 64u;
  if (i >= p.nx * p.ny * p.nz) { return; }
  let q = coords(i);
  let v = c[i];
  let fp = p.w * 2.0 * v * (1.0 - v) * (1.0 - 2.0 * v);
  mu[i] = fp - p.kappa * lap_c(q);
  let gx = c[idx(q.x + 1, q.y, q.z)] - v;
  let gy = c[idx(q.x, q.y + 1, q.z)] - v;
  var gz = 0.0;
  if (p.nz > 1u) { gz = c[idx(q.x, q.y, q.z + 1)] - v; }
  energy[i] = p.w * v * v * (1.0 - v) * (1.0 - v) + 0.5 * p.kappa * (gx * gx + gy * gy + gz * gz);
}
@compute @workgroup_size(64)
fn update(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>) {
  let i = g.x + g.y * n.x * 64u;
  if (i >= p.nx * p.ny * p.nz) { return; }
  c[i] = c[i] + p.dt * p.mobility * lap_mu(coords(i));
}
