// Step acceptance, observables and the next step size of the ETDRK4 Cahn-Hilliard integrator
// (etd_stage.wgsl), one workgroup, after the candidate u4 of an attempted step has been evaluated
// (bulk_potential.wgsl on it, so its partial sums and g = f'(u4) are at hand). Reduces the partials to
//   the candidate's F = dV [ sum_x f(c) + (kappa/2) (1/N) sum_k w k^2 |c_hat|^2 ] + E_el, mean, min, max c
//   (E_el as in step_control.wgsl), and its error estimate
//   e = sqrt((1/N^2) max(sum_k w |u4 - u2|^2, sum_k w |u4 - u2'|^2)),
// the RMS difference in c between the fourth-order solution and the farther of its two embedded
// second-order ones (u2 ends on the stage cc, u2' on the candidate itself: etd_stage.wgsl; u2' keeps
// the estimate honest when dt is long against the relaxation of the modes that carry the dynamics).
// Error per step: the step is accepted when e - e_r <= tol (tolerance = the RMS error in c one step may
// add, measured as the distance to the farther embedded second-order solution), e_r = 1e-6 RMS(c - mean c) the
// float32 round-off floor of the estimate. Since e = O(dt^3), the next step is
//   dt' = dt * clamp(0.9 (tol / e)^(1/3), 0.2, 2)      (after an acceptance; at most 0.9x after a rejection)
// Error per step, not per unit time: measured on PFHub 1a (docs/numerics.md), error per unit time spends
// its steps in the early spinodal stage and too few in the sensitive late coarsening.
// clamped into [dtMin, dtMax] and to land on tEnd. A candidate is rejected (the state stays, dt shrinks)
// when it is not finite or leaves [cLow, cHigh] (dt / 4), when e - e_r > tol, or when its free energy
// exceeds the state's by more than float32 round-off of the sums (dt / 2): the Cahn-Hilliard energy
// never increases, so a rise is an error of the step. Fixed steps (adaptive = 0) only reject
// non-finite or out-of-bounds candidates; with dt below dtMin, or 40 rejections in a row, the run stops
// with status FAILED and the host rolls back to its snapshot.
// Records: every call writes one history slot (control.step counts calls). The record of a state is
// written by the call that leaves it (the accepted step's dt is then known; stress observables the host
// evaluated before any call since the state was reached, control.stateSince, are the state's), by the finishing call, or by a
// failure; a call that leaves no state behind writes a slot of kind 1, which the host skips.
// Status: 0 RUNNING, 1 FINISHING, 2 DONE, 3 FAILED, 4 PRIMING (initialize: the candidate is the
// initial state; its observables become the pending record and its N(u) is committed), 5 PAUSED (the
// accepted state reached control.stateLimit: a step limit counts accepted steps, not calls; the host
// sets RUNNING to go on, or FINISHING to record the state as final).
// Bindings: bulkPartials, spectralPartials (read), params (ChParams), control (EtdControl, read/write),
//           history (array<HistoryRecord>, write), stress (StressObservables, read), elasticPartials,
//           elasticState (read).

// #import lib/compensated_sum
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
const BIG: f32 = 3.0e38;
const MAX_REJECTIONS: u32 = 40u;
/** relative float32 round-off allowed in an energy comparison (sums of ~1e6 terms, error bound ~1e-6) */
const ENERGY_ROUNDOFF: f32 = 1e-5;
const ROUNDOFF_FLOOR: f32 = 1e-6;

@group(0) @binding(0) var<storage, read> bulkPartials: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> spectralPartials: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<storage, read_write> control: EtdControl;
@group(0) @binding(4) var<storage, read_write> history: array<HistoryRecord>;
@group(0) @binding(5) var<storage, read> stress: StressObservables;
@group(0) @binding(6) var<storage, read> elasticPartials: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> elasticState: ElasticState;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

/** The record of the state the control holds (its pending observables), with the step taken from it (dt, its error estimate). */
fn state_record(dt: f32, error: f32, status: u32) -> HistoryRecord {
  var rec: HistoryRecord;
  rec.step = control.state;
  rec.status = status;
  rec.time = control.time;
  rec.dt = dt;
  rec.freeEnergy = control.freeEnergy;
  rec.bulkEnergy = control.bulkEnergy;
  rec.gradientEnergy = control.gradientEnergy;
  rec.elasticEnergy = control.elasticEnergy;
  rec.cMean = control.cMean;
  rec.cMin = control.cMin;
  rec.cMax = control.cMax;
  rec.truncationError = error;
  rec.elasticResidual = control.elasticResidual;
  rec.elasticIterations = control.elasticIterations;
  // the stress observables were evaluated on this state: at a call since the state was reached (rejected
  // attempts leave the state as it was, so an evaluation before one of them still belongs to it)
  let evaluated = stress.step >= control.stateSince && stress.step <= control.step;
  rec.stressEvaluated = select(0u, 1u, evaluated);
  rec.sigmaVmMax = select(0.0, stress.sigmaVmMax, evaluated);
  rec.sigma1Max = select(0.0, stress.sigma1Max, evaluated);
  rec.hotspotFraction = select(0.0, stress.hotspotFraction, evaluated);
  rec.sigma1Particle = select(0.0, stress.sigma1Particle, evaluated);
  rec.sigma1Matrix = select(0.0, stress.sigma1Matrix, evaluated);
  rec.interfaceTension = select(0.0, stress.interfaceTension, evaluated);
  rec.kind = 0u;
  return rec;
}

fn skipped_record(status: u32) -> HistoryRecord {
  var rec: HistoryRecord;
  rec.step = control.state;
  rec.status = status;
  rec.time = control.time;
  rec.kind = 1u;
  return rec;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var b = vec4<f32>(0.0, 0.0, BIG, -BIG);
  for (var i = lid; i < params.bulkPartialCount; i = i + WORKGROUP_SIZE) {
    let p = bulkPartials[i];
    b = vec4<f32>(b.x + p.x, b.y + p.y, min(b.z, p.z), max(b.w, p.w));
  }
  // s.x: |u4 - u2|^2 (the first half); trapezoid: |u4 - u2'|^2 (the second half's x: etd_stage.wgsl STAGE 5)
  var s = vec4<f32>(0.0, 0.0, 0.0, 0.0);
  var trapezoid = 0.0;
  for (var i = lid; i < params.spectralPartialCount; i = i + WORKGROUP_SIZE) {
    s = s + spectralPartials[i];
    trapezoid = trapezoid + spectralPartials[params.spectralPartialCount + i].x;
  }
  let bulk = workgroup_sum_sum_min_max(b, lid);
  workgroupBarrier(); // the second reduction reuses the library's scratch that invocation 0 just read
  let spec = workgroup_sum(s, lid);
  workgroupBarrier();
  let trapezoidSum = workgroup_sum(vec4<f32>(trapezoid, 0.0, 0.0, 0.0), lid).x;
  if (lid != 0u) { return; }
  control.accepted = 0u;
  let status = control.status;
  if (status == 2u || status == 3u || status == 5u) { return; }

  // the candidate's observables
  let n = f32(params.cellCount);
  let bulkEnergy = bulk.x * params.cellVolume;
  let gradientEnergy = 0.5 * params.kappa * spec.y / n * params.cellVolume;
  let hbar = bulk.y / n - params.elasticMean.w;
  let q = params.elasticMean;
  var iterativeEnergy = 0.0;
  for (var i = 0u; i < params.elasticPartialCount; i = i + 1u) { iterativeEnergy = iterativeEnergy + elasticPartials[i].x; }
  let elasticEnergy = (0.5 * spec.z / n + n * (q.x + hbar * (q.y + hbar * q.z)) + iterativeEnergy) * params.cellVolume;
  let freeEnergy = bulkEnergy + gradientEnergy + elasticEnergy;
  let error = sqrt(max(spec.x, trapezoidSum)) / n;
  let cMean = bulk.y / n;
  let valid = is_finite(freeEnergy) && is_finite(error) && is_finite(cMean) && bulk.z >= params.cLow && bulk.w <= params.cHigh;

  let slot = control.step % params.historyCapacity;
  if (status == 4u) {
    // priming: the candidate is the initial state; the next call (this number: priming does not count) is the first from it
    control.stateSince = control.step;
    control.status = select(3u, 0u, valid);
    control.accepted = select(0u, 1u, valid);
  } else if (status == 1u) {
    history[slot] = state_record(0.0, 0.0, 2u);
    control.status = 2u;
    control.step = control.step + 1u;
    control.recorded = control.step;
    return;
  } else {
    let dt = control.dt;
    // float32 round-off floor of the estimate: a few ulps of the RMS fluctuation of c (the k != 0 modes);
    // without it, tight tolerances would reject the small steps whose error is all round-off
    let floor = ROUNDOFF_FLOOR * sqrt(spec.w) / n;
    let excess = max(error - floor, 0.0);
    let adaptive = params.adaptive != 0u;
    let energyRise = freeEnergy - control.freeEnergy
      > ENERGY_ROUNDOFF * (abs(bulkEnergy) + abs(gradientEnergy) + abs(elasticEnergy));
    let accept = valid && (!adaptive || (excess <= params.tolerance && !energyRise));
    if (accept) {
      history[slot] = state_record(dt, error, 0u);
      let clock = compensated_add(control.time, control.timeCarry, dt, control.step == 0xffffffffu);
      control.time = clock.x;
      control.timeCarry = clock.y;
      control.state = control.state + 1u;
      control.stateSince = control.step + 1u;
      control.dtPrev = dt;
      control.rejectedInRow = 0u;
      control.accepted = 1u;
      var next = dt;
      if (adaptive) {
        next = dt * clamp(0.9 * pow(params.tolerance / max(excess, 1e-30), 1.0 / 3.0), 0.2, 2.0);
        next = clamp(next, params.dtMin, params.dtMax);
      }
      let remaining = params.tEnd - control.time;
      if (remaining <= params.tEnd * 1e-6) {
        // landed: dtProposed keeps the step chosen before the shortened one that landed, which a run going
        // on from here continues with (Simulation.landOn's frame times, extendTo)
        control.status = 1u;
        next = 0.0;
      } else {
        control.dtProposed = next; // before the landing on tEnd: what an extended run continues with
        if (next >= 0.99 * remaining) {
          next = remaining;
        }
      }
      if (control.status == 0u && control.state >= control.stateLimit) { control.status = 5u; }
      control.dt = next;
    } else {
      var shrink = 0.25;
      if (valid && excess > params.tolerance) {
        shrink = clamp(0.9 * pow(params.tolerance / excess, 1.0 / 3.0), 0.2, 0.9);
      } else if (valid) {
        shrink = 0.5;
      }
      control.rejected = control.rejected + 1u;
      control.rejectedInRow = control.rejectedInRow + 1u;
      control.dt = dt * shrink;
      var statusNow = 0u;
      if ((!valid && !adaptive) || control.dt < params.dtMin || control.rejectedInRow > MAX_REJECTIONS) {
        statusNow = 3u;
        control.status = 3u;
      }
      history[slot] = skipped_record(statusNow);
      control.step = control.step + 1u;
      control.recorded = control.step;
      return;
    }
    control.step = control.step + 1u;
    control.recorded = control.step;
  }
  if (control.accepted != 0u) {
    control.freeEnergy = freeEnergy;
    control.bulkEnergy = bulkEnergy;
    control.gradientEnergy = gradientEnergy;
    control.elasticEnergy = elasticEnergy;
    control.cMean = cMean;
    control.cMin = bulk.z;
    control.cMax = bulk.w;
    control.error = error;
    control.elasticResidual = elasticState.residual;
    control.elasticIterations = elasticState.iterations;
  }
}
