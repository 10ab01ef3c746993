// The coefficients of one implicit Nernst-Planck step with the deposition sink, in the Slotboom variable
// u = c~ e^{n phi} (Slotboom, Electron. Lett. 5 (1969) 677; Scharfetter & Gummel, IEEE Trans. Electron
// Devices 16 (1969) 64; src/solver/electrodeposition.ts, float64 twin nernstPlanckStep;
// docs/electrodeposition.md "Numerics" 3):
//   (1 + dt r k) b u' - dt div(D_f m_f grad u') = c~ - dt r base,   b = e^{-n phi}, r = c_s / c0
//   rate = base + k c~'  with  base = A - w e^{(1 - alpha) n phi},  k = w e^{-alpha n phi}  (w = lEta h')
// per cell: coefficients = (b, mass = (1 + dt r k) b, base, k); weights = (w to +x, w to +y, w to +z, 0) with
// w_f = dt D(mean xi) m_f / h^2, m_f the logarithmic mean of b over the face (exact for phi linear between
// the centres), the held face x = L as 2 dt D_l m(b, b_L) / h^2; diagonal of the operator; right side
// c~ - dt r base (+ w_L u_L in the last column, u_L = c_b / b_L).
// Bindings: 0 xi, 1 phi, 2 c~ (the step's start), 3 phase (vec2 A, w), 4 coefficients (vec4, write),
//   5 weights (vec4, write), 6 diagonal (write), 7 rhs (write), 8 model.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> xi: array<f32>;
@group(0) @binding(1) var<storage, read> phi: array<f32>;
@group(0) @binding(2) var<storage, read> concentration: array<f32>;
@group(0) @binding(3) var<storage, read> phase: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> coefficients: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> weights: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> diagonal: array<f32>;
@group(0) @binding(7) var<storage, read_write> rhs: array<f32>;
@group(0) @binding(8) var<uniform> model: ElectrodepositionParams;

fn boltzmann(p: f32) -> f32 {
  return exp(-model.electrons * p);
}

// (a - b) / ln(a / b) for a, b > 0, written through the exponents (pa = -n phi_a) so that it is accurate
// as a -> b: b (e^d - 1) / d, d = pa - pb, by its series for small d
fn log_mean(pa: f32, pb: f32) -> f32 {
  let d = pa - pb;
  let base = exp(pb);
  if (abs(d) < 1e-3) { return base * (1.0 + d * (0.5 + d / 6.0)); }
  return base * (exp(d) - 1.0) / d;
}

fn diffusivity(x: f32) -> f32 {
  let v = clamp(x, 0.0, 1.0);
  let h = v * v * v * (6.0 * v * v - 15.0 * v + 10.0);
  return model.diffusivityElectrode * h + model.diffusivityElectrolyte * (1.0 - h);
}

// dt D_f m_f / h^2 on the face between cells i and j along axis a
fn face_weight(i: u32, j: u32, a: u32) -> f32 {
  let n = model.electrons;
  let inverseSpacing = vec3<f32>(model.spacing.z, model.spacing.w, model.inverseSpacingZ)[a];
  return model.dt * diffusivity(0.5 * (xi[i] + xi[j])) * log_mean(-n * phi[i], -n * phi[j]) * inverseSpacing * inverseSpacing;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  let nx = model.shape.x;
  let ny = model.shape.y;
  let nz = model.shape.z;
  let layer = nx * ny;
  let ix = i % nx;
  let iy = (i / nx) % ny;
  let iz = i / layer;
  let n = model.electrons;
  let p = phi[i];
  let b = boltzmann(p);
  let w = phase[i].y;
  let k = w * exp(-model.alpha * n * p);
  let base = phase[i].x - w * exp((1.0 - model.alpha) * n * p);
  let mass = (1.0 + model.dt * model.depositRatio * k) * b;
  coefficients[i] = vec4<f32>(b, mass, base, k);
  var right = concentration[i] - model.dt * model.depositRatio * base;
  var wx = 0.0;
  if (ix + 1u < nx) {
    wx = face_weight(i, i + 1u, 0u);
  } else {
    // the held face x = L half a cell away: 2 dt D_l m(b, b_L) / h^2; its u_L = c_b / b_L to the right side
    let pL = -n * model.potentialElectrolyte;
    wx = 2.0 * model.dt * model.diffusivityElectrolyte * log_mean(-n * p, pL) * model.spacing.z * model.spacing.z;
    right = right + wx * model.electrolyteConcentration * exp(-pL);
  }
  var wy = 0.0;
  let periodic = model.shape.w == 1u;
  // the cell with its y (z) index replaced, wrapped
  let rowStart = i - iy * nx;
  let layerStart = i - iz * layer;
  if (ny > 1u && (iy + 1u < ny || periodic)) { wy = face_weight(i, rowStart + ((iy + 1u) % ny) * nx, 1u); }
  var wz = 0.0;
  if (nz > 1u && (iz + 1u < nz || periodic)) { wz = face_weight(i, layerStart + ((iz + 1u) % nz) * layer, 2u); }
  var d = mass + wx + wy + wz;
  if (ix > 0u) { d = d + face_weight(i, i - 1u, 0u); }
  if (ny > 1u && (iy > 0u || periodic)) { d = d + face_weight(i, rowStart + ((iy + ny - 1u) % ny) * nx, 1u); }
  if (nz > 1u && (iz > 0u || periodic)) { d = d + face_weight(i, layerStart + ((iz + nz - 1u) % nz) * layer, 2u); }
  weights[i] = vec4<f32>(wx, wy, wz, 0.0);
  diagonal[i] = d;
  rhs[i] = right;
}
