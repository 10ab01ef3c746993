// Inhomogeneous elasticity, conjugate gradients: the warm start predicted in time, before a solve at
//   t = control.time + STAGE_FRACTION control.dt
// (the state's time, or an ETDRK4 stage's: 1/2 for a and b, 1 for c and the candidate). With the times
// t1 > t0 of the last two solves that moved the clock (the predictor clock, after the strain history),
// a solve that moves it on (t > t1) starts from the linear extrapolation of those two solutions
//   eps <- eps + r (eps - eps_prev),   eps_prev <- eps (before the update),
//   r = min((t - t1) / (t1 - t0), R_MAX)   (r = 0 while t1 <= t0: no slope known yet)
// whose error is O(dt^2) where the plain warm start eps is O(dt) away (first order: r = dt_n / dt_n-1,
// the extrapolation of issue 18 / docs/elasticity.md "Cost per time step"). A solve at the clock's time
// (another ETDRK4 stage at the same time, a retried first-order step) keeps the warm start as it is; one
// before it (a rejected step, a rollback) too, and cg_predict_clock.wgsl then forgets the slope. A call
// while the clock does not run (control.status != 0: priming, paused, done) changes nothing.
// Only the components the projection can change (bit p of FLUCTUATING) move; their previous values are
// kept packed, block j for the j-th such component.
// Bindings: strain eps (read/write, 6 blocks of cellCount), history (read/write: packed eps_prev, then
//   t0, t1), control (StepControl prefix, read), params (ChParams).

override WORKGROUP_SIZE: u32 = 256u;
override STAGE_FRACTION: f32 = 0.0;
override FLUCTUATING: u32 = 63u;
override R_MAX: f32 = 4.0;

@group(0) @binding(0) var<storage, read_write> strain: array<f32>;
@group(0) @binding(1) var<storage, read_write> history: array<f32>;
@group(0) @binding(2) var<storage, read> control: StepControl;
@group(0) @binding(3) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  let n = params.cellCount;
  if (i >= n) { return; }
  let clock = countOneBits(FLUCTUATING) * n;
  let t0 = history[clock];
  let t1 = history[clock + 1u];
  let t = control.time + STAGE_FRACTION * control.dt;
  // only while the clock runs: a held call (priming, paused at a chunk's state limit, done) evaluates
  // stages that are never taken, on whatever the stage buffers hold
  if (control.status != 0u || !(t > t1)) { return; }
  let r = select(0.0, min((t - t1) / (t1 - t0), R_MAX), t1 > t0);
  var j = 0u;
  for (var p = 0u; p < 6u; p = p + 1u) {
    if ((FLUCTUATING & (1u << p)) == 0u) { continue; }
    let e = strain[p * n + i];
    let k = j * n + i;
    strain[p * n + i] = e + r * (e - history[k]);
    history[k] = e;
    j = j + 1u;
  }
}
