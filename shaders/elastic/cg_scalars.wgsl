// Inhomogeneous elasticity, conjugate gradients: the scalar work of the iteration on the GPU (one
// workgroup; no CPU round trip). It sums the partials of the preceding kernel and, by STAGE:
//   0 load:  loadNorm2 = ||G' sigma_load||^2 = (1/N) sum_k w |.|^2        (galerkin_projection partials)
//   1 start: rr = ||r0||^2 likewise; beta = alpha = 0; iterations = 0;
//            residual = sqrt(rr / loadNorm2); converged = residual <= tolerance
//   2 alpha: alpha = rr / (p : C : p) unless converged or p : C : p <= 0    (cg_direction_apply partials)
//   3 beta:  unless converged: rr' = r : r, beta = rr' / rr, rr = rr', iterations += 1,
//            residual = sqrt(rr / loadNorm2), converged = residual <= tolerance  (cg_update partials)
// (Hestenes & Stiefel 1952; for the projected Lippmann-Schwinger system: Zeman et al., J. Comput.
// Phys. 229 (2010) 8065.) With a zero load (nothing drives the strain) the residual is the absolute
// sqrt(rr). Stages 1 and 3 also write the residual and the iteration count into ElasticState, which the
// step-control kernel copies into the history: the worst over the solves of the step (an ETDRK4 step
// solves at four stages), so that the history and the host's iteration count see every solve. Stage 1
// of the step's first solve (OPENS_STEP) forgets the earlier steps; of a later one it keeps the worst
// so far (stepResidual, stepIterations) and reports max(worst so far, this solve).
// Bindings: partials (read), cg (CgState, read/write), state (ElasticState, read/write),
//   params (ChParams), elastic (ElasticParams; solver.x = tolerance).

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override STAGE: u32 = 0u;
override OPENS_STEP: bool = true;
override ITEMS: u32 = 4u; // items per invocation of galerkin_projection (modes), cg_direction_apply and cg_update (cells): one partial per ITEMS x WORKGROUP_SIZE

@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> cg: CgState;
@group(0) @binding(2) var<storage, read_write> state: ElasticState;
@group(0) @binding(3) var<uniform> params: ChParams;
@group(0) @binding(4) var<uniform> elastic: ElasticParams;

fn relative(rr: f32) -> f32 {
  return select(sqrt(rr), sqrt(rr / cg.loadNorm2), cg.loadNorm2 > 0.0);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let items = select(params.cellCount, params.spectrumCount, STAGE < 2u);
  let count = (items + ITEMS * WORKGROUP_SIZE - 1u) / (ITEMS * WORKGROUP_SIZE);
  var s = 0.0;
  for (var i = lid; i < count; i = i + WORKGROUP_SIZE) { s = s + partials[i]; }
  let total = workgroup_sum(vec4<f32>(s, 0.0, 0.0, 0.0), lid).x;
  if (lid != 0u) { return; }
  let tolerance = elastic.solver.x;
  let cells = f32(params.cellCount);
  if (STAGE == 0u) {
    cg.loadNorm2 = total / cells;
  } else if (STAGE == 1u) {
    cg.rr = total / cells;
    cg.alpha = 0.0;
    cg.beta = 0.0;
    cg.iterations = 0u;
    cg.residual = relative(cg.rr);
    cg.converged = select(0u, 1u, cg.residual <= tolerance);
    cg.stepResidual = select(state.residual, 0.0, OPENS_STEP);
    cg.stepIterations = select(state.iterations, 0u, OPENS_STEP);
    state.residual = max(cg.stepResidual, cg.residual);
    state.iterations = cg.stepIterations;
  } else if (STAGE == 2u) {
    cg.alpha = select(0.0, cg.rr / total, cg.converged == 0u && total > 0.0);
  } else {
    if (cg.converged == 0u) {
      cg.beta = select(0.0, total / cg.rr, cg.rr > 0.0);
      cg.rr = total;
      cg.iterations = cg.iterations + 1u;
      cg.residual = relative(total);
      cg.converged = select(0u, 1u, cg.residual <= tolerance || cg.alpha == 0.0);
      state.residual = max(cg.stepResidual, cg.residual);
      state.iterations = max(cg.stepIterations, cg.iterations);
    }
  }
}
