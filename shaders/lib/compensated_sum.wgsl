// Library: one step of a compensated (Kahan) running sum in float32 (Kahan, CACM 8 (1965) 40),
//   (sum, carry) <- (total + (increment - carry), rounding error of that addition)
// For the sums a step adds to many times: the clock (time += dt) and the particle's Li (the k = 0 mode
// += dt I). Plain float32 rounds each addition to the grid of the total (ulp ~ 6e-8 of it); under a
// constant step that rounding repeats with one sign and builds up (measured: clock and inserted charge
// 5e-5 off after 5700 equal steps). `never` must be a run-time condition that is always false (e.g. the
// step counter equal to 0xffffffff): the sum passes through a select on it, so that shader compilers,
// which may reassociate float arithmetic, cannot fold (sum - total) - increment to zero.
// Returns vec2(sum, carry); keep the carry with the total for the next call.

fn compensated_add(total: f32, carry: f32, increment: f32, never: bool) -> vec2<f32> {
  let corrected = increment - carry;
  let sum = select(total + corrected, total, never);
  return vec2<f32>(sum, (sum - total) - corrected);
}
