// Library: Marcus-Hush-Chidsey kinetics in the closed form of Zeng, Smith, Bai & Bazant,
// J. Electroanal. Chem. 735 (2014) 77 (eq. 14 there), eta and lambda in kT, insertion positive:
//   k_red(eta) = sqrt(pi lambda) / (1 + exp(eta)) erfc( (lambda - sqrt(1 + sqrt(lambda) + eta^2)) / (2 sqrt(lambda)) )
//   net(eta)   = (k_red(eta) - k_red(-eta)) / k_red(0)      (R / i0; Li goes in for eta < 0)
// and d net / d eta from the analytic derivative of k_red:
//   k_red'(eta) = -k_red(eta) s(eta) + sqrt(pi lambda)/(1 + exp(eta)) (2/sqrt(pi)) exp(-u^2) eta / (2 sqrt(lambda) r)
// with s the logistic function exp(eta)/(1 + exp(eta)), u the erfc argument and r = sqrt(1 + sqrt(lambda) + eta^2).
// The same formulas in float64: src/physics/kinetics.ts (marcusReduction, marcusHushChidsey).
// Unlike Butler-Volmer the rate saturates: |net| < 2 sqrt(pi lambda) / k_red(0) for every eta.

const MARCUS_SQRT_PI: f32 = 1.7724538509055159;

// erfc with fractional error below 1.2e-7 (Chebyshev fit of Numerical Recipes, 2nd ed., sec. 6.2).
fn marcus_erfc(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(2.0 - r, r, x >= 0.0);
}

// logistic 1 / (1 + exp(-eta)) without overflow
fn marcus_logistic(eta: f32) -> f32 {
  if (eta >= 0.0) { return 1.0 / (1.0 + exp(-eta)); }
  let e = exp(eta);
  return e / (1.0 + e);
}

// k_red(eta) and its derivative (x: value, y: d/d eta)
fn marcus_reduction(eta: f32, lambda: f32) -> vec2<f32> {
  let sl = sqrt(lambda);
  let r = sqrt(1.0 + sl + eta * eta);
  let u = (lambda - r) / (2.0 * sl);
  let prefactor = MARCUS_SQRT_PI * sl * marcus_logistic(-eta); // sqrt(pi lambda) / (1 + exp(eta))
  let k = prefactor * marcus_erfc(u);
  let slope = -k * marcus_logistic(eta) + prefactor * (2.0 / MARCUS_SQRT_PI) * exp(-u * u) * eta / (2.0 * sl * r);
  return vec2<f32>(k, slope);
}

// net(eta) = R / i0 and d net / d eta (<= 0)
fn marcus_net(eta: f32, lambda: f32) -> vec2<f32> {
  let plus = marcus_reduction(eta, lambda);
  let minus = marcus_reduction(-eta, lambda);
  let k0 = marcus_reduction(0.0, lambda).x;
  return vec2<f32>((plus.x - minus.x) / k0, (plus.y + minus.y) / k0);
}

// the saturation value of |net| (eta -> -infinity): 2 sqrt(pi lambda) / k_red(0)
fn marcus_limit(lambda: f32) -> f32 {
  return 2.0 * MARCUS_SQRT_PI * sqrt(lambda) / marcus_reduction(0.0, lambda).x;
}
