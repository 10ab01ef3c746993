// Per-cell terms of the electrodeposition observables that the viewport reads back each frame
// (src/solver/depositionSimulation.ts; float64 twin depositionObservables in
// src/solver/electrodepositionObservables.ts, same differences; reduced afterwards by reduce/field_stats):
//   terms[i]          = |grad xi|                         (sum h^2 / Ly: interface length per width; 3D: sum h^3 / (Ly Lz),
//                                                          the interface area per electrode area)
//   terms[n + i]      = x of the xi = 1/2 crossing between cell i and its +x neighbour, else 0
//                       (linear between cell centres; max: the tip position)
//   terms[2 n + i]    = g(xi) = xi^2 (1 - xi)^2           (sum W l0^2 h^2: the double-well energy)
//   terms[3 n + i]    = (1/2) a |grad xi|^2,  a = 1 + delta cos(omega theta), theta = atan2(xi_y, xi_x) in 2D,
//                       the cubic a(n) = 1 + delta (4 (n_x^4 + n_y^4 + n_z^4) - 3) in 3D (phase_rate.wgsl)
//                       (sum W l0^2 h^2: the anisotropic gradient energy (1/2) kappa |grad xi|^2; 3D: W l0^3 h^3)
//   terms[4 n + i]    = 2 (phi_L - phi) / hx in the last column (the potential gradient at the face x = L), else 0
//                       (sum sigma_l / (ny nz): the electrolyte's face current density)
//   terms[5 n + i]    = xi - xi0                          (sum c_s h^2 / Ly, 3D c_s h^3 / (Ly Lz): Li deposited since the start; the
//                       difference before the sum keeps a small deposit above the float32 rounding of sum xi)
// in internal units (W = kappa0 = 1). grad xi: central differences inside, the held faces' values half a
// cell out (ghosts 2 - xi at x = 0, -xi at x = L), one-sided at no-flux lateral walls (y, z), wrapped when periodic.
// Bindings: 0 xi (read), 1 phi (read), 2 xi0 (read, the initial state), 3 terms (write, 6 n), 4 model.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> xi: array<f32>;
@group(0) @binding(1) var<storage, read> phi: array<f32>;
@group(0) @binding(2) var<storage, read> xi0: array<f32>;
@group(0) @binding(3) var<storage, read_write> terms: array<f32>;
@group(0) @binding(4) var<uniform> model: ElectrodepositionParams;

// d xi / d(lateral axis) at index k of n along it (stride in cells): central inside, one-sided at a no-flux wall,
// wrapped when periodic, 0 for a single layer
fn lateral_derivative(i: u32, k: u32, n: u32, stride: u32, h: f32) -> f32 {
  if (n == 1u) { return 0.0; }
  let periodic = model.shape.w == 1u;
  let a = xi[i];
  var down = a;
  var up = a;
  if (k > 0u) { down = xi[i - stride]; } else if (periodic) { down = xi[i + (n - 1u) * stride]; }
  if (k + 1u < n) { up = xi[i + stride]; } else if (periodic) { up = xi[i - (n - 1u) * stride]; }
  let interior = (k > 0u && k + 1u < n) || periodic;
  return (up - down) / select(h, 2.0 * h, interior);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  let n = model.cellCount;
  if (i >= n) { return; }
  let nx = model.shape.x;
  let ny = model.shape.y;
  let nz = model.shape.z;
  let ix = i % nx;
  let iy = (i / nx) % ny;
  let iz = i / (nx * ny);
  let h = model.spacing.x;
  let a = xi[i];

  var tip = 0.0;
  if (ix + 1u < nx) {
    let b = xi[i + 1u];
    if (a >= 0.5 && b < 0.5) { tip = (f32(ix) + 0.5 + (a - 0.5) / (a - b)) * h; }
  }

  var left = 2.0 - a;
  var right = -a;
  if (ix > 0u) { left = xi[i - 1u]; }
  if (ix + 1u < nx) { right = xi[i + 1u]; }
  let gx = (right - left) / (2.0 * h);
  let gy = lateral_derivative(i, iy, ny, nx, h);
  let gz = lateral_derivative(i, iz, nz, nx * ny, h);
  let g2 = gx * gx + gy * gy + gz * gz;
  // below |grad xi| = 1e-20 the orientation is undefined (atan2 of flushed subnormals): a = 1, as phase_rate.wgsl
  var anisotropy = 1.0;
  if (max(max(abs(gx), abs(gy)), abs(gz)) >= 1e-20) {
    if (nz > 1u) {
      let scaled = vec3<f32>(gx, gy, gz) / max(max(abs(gx), abs(gy)), abs(gz));
      let n = scaled / length(scaled);
      let n2 = n * n;
      anisotropy = 1.0 + model.strength * (4.0 * dot(n2, n2) - 3.0);
    } else {
      anisotropy = 1.0 + model.strength * cos(model.mode * atan2(gy, gx));
    }
  }

  terms[i] = sqrt(g2);
  terms[n + i] = tip;
  terms[2u * n + i] = a * a * (1.0 - a) * (1.0 - a);
  terms[3u * n + i] = 0.5 * anisotropy * g2;
  terms[4u * n + i] = select(0.0, 2.0 * (model.potentialElectrolyte - phi[i]) / h, ix + 1u == nx);
  terms[5u * n + i] = a - xi0[i];
}
