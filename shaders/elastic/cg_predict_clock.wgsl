// Inhomogeneous elasticity, conjugate gradients: the predictor clock (one invocation, after
// cg_predict.wgsl). For a solve at t = control.time + STAGE_FRACTION control.dt, with t0, t1 the times of
// the last two solves that moved the clock:
//   t > t1:  (t0, t1) <- (t1, t)   the solution about to be computed is the newest of the two
//   t < t1:  (t0, t1) <- (t, t)    time went back (a rejected step, a rollback): no slope until two
//                                  more solves have moved the clock on
//   t = t1:  unchanged
// Bindings: history (read/write; t0, t1 after the packed strain history), control (StepControl prefix,
//   read), params (ChParams).

override FLUCTUATING: u32 = 63u;
override STAGE_FRACTION: f32 = 0.0;

@group(0) @binding(0) var<storage, read_write> history: array<f32>;
@group(0) @binding(1) var<storage, read> control: StepControl;
@group(0) @binding(2) var<uniform> params: ChParams;

@compute @workgroup_size(1)
fn main() {
  // a held call (control.status != 0: priming, paused, done) leaves the clock alone (cg_predict.wgsl)
  if (control.status != 0u) { return; }
  let clock = countOneBits(FLUCTUATING) * params.cellCount;
  let t1 = history[clock + 1u];
  let t = control.time + STAGE_FRACTION * control.dt;
  if (t > t1) {
    history[clock] = t1;
    history[clock + 1u] = t;
  } else if (t < t1) {
    history[clock] = t;
    history[clock + 1u] = t;
  }
}
