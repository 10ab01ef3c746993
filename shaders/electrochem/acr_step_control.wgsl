// Allen-Cahn-reaction step, part 4: time-step control and observables, one workgroup (DESIGN.md 3.2,
// 3.5, 3.6), the electrochemistry counterpart of shaders/ch/step_control.wgsl. Reduces the partials of
// ch/bulk_potential.wgsl and acr_update.wgsl to
//   F = dV [ sum_x f(c) + (1/2N) sum_k w (kappa k^2 + B(n)) |c_hat|^2 ],  mean/min/max c  (B: coherency
//   strain, k != 0, 0 without elasticity; the elastic part is also recorded alone),
//   e = sqrt( (1/N^2) sum_k w |lte_hat|^2 )
// and appends them to the history ring with the electrochemistry of the step taken from this state:
//   voltage  = E0 - mu_O voltsPerEnergy      [V vs Li/Li+]
//   current  = I currentPerRate              [A/m^2 of particle surface, insertion positive]
//   capacity = mean c - mean c(0)            [inserted fraction of the sites]
// (mean c = sum of the bulk kernel's mass partials / params.siteMeasure: the cell count of an ACR
// platelet, sum psi of a CHR particle, whose mass partials sum u = psi c). CELL_GRADIENT (CHR): the
// gradient energy is (kappa/2) dV sum psi |grad c|^2 from the real-space partials `gradientPartials`
// (x) of electrochem/chr_potential.wgsl instead of the unweighted Parseval sum of the update, and the
// adaptive step also resolves the diffusive (Cahn-Hilliard) spinodal growth, whose fastest rate over the
// particle's composition range is M f''^2 / (4 kappa) (f'' < 0 at the c of [cMin, cMax] nearest 1/2;
// regular solution, M = 4 c (1 - c) or 1): dt <= growthPerStep / rate (0.05 by default), which the error estimate does not see
// while the perturbations are small (the CHR analogue of growthStep).
// then chooses the next step like the CH controller (dt' = dt clamp(0.9 sqrt(tol/e), 0.2, 2)), capped at
// growthStep / D so that the spinodal growth rate (<= D |min f''|) is resolved (AcrParams.growthStep).
// NaN/Inf or c outside [cLow, cHigh] sets status FAILED (the host rolls back).
// Bindings: cellPartials, spectralPartials (read), params (AcrParams), control (read/write),
//   history (write), reactionState (read), reactionControl (read: a tripped protocol step holds),
//   gradientPartials (read; a placeholder unless CELL_GRADIENT), stress (StressObservables, read: copied
//   into the record when its step is this one; a CHR particle with coherency strain writes it every
//   output.stressEvery steps, otherwise its step is never reached), elasticPartials and elasticState
//   (read; placeholders unless REAL_SPACE_ELASTIC).
// REAL_SPACE_ELASTIC (a CHR particle with the iterative, inhomogeneous elasticity): the elastic energy is
// the real-space sum of shaders/elastic/elastic_potential.wgsl (its partials, x = sum 1/2 sigma : e, one per
// workgroup of the cell dispatch, cellPartialCount of them) instead of the spectral coherency sum, and the
// record carries the solver's relative residual and iteration count (ElasticState), from which the host
// adapts the iterations per step (Simulation.adaptElasticIterations).

// #import lib/compensated_sum

override WORKGROUP_SIZE: u32 = 256u;
override CELL_GRADIENT: bool = false;
override REAL_SPACE_ELASTIC: bool = false;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> cellPartials: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> spectralPartials: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: AcrParams;
@group(0) @binding(3) var<storage, read_write> control: StepControl;
@group(0) @binding(4) var<storage, read_write> history: array<HistoryRecord>;
@group(0) @binding(5) var<storage, read> reactionState: ReactionState;
@group(0) @binding(6) var<storage, read> reactionControl: ReactionControl;
@group(0) @binding(7) var<storage, read> gradientPartials: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read> stress: StressObservables;
@group(0) @binding(9) var<storage, read> elasticPartials: array<vec4<f32>>;
@group(0) @binding(10) var<storage, read> elasticState: ElasticState;

var<workgroup> shared_bulk: array<vec4<f32>, WORKGROUP_SIZE>;
var<workgroup> shared_spec: array<vec3<f32>, WORKGROUP_SIZE>;

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var b = vec4<f32>(0.0, 0.0, BIG, -BIG);
  for (var i = lid; i < params.cellPartialCount; i = i + WORKGROUP_SIZE) {
    let p = cellPartials[i];
    b = vec4<f32>(b.x + p.x, b.y + p.y, min(b.z, p.z), max(b.w, p.w));
  }
  var s = vec3<f32>(0.0, 0.0, 0.0);
  for (var i = lid; i < params.spectralPartialCount; i = i + WORKGROUP_SIZE) {
    s = s + spectralPartials[i].xyz;
  }
  if (CELL_GRADIENT) {
    // the psi-weighted gradient sum replaces the Parseval one (in slot y, already scaled by N)
    s.y = 0.0;
    for (var i = lid; i < params.cellPartialCount; i = i + WORKGROUP_SIZE) {
      s.y = s.y + gradientPartials[i].x * f32(params.cellCount);
    }
  }
  if (REAL_SPACE_ELASTIC) {
    // the real-space elastic energy replaces the spectral coherency sum (slot z, which is read as
    // 0.5 z / N below: scaled by 2 N here)
    s.z = 0.0;
    for (var i = lid; i < params.cellPartialCount; i = i + WORKGROUP_SIZE) {
      s.z = s.z + 2.0 * elasticPartials[i].x * f32(params.cellCount);
    }
  }
  shared_bulk[lid] = b;
  shared_spec[lid] = s;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) {
      let x = shared_bulk[lid];
      let y = shared_bulk[lid + stride];
      shared_bulk[lid] = vec4<f32>(x.x + y.x, x.y + y.y, min(x.z, y.z), max(x.w, y.w));
      shared_spec[lid] = shared_spec[lid] + shared_spec[lid + stride];
    }
    stride = stride / 2u;
  }
  workgroupBarrier();
  if (lid != 0u) { return; }
  let status = control.status;
  if (status >= 2u) { return; }
  // a protocol step has ended (galvanostatic.wgsl): hold, record nothing, until the host starts the next
  if (status == 0u && reactionControl.tripped != 0u) { return; }

  let n = f32(params.cellCount);
  let bulk = shared_bulk[0];
  let bulkEnergy = bulk.x * params.cellVolume;
  let gradientEnergy = 0.5 * params.kappa * shared_spec[0].y / n * params.cellVolume;
  let lte = sqrt(shared_spec[0].x) / n;
  // coherency-strain energy of the composition fluctuations, (1/2) sum_k B(n) |c_hat|^2 / N (k != 0)
  let elasticEnergy = 0.5 * shared_spec[0].z / n * params.cellVolume;
  var rec: HistoryRecord;
  rec.step = control.step;
  rec.time = control.time;
  rec.dt = select(control.dt, 0.0, status == 1u);
  rec.freeEnergy = bulkEnergy + gradientEnergy + elasticEnergy;
  rec.elasticEnergy = elasticEnergy;
  let evaluated = stress.step == control.step;
  rec.stressEvaluated = select(0u, 1u, evaluated);
  rec.sigmaVmMax = select(0.0, stress.sigmaVmMax, evaluated);
  rec.sigma1Max = select(0.0, stress.sigma1Max, evaluated);
  rec.hotspotFraction = select(0.0, stress.hotspotFraction, evaluated);
  rec.sigma1Particle = select(0.0, stress.sigma1Particle, evaluated);
  rec.sigma1Matrix = select(0.0, stress.sigma1Matrix, evaluated);
  rec.interfaceTension = select(0.0, stress.interfaceTension, evaluated);
  if (REAL_SPACE_ELASTIC) {
    rec.elasticResidual = elasticState.residual;
    rec.elasticIterations = elasticState.iterations;
  }
  rec.bulkEnergy = bulkEnergy;
  rec.gradientEnergy = gradientEnergy;
  rec.cMean = bulk.y / params.siteMeasure;
  rec.cMin = bulk.z;
  rec.cMax = bulk.w;
  rec.truncationError = lte;
  rec.voltage = params.referencePotential - reactionState.muReservoir * params.voltsPerEnergy;
  rec.current = reactionState.rate * params.currentPerRate;
  rec.capacity = rec.cMean - params.cMeanInitial;
  let bad = !is_finite(rec.freeEnergy) || !is_finite(lte) || !is_finite(rec.cMean) || !is_finite(rec.voltage)
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

  let dt = control.dt;
  let clock = compensated_add(control.time, control.timeCarry, dt, control.step == 0xffffffffu);
  let time = clock.x;
  var next = dt;
  if (params.adaptive != 0u) {
    if (control.dtPrev > 0.0) {
      next = dt * clamp(0.9 * sqrt(params.tolerance / max(lte, 1e-30)), 0.2, 2.0);
    } else {
      next = dt * 2.0;
    }
    // resolve the spinodal growth of the reaction-driven instability, which the error estimate does
    // not see while the perturbations are still small (their truncation error is tiny)
    if (reactionState.linearization > 0.0) { next = min(next, params.growthStep / reactionState.linearization); }
    // and fill by at most maxFillPerStep (the uniform mode has no error estimate; resolves the voltage curve)
    if (CELL_GRADIENT) {
      let c = clamp(0.5, rec.cMin, rec.cMax);
      let curvature = params.fe0.x / max(c * (1.0 - c), 1.0e-6) - 2.0 * params.fe0.y;
      if (curvature < 0.0 && params.kappa > 0.0) {
        let mobility = select(1.0, max(4.0 * c * (1.0 - c), 1.0e-4), params.growthMobility != 0u);
        next = min(next, params.growthPerStep * 4.0 * params.kappa / (mobility * curvature * curvature));
      }
    }
    let fill = abs(params.rateScale * reactionState.rate);
    if (fill > 0.0) { next = min(next, params.maxFillPerStep / fill); }
    next = clamp(next, params.dtMin, params.dtMax);
  }
  // land on the end time of the protocol step as on tEnd
  let stepLeft = reactionControl.endTime - time;
  if (reactionControl.endTime > 0.0 && stepLeft > reactionControl.endTime * 1e-6 && next > stepLeft) { next = stepLeft; }
  control.dtProposed = next; // before the landing on tEnd: what an extended run continues with
  let remaining = params.tEnd - time;
  if (remaining <= params.tEnd * 1e-6) {
    control.status = 1u;
    next = 0.0;
  } else if (next >= 0.99 * remaining) {
    next = remaining;
  }
  control.time = time;
  control.timeCarry = clock.y;
  control.step = control.step + 1u;
  control.dtPrev = dt;
  control.dt = next;
}
