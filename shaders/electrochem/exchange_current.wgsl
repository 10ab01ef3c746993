// Library: the exchange-current factor g(c, mu~) of i0 = k0 g (src/physics/kinetics.ts), as its
// logarithm so that g exp(-alpha mu~) and g exp((1 - alpha) mu~) are formed from one exponent each
// (no overflow of g alone when mu~ is large). mu~ = mu / kT. EXCHANGE_FORM:
//   0 constant       ln g = 0
//   1 concentration  ln g = (1 - alpha) ln c + alpha ln(1 - c)   (ideal solution)
//   2 activity       ln g = ln(1 - c) + alpha mu~                 (Bazant, Acc. Chem. Res. 46 (2013) 1144)
// c is clamped into (1e-6, 1 - 1e-6) inside the logarithms. params.logRateFactor = ln(k0(T)/k0(T_scene)),
// the Arrhenius factor of the thermal coupling (0 when isothermal). Needs `params` with `alpha`, `logRateFactor`.
override EXCHANGE_FORM: u32 = 0u;

fn log_exchange_factor(c: f32, mu_kt: f32) -> f32 {
  let x = clamp(c, 1.0e-6, 1.0 - 1.0e-6);
  if (EXCHANGE_FORM == 1u) { return params.logRateFactor + (1.0 - params.alpha) * log(x) + params.alpha * log(1.0 - x); }
  if (EXCHANGE_FORM == 2u) { return params.logRateFactor + log(1.0 - x) + params.alpha * mu_kt; }
  return params.logRateFactor;
}
