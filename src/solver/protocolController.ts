/**
 * The cycler (DESIGN.md 3.5): walks through the scene's protocol steps (constant current with a cut-off
 * voltage, constant voltage, rest; the list repeated `cycles` times), driven from TypeScript between
 * chunks of steps by the asynchronously read observables. Nothing is read back per step:
 *   - cut-off voltages are tested on the GPU every step (galvanostatic.wgsl switches to rest at once),
 *     so they are exact; the controller sees the zero current in the history and moves on;
 *   - durations and the end current of a constant-voltage step are judged from the observables, so the
 *     switch lands up to two chunks (<= 128 steps) late: the time of every switch is recorded.
 */
import type { Observables } from './observables.ts';
import { AllenCahnReactionStepper } from './allenCahnReaction.ts';
import { reactionSetpoint, type Electrochemistry } from '../scene/resolveElectrochemistry.ts';
import type { ProtocolStep } from '../scene/electrochemistrySchema.ts';

export interface ProtocolSwitch {
  /** index into protocol.steps, cycle number (0-based), simulated time [s] and step number of the switch */
  step: number;
  cycle: number;
  time: number;
  simulationStep: number;
  reason: 'start' | 'cutoff' | 'duration' | 'current';
}

export class ProtocolController {
  private stepIndex = 0;
  private cycle = 0;
  private stepStart = 0;
  private pendingReason: ProtocolSwitch['reason'] | undefined;
  readonly switches: ProtocolSwitch[] = [{ step: 0, cycle: 0, time: 0, simulationStep: 0, reason: 'start' }];

  constructor(
    private readonly stepper: AllenCahnReactionStepper,
    private readonly ec: Electrochemistry,
  ) {}

  get current(): ProtocolStep {
    return this.ec.protocol.steps[this.stepIndex];
  }

  /** Feed every observable in order (Simulation.onObservables). */
  observe(o: Observables): void {
    if (this.pendingReason || o.time < this.stepStart) return;
    const step = this.current;
    const elapsed = o.time - this.stepStart;
    if (step.kind === 'constantCurrent' && step.cutoffVoltage !== undefined && o.current === 0 && reactionSetpoint(this.ec, step).setpoint !== 0) {
      this.pendingReason = 'cutoff';
    } else if (step.duration !== undefined && elapsed >= step.duration) {
      this.pendingReason = 'duration';
    } else if (step.kind === 'constantVoltage' && step.minCurrent !== undefined && elapsed > 0 && Math.abs(o.current) < step.minCurrent) {
      this.pendingReason = 'current';
    }
  }

  /** True once the current protocol step is over (pause the run and call next()). */
  due(): boolean {
    return this.pendingReason !== undefined;
  }

  /** Start the next protocol step at the state now on the GPU; false when the protocol is complete. */
  next(now: { time: number; step: number }): boolean {
    const reason = this.pendingReason ?? 'duration';
    this.pendingReason = undefined;
    this.stepIndex++;
    if (this.stepIndex >= this.ec.protocol.steps.length) {
      this.stepIndex = 0;
      this.cycle++;
      if (this.cycle >= this.ec.protocol.cycles) return false;
    }
    this.stepStart = now.time;
    this.stepper.setSetpoint(reactionSetpoint(this.ec, this.current));
    this.switches.push({ step: this.stepIndex, cycle: this.cycle, time: now.time, simulationStep: now.step, reason });
    return true;
  }

  /** The cycler's position, for checkpoints (plain JSON). */
  state(): { stepIndex: number; cycle: number; stepStart: number; switches: ProtocolSwitch[] } {
    return { stepIndex: this.stepIndex, cycle: this.cycle, stepStart: this.stepStart, switches: [...this.switches] };
  }

  /**
   * Continue from a checkpointed position: the GPU setpoint of that protocol step is imposed again (a
   * cut-off already passed trips again at the first step, so the cycler moves on as before).
   */
  restore(saved: unknown): void {
    const s = saved as Partial<ReturnType<ProtocolController['state']>> | undefined;
    if (!s || !Number.isInteger(s.stepIndex) || !Number.isInteger(s.cycle) || typeof s.stepStart !== 'number') return;
    if (s.stepIndex! < 0 || s.stepIndex! >= this.ec.protocol.steps.length) return;
    this.stepIndex = s.stepIndex!;
    this.cycle = s.cycle!;
    this.stepStart = s.stepStart;
    this.pendingReason = undefined;
    if (Array.isArray(s.switches)) this.switches.splice(0, this.switches.length, ...s.switches);
    this.stepper.setSetpoint(reactionSetpoint(this.ec, this.current));
  }

  /** A controller for the simulation's stepper, or undefined when the scene has no electrochemistry. */
  static for(stepper: unknown): ProtocolController | undefined {
    return stepper instanceof AllenCahnReactionStepper ? new ProtocolController(stepper, stepper.electrochemistry) : undefined;
  }
}
