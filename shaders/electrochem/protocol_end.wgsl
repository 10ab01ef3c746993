// Library: the end of a protocol step, tested on the GPU every step so that it is exact (used by
// galvanostatic.wgsl and marcus_reservoir.wgsl): under constant current once mu_O passes `cutoff` in the
// direction of the current (the voltage falls below the cut-off on discharge, rises above it on charge);
// once the clock reaches `endTime`; under constant voltage once |I| falls below `minRate`. Then
// `tripped` is set: acr_update and acr_step_control hold the state (no update, no clock advance, no
// record) until the host, which polls the flag, writes the next protocol step.
// Needs `reactionControl` (ReactionControl, read_write) and `control` (StepControl).

fn check_protocol_end(rate: f32, mu_reservoir: f32) {
  if (reactionControl.tripped != 0u || control.status != 0u) { return; }
  let cutoff = reactionControl.mode == 0u && reactionControl.cutoffActive != 0u && rate != 0.0
    && sign(rate) * (mu_reservoir - reactionControl.cutoff) > 0.0;
  let ended = reactionControl.endTime > 0.0 && control.time >= reactionControl.endTime * (1.0 - 1e-6);
  let faded = reactionControl.mode == 1u && reactionControl.minRate > 0.0 && abs(rate) < reactionControl.minRate;
  if (cutoff || ended || faded) { reactionControl.tripped = 1u; }
}
