// Newton residual of the field Poisson(-Boltzmann) equation (src/solver/fieldPoisson.ts):
//   r     = rho(phi) + div_h(eps grad_h phi)         (held face values included; 0 at the solution)
//   rho   = chargeScale * source + q exp(-phi / V)   (fixed charge; one mobile ion in Boltzmann
//                                                     equilibrium, bulk charge density q, V = kT / (z e))
//   sigma = -d rho / d phi = (q / V) exp(-phi / V)   (>= 0: the diagonal of the Newton operator)
// Without a mobile ion q = 0 and sigma = 0 (the linear, variable-permittivity Poisson equation).
// The exponent is clamped to +-60 so an overshooting Newton iterate stays finite in float32.
// Bindings: 0 field phi (read), 1 permittivity, 2 faceValues, 3 source (read), 4 residual (write),
//   5 sigma (write), 6 params (FieldPoissonParams).

// #import electrochem/eps_divergence

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> permittivity: array<f32>;
@group(0) @binding(2) var<storage, read> faceValues: array<f32>;
@group(0) @binding(3) var<storage, read> source: array<f32>;
@group(0) @binding(4) var<storage, read_write> residual: array<f32>;
@group(0) @binding(5) var<storage, read_write> sigma: array<f32>;
@group(0) @binding(6) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.cellCount) { return; }
  let mobile = params.mobileCharge * exp(clamp(-field[i] * params.inverseThermalVoltage, -60.0, 60.0));
  residual[i] = params.chargeScale * source[i] + mobile + eps_divergence(i, true);
  sigma[i] = mobile * params.inverseThermalVoltage;
}
