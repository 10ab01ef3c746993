// The Allen-Cahn part of the electrodeposition rate and the conductivity, per cell, from xi
// (src/solver/electrodeposition.ts; float64 twin allenCahnRate / conductivityOf in
// src/solver/electrodepositionReference.ts; docs/electrodeposition.md "Numerics" 1):
//   A     = -[g'(xi) - div J],   g'(xi) = 2 xi (1 - xi) (1 - 2 xi)      (internal units: L_s = W = kappa0 = 1)
//   J     = dE/dg of the gradient energy E = (1/2) a(n) |g|^2, g = grad xi, n = g / |g|:
//   cubic (omega = 4 in 2D, and every 3D grid): a(n) = 1 + delta (4 (n_x^4 + n_y^4 + n_z^4) - 3), and
//           J = a g + (|g|^2 / 2) da/dg,  da/dg_j = sum_i (da/dn_i) dn_i/dg_j = sum_i 16 delta n_i^3 (delta_ij - n_i n_j) / |g|,
//           so J = |g| [a n + 8 delta (n^3 - S4 n)],  n^3 componentwise, S4 = n_x^4 + n_y^4 + n_z^4.
//           In a plane (n_z = 0, n = (cos theta, sin theta)) n_x^4 + n_y^4 = 3/4 + cos(4 theta) / 4: a = 1 + delta
//           cos(4 theta), and J equals Kobayashi's form below with omega = 4 (the 2D scene is unchanged).
//   Kobayashi (2D, omega != 4): J = (a xi_x - a' xi_y / 2, a xi_y + a' xi_x / 2),  a = 1 + delta cos(omega theta),
//           theta = atan2(xi_y, xi_x)
//   phase = (A, lEta h'(xi)),   h'(xi) = 30 xi^2 (1 - xi)^2          (the weight of the Butler-Volmer term)
//   sigma = sigma_e h(xi) + sigma_l (1 - h(xi)),  h = xi^3 (6 xi^2 - 15 xi + 10)
// With model.noiseAmplitude alpha_n > 0, the Langevin noise of Chen et al. (J. Power Sources 300 (2015) 376)
// and Hong & Viswanathan (ACS Energy Lett. 3 (2018) 1737; MOOSE's LangevinNoise in their input), weighted by
// h'(xi) so that it acts in the interface only (docs/electrodeposition.md "Noise"):
//   A += alpha_n h'(xi) r,   r = u - 1/2,  u uniform on [0, 1) from a counter-based hash of (cell, step, seed)
// (the PCG hash of Jarzynski & Olano, J. Comput. Graph. Tech. 9 (2020) 21): reproducible, no CPU randomness,
// one r per cell and step, held through the step's coupling passes (A is computed once per step).
// J is evaluated on the four (2D) or six (3D) faces of the cell (Kobayashi's torque terms, Physica D 63
// (1993) 410, as PFHub benchmark 3 writes them; their cubic generalisation above): the normal derivative across
// the face, the tangential ones the mean of the two cells' central differences. The held faces x = 0 (xi = 1)
// and x = L (xi = 0) are ghost cells 2 g - xi; the lateral faces (y, z) are mirrored (no flux, and no J through
// them) or wrapped (model.shape.w = 1). Cells x fastest, then y, then z (model.shape.z = 1 in 2D).
// Bindings: 0 xi (read), 1 phase (vec2, write), 2 sigma (write), 3 model (ElectrodepositionParams),
//   4 the step counter (read; deposition_advance.wgsl counts).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> xi: array<f32>;
@group(0) @binding(1) var<storage, read_write> phase: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> sigma: array<f32>;
@group(0) @binding(3) var<uniform> model: ElectrodepositionParams;
@group(0) @binding(4) var<storage, read> stepCounter: array<u32>;

fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// r uniform on [-1/2, 1/2) (24 bits) for cell i in the current step
fn noise_sample(i: u32) -> f32 {
  let bits = pcg_hash(i ^ pcg_hash(stepCounter[0] ^ pcg_hash(model.noiseSeed)));
  return f32(bits >> 8u) * (1.0 / 16777216.0) - 0.5;
}

fn lateral_index(k: i32, n: i32) -> i32 {
  if (k >= 0 && k < n) { return k; }
  if (model.shape.w == 1u) { return (k + n) % n; }
  return select(n - 1, 0, k < 0);
}

// xi at cell c = (ix, iy, iz) with the held faces x as ghost cells and the lateral faces mirrored or wrapped
fn phase_at(c: vec3<i32>) -> f32 {
  let nx = i32(model.shape.x);
  let ny = i32(model.shape.y);
  let row = (lateral_index(c.z, i32(model.shape.z)) * ny + lateral_index(c.y, ny)) * nx;
  if (c.x < 0) { return 2.0 - xi[row]; }
  if (c.x >= nx) { return -xi[row + nx - 1]; }
  return xi[row + c.x];
}

// Below |g| = 1e-20 (the electrolyte's far field, where xi decays to subnormal values) J is g: the torque
// terms are smaller than delta |g| there, and atan2 of subnormals, flushed to zero, is NaN on some drivers.
fn kobayashi_flux(g: vec2<f32>) -> vec2<f32> {
  let angle = model.mode * atan2(g.y, g.x);
  let a = 1.0 + model.strength * cos(angle);
  let slope = -model.strength * model.mode * sin(angle);
  return vec2<f32>(a * g.x - 0.5 * slope * g.y, a * g.y + 0.5 * slope * g.x);
}

// The cubic form |g| [a n + 8 delta (n^3 - S4 n)] (header); n from g scaled by its largest component, so that
// |g|^2 does not underflow in float32 for small gradients.
fn cubic_flux(g: vec3<f32>) -> vec3<f32> {
  let largest = max(max(abs(g.x), abs(g.y)), abs(g.z));
  let scaled = g / largest;
  let length_scaled = length(scaled);
  let n = scaled / length_scaled;
  let magnitude = largest * length_scaled;
  let n2 = n * n;
  let s4 = dot(n2, n2);
  let a = 1.0 + model.strength * (4.0 * s4 - 3.0);
  return magnitude * (a * n + 8.0 * model.strength * (n2 * n - s4 * n));
}

// J from the gradient on a face: the cubic form for omega = 4 and in 3D (where the scene allows only omega = 4
// or delta = 0), Kobayashi's for the other 2D modes
fn anisotropic_flux(g: vec3<f32>) -> vec3<f32> {
  if (max(max(abs(g.x), abs(g.y)), abs(g.z)) < 1e-20) { return g; }
  if (model.mode == 4.0 || model.shape.z > 1u) { return cubic_flux(g); }
  return vec3<f32>(kobayashi_flux(g.xy), 0.0);
}

fn unit_axis(a: u32) -> vec3<i32> {
  return vec3<i32>(select(0, 1, a == 0u), select(0, 1, a == 1u), select(0, 1, a == 2u));
}

// J . e_a on the face between the cell below c along axis a and c (0 through a no-flux lateral wall): the
// normal derivative across the face, the tangential ones the mean of the two cells' central differences
fn face_flux(a: u32, c: vec3<i32>, dims: u32) -> f32 {
  let extent = vec3<i32>(model.shape.xyz);
  if (a > 0u && model.shape.w == 0u && (c[a] == 0 || c[a] == extent[a])) { return 0.0; }
  let inverse = vec3<f32>(model.spacing.z, model.spacing.w, model.inverseSpacingZ);
  let below = c - unit_axis(a);
  var g = vec3<f32>(0.0);
  for (var b = 0u; b < dims; b = b + 1u) {
    if (b == a) {
      g[b] = (phase_at(c) - phase_at(below)) * inverse[b];
    } else {
      let e = unit_axis(b);
      g[b] = (phase_at(below + e) - phase_at(below - e) + phase_at(c + e) - phase_at(c - e)) * 0.25 * inverse[b];
    }
  }
  return anisotropic_flux(g)[a];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  let nx = model.shape.x;
  let ny = model.shape.y;
  let c = vec3<i32>(i32(i % nx), i32((i / nx) % ny), i32(i / (nx * ny)));
  let dims = select(2u, 3u, model.shape.z > 1u);
  let inverse = vec3<f32>(model.spacing.z, model.spacing.w, model.inverseSpacingZ);
  var divergence = 0.0;
  for (var a = 0u; a < dims; a = a + 1u) {
    divergence = divergence + (face_flux(a, c + unit_axis(a), dims) - face_flux(a, c, dims)) * inverse[a];
  }
  let v = xi[i];
  let barrier = 2.0 * v * (1.0 - v) * (1.0 - 2.0 * v);
  let x = clamp(v, 0.0, 1.0);
  let h = x * x * x * (6.0 * x * x - 15.0 * x + 10.0);
  let slope = 30.0 * x * x * (1.0 - x) * (1.0 - x);
  var allenCahn = -(barrier - divergence);
  if (model.noiseAmplitude != 0.0) { allenCahn = allenCahn + model.noiseAmplitude * slope * noise_sample(i); }
  phase[i] = vec2<f32>(allenCahn, model.reactionConstant * slope);
  sigma[i] = model.conductivityElectrode * h + model.conductivityElectrolyte * (1.0 - h);
}
