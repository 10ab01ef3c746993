// Time-step control and observables, one workgroup, after each Cahn-Hilliard step (DESIGN.md 3.2, 3.6).
// Reduces the per-workgroup partials of bulk_potential.wgsl and semi_implicit_update.wgsl to
//   F = dV [ sum_x f(c) + (kappa/2) (1/N) sum_k w k^2 |c_hat|^2 ] + E_el,  mean c, min c, max c,
//   E_el = dV [ (1/2) (1/N) sum_k w B(n) |c_hat|^2 + N (q0 + q1 hbar + q2 hbar^2) ]  (homogeneous-modulus
//   elasticity: fluctuations by Parseval, plus the mean-strain (k = 0) energy; hbar = mean c - cRef),
//   e = sqrt( (1/N^2) sum_k w |lte_hat|^2 )   (RMS local truncation error in c, by Parseval)
// appends them to the history ring, and chooses the next step on the GPU (no CPU round trip):
//   dt' = dt * clamp(0.9 sqrt(tol / e), 0.2, 2),  clamped into [dtMin, dtMax] and to land on tEnd
// (params.tEnd: the scene's end, or the next field-frame time the host lands on, Simulation.landOn).
// The error per step of a first-order scheme scales as dt^2, hence the square root.
// A state with NaN/Inf or c outside [cLow, cHigh] stops the run: status FAILED, nothing advances,
// and the host rolls back to its last snapshot with a smaller step.
// Bindings: bulkPartials, spectralPartials (read), params (ChParams), control (StepControl, read/write),
//           history (array<HistoryRecord>, write), stress (StressObservables, read: copied into the
//           record when its step tag is this state's step).
// Status: 0 RUNNING, 1 FINISHING (last step taken; record the final state), 2 DONE, 3 FAILED.

// #import lib/compensated_sum
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> bulkPartials: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> spectralPartials: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<storage, read_write> control: StepControl;
@group(0) @binding(4) var<storage, read_write> history: array<HistoryRecord>;
@group(0) @binding(5) var<storage, read> stress: StressObservables;
@group(0) @binding(6) var<storage, read> elasticPartials: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> elasticState: ElasticState;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var b = vec4<f32>(0.0, 0.0, BIG, -BIG);
  for (var i = lid; i < params.bulkPartialCount; i = i + WORKGROUP_SIZE) {
    let p = bulkPartials[i];
    b = vec4<f32>(b.x + p.x, b.y + p.y, min(b.z, p.z), max(b.w, p.w));
  }
  var s = vec3<f32>(0.0, 0.0, 0.0);
  for (var i = lid; i < params.spectralPartialCount; i = i + WORKGROUP_SIZE) {
    s = s + spectralPartials[i].xyz;
  }
  let bulk = workgroup_sum_sum_min_max(b, lid);
  workgroupBarrier(); // the second reduction reuses the library's scratch that invocation 0 just read
  let spec = workgroup_sum(vec4<f32>(s, 0.0), lid);
  if (lid != 0u) { return; }
  let status = control.status;
  if (status >= 2u) { return; }

  let n = f32(params.cellCount);
  let bulkEnergy = bulk.x * params.cellVolume;
  let gradientEnergy = 0.5 * params.kappa * spec.y / n * params.cellVolume;
  let lte = sqrt(spec.x) / n;
  let hbar = bulk.y / n - params.elasticMean.w;
  let q = params.elasticMean;
  var iterativeEnergy = 0.0; // inhomogeneous moduli: sum of 1/2 sigma:e over the cells (elastic_potential.wgsl)
  for (var i = 0u; i < params.elasticPartialCount; i = i + 1u) { iterativeEnergy = iterativeEnergy + elasticPartials[i].x; }
  let elasticEnergy = (0.5 * spec.z / n + n * (q.x + hbar * (q.y + hbar * q.z)) + iterativeEnergy) * params.cellVolume;
  var rec: HistoryRecord;
  rec.step = control.step;
  rec.time = control.time;
  rec.dt = select(control.dt, 0.0, status == 1u);
  rec.freeEnergy = bulkEnergy + gradientEnergy + elasticEnergy;
  rec.elasticEnergy = elasticEnergy;
  rec.elasticResidual = elasticState.residual;
  rec.elasticIterations = elasticState.iterations;
  let evaluated = stress.step == control.step;
  rec.stressEvaluated = select(0u, 1u, evaluated);
  rec.sigmaVmMax = select(0.0, stress.sigmaVmMax, evaluated);
  rec.sigma1Max = select(0.0, stress.sigma1Max, evaluated);
  rec.hotspotFraction = select(0.0, stress.hotspotFraction, evaluated);
  rec.sigma1Particle = select(0.0, stress.sigma1Particle, evaluated);
  rec.sigma1Matrix = select(0.0, stress.sigma1Matrix, evaluated);
  rec.interfaceTension = select(0.0, stress.interfaceTension, evaluated);
  rec.bulkEnergy = bulkEnergy;
  rec.gradientEnergy = gradientEnergy;
  rec.cMean = bulk.y / n;
  rec.cMin = bulk.z;
  rec.cMax = bulk.w;
  rec.truncationError = lte;
  let bad = !is_finite(rec.freeEnergy) || !is_finite(lte) || !is_finite(rec.cMean)
         || bulk.z < params.cLow || bulk.w > params.cHigh;
  if (bad) {
    control.status = 3u;
  } else if (status == 1u) {
    control.status = 2u;
  }
  rec.status = control.status;
  history[control.step % params.historyCapacity] = rec;
  control.recorded = control.step + 1u;
  if (control.status != 0u) { return; }

  // Advance the clock and choose the next step.
  let dt = control.dt;
  let clock = compensated_add(control.time, control.timeCarry, dt, control.step == 0xffffffffu);
  let time = clock.x;
  var next = dt;
  if (params.adaptive != 0u) {
    if (control.dtPrev > 0.0) {
      next = dt * clamp(0.9 * sqrt(params.tolerance / max(lte, 1e-30)), 0.2, 2.0);
    } else {
      next = dt * 2.0; // first step: no error estimate yet
    }
    next = clamp(next, params.dtMin, params.dtMax);
  }
  let remaining = params.tEnd - time;
  if (remaining <= params.tEnd * 1e-6) {
    // landed: dtProposed keeps the step chosen before the shortened one that landed, which a run going on
    // from here continues with (Simulation.landOn's frame times, extendTo), instead of one grown from the short step
    control.status = 1u;
    next = 0.0;
  } else {
    control.dtProposed = next; // before the landing on tEnd: what an extended run continues with
    if (next >= 0.99 * remaining) {
      next = remaining;
    }
  }
  control.time = time;
  control.timeCarry = clock.y;
  control.step = control.step + 1u;
  control.dtPrev = dt;
  control.dt = next;
}
