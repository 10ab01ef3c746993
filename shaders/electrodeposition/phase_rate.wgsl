// The Allen-Cahn part of the electrodeposition rate and the conductivity, per cell, from xi
// (src/solver/electrodeposition.ts; float64 twin allenCahnRate / conductivityOf in
// src/solver/electrodepositionReference.ts; docs/electrodeposition.md "Numerics" 1):
//   A     = -[g'(xi) - div J],   g'(xi) = 2 xi (1 - xi) (1 - 2 xi)      (internal units: L_s = W = kappa0 = 1)
//   J     = (a xi_x - a' xi_y / 2, a xi_y + a' xi_x / 2),  a = 1 + delta cos(omega theta), theta = atan2(xi_y, xi_x)
//   phase = (A, lEta h'(xi)),   h'(xi) = 30 xi^2 (1 - xi)^2          (the weight of the Butler-Volmer term)
//   sigma = sigma_e h(xi) + sigma_l (1 - h(xi)),  h = xi^3 (6 xi^2 - 15 xi + 10)
// With model.noiseAmplitude alpha_n > 0, the Langevin noise of Chen et al. (J. Power Sources 300 (2015) 376)
// and Hong & Viswanathan (ACS Energy Lett. 3 (2018) 1737; MOOSE's LangevinNoise in their input), weighted by
// h'(xi) so that it acts in the interface only (docs/electrodeposition.md "Noise"):
//   A += alpha_n h'(xi) r,   r = u - 1/2,  u uniform on [0, 1) from a counter-based hash of (cell, step, seed)
// (the PCG hash of Jarzynski & Olano, J. Comput. Graph. Tech. 9 (2020) 21): reproducible, no CPU randomness,
// one r per cell and step, held through the step's coupling passes (A is computed once per step).
// J is evaluated on the four faces of the cell (Kobayashi's torque terms, Physica D 63 (1993) 410, as
// PFHub benchmark 3 writes them): the normal derivative across the face, the tangential one the mean of
// the two cells' central differences. The held faces x = 0 (xi = 1) and x = L (xi = 0) are ghost cells
// 2 g - xi; the lateral faces are mirrored (no flux, and no J through them) or wrapped (model.shape.z = 1).
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

fn lateral_row(iy: i32) -> i32 {
  let ny = i32(model.shape.y);
  if (iy >= 0 && iy < ny) { return iy; }
  if (model.shape.z == 1u) { return (iy + ny) % ny; }
  return select(ny - 1, 0, iy < 0);
}

fn phase_at(ix: i32, iy: i32) -> f32 {
  let nx = i32(model.shape.x);
  let y = lateral_row(iy);
  if (ix < 0) { return 2.0 - xi[y * nx]; }
  if (ix >= nx) { return -xi[y * nx + nx - 1]; }
  return xi[y * nx + ix];
}

// Below |g| = 1e-20 (the electrolyte's far field, where xi decays to subnormal values) J is g: the torque
// terms are smaller than delta |g| there, and atan2 of subnormals, flushed to zero, is NaN on some drivers.
fn anisotropic_flux(g: vec2<f32>) -> vec2<f32> {
  if (max(abs(g.x), abs(g.y)) < 1e-20) { return g; }
  let angle = model.mode * atan2(g.y, g.x);
  let a = 1.0 + model.strength * cos(angle);
  let slope = -model.strength * model.mode * sin(angle);
  return vec2<f32>(a * g.x - 0.5 * slope * g.y, a * g.y + 0.5 * slope * g.x);
}

// J . e_x on the face between cells (f - 1, iy) and (f, iy)
fn flux_x(f: i32, iy: i32) -> f32 {
  let gx = (phase_at(f, iy) - phase_at(f - 1, iy)) * model.spacing.z;
  let gy = (phase_at(f - 1, iy + 1) - phase_at(f - 1, iy - 1) + phase_at(f, iy + 1) - phase_at(f, iy - 1)) * 0.25 * model.spacing.w;
  return anisotropic_flux(vec2<f32>(gx, gy)).x;
}

// J . e_y on the face between rows f - 1 and f of column ix (0 on a no-flux wall)
fn flux_y(ix: i32, f: i32) -> f32 {
  let ny = i32(model.shape.y);
  if (model.shape.z == 0u && (f == 0 || f == ny)) { return 0.0; }
  let gy = (phase_at(ix, f) - phase_at(ix, f - 1)) * model.spacing.w;
  let gx = (phase_at(ix + 1, f - 1) - phase_at(ix - 1, f - 1) + phase_at(ix + 1, f) - phase_at(ix - 1, f)) * 0.25 * model.spacing.z;
  return anisotropic_flux(vec2<f32>(gx, gy)).y;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  let ix = i32(i % model.shape.x);
  let iy = i32(i / model.shape.x);
  let divergence = (flux_x(ix + 1, iy) - flux_x(ix, iy)) * model.spacing.z + (flux_y(ix, iy + 1) - flux_y(ix, iy)) * model.spacing.w;
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
