// Library: the explicit Cahn-Hilliard rate N_hat = [div(M grad mu)]^ of one mode of the half spectrum,
// shared by the first-order update (semi_implicit_update.wgsl) and the exponential Runge-Kutta stages
// (etd_stage.wgsl):
//   constant mobility  N_hat = -M0 k^2 (g_hat + (kappa k^2 + B_explicit) c_hat),   g = f'(c) (+ mu_el)
//   variable mobility  N_hat = i k . J_hat,  J = M(c) grad mu  (mobility_flux.wgsl); between no-flux walls
//                      J_d is a sine series along a walled axis d and its divergence is mapped back
//                      to the cosine basis (wall_derivative.wgsl, docs/boundaries.md)
// and the modulus B(n) of homogeneous-modulus elasticity (Khachaturyan): in the implicit / linear
// operator always, in the explicit rate only for the exact homogeneous solution (ELASTIC_EXPLICIT;
// inhomogeneous moduli put mu_el into g and use B(n) of the reference medium as a stabiliser).
// Needs: params (ChParams), fluxX/Y/Z, modulus, overrides VARIABLE_MOBILITY, ELASTIC, ELASTIC_EXPLICIT,
// and lib/complex + ch/wavevector.

fn elastic_modulus(i: u32) -> f32 {
  if (ELASTIC) { return modulus[i]; }
  return 0.0;
}

fn explicit_elastic_modulus(i: u32) -> f32 {
  if (ELASTIC && ELASTIC_EXPLICIT) { return modulus[i]; }
  return 0.0;
}

// Flux spectrum of axis a at mode `index`.
fn axis_flux(a: u32, index: u32) -> vec2<f32> {
  if (a == 0u) { return fluxX[index]; }
  if (a == 1u) { return fluxY[index]; }
  return fluxZ[index];
}

fn explicit_rate(i: u32, k: vec3<f32>, g: vec2<f32>, c: vec2<f32>) -> vec2<f32> {
  if (VARIABLE_MOBILITY) {
    // periodic axes: i k_d J_d (derivative_wavevector is zero on walled axes)
    let kd = derivative_wavevector(i);
    var divergence = kd.x * fluxX[i] + kd.y * fluxY[i];
    if (params.shape.z > 1u) { divergence = divergence + kd.z * fluxZ[i]; }
    var rate = mul_i(divergence);
    // cosine (no-flux) axes: J_d is a sine series along d (wall_derivative.wgsl); d/dx sin(pi m x / L)
    // = (pi m / L) cos(pi m x / L), so cosine mode m >= 1 takes +(pi m / L) J_d[sine index m - 1]
    let m = spectral_index(i);
    let s = params.spectrumShape;
    let strides = vec3<u32>(1u, s.x, s.x * s.y);
    for (var a = 0u; a < 3u; a = a + 1u) {
      if (params.basis[a] == 1u && m[a] > 0u) {
        rate = rate + (PI * f32(m[a]) * params.inverseSize[a]) * axis_flux(a, i - strides[a]);
      }
    }
    return rate;
  }
  let k2 = dot(k, k);
  return -params.mobility * k2 * (g + (params.kappa * k2 + explicit_elastic_modulus(i)) * c);
}
