/**
 * The cycler (DESIGN.md 3.5): walks through the scene's protocol steps (constant current with a cut-off
 * voltage, constant voltage with an end current (CC-CV), rest; steps with durations; the list repeated
 * `cycles` times). Every end condition is tested on the GPU each step (galvanostatic.wgsl), which then
 * holds the state (no update, no clock advance, no record), so switches are exact in time and state. The
 * host polls that flag asynchronously between chunks (no per-step round trip) and writes the next step's
 * setpoint; the held steps in between cost GPU work only.
 */
import type { Observables } from './observables.ts';
import { AllenCahnReactionStepper } from './allenCahnReaction.ts';
import { CahnHilliardReactionStepper } from './cahnHilliardReaction.ts';
import { reactionSetpoint, type Electrochemistry, type ReactionSetpoint } from '../scene/resolveElectrochemistry.ts';
import type { ProtocolStep } from '../scene/electrochemistrySchema.ts';

/** What the cycler needs from the stepper. */
export interface ProtocolTarget {
  setSetpoint(setpoint: ReactionSetpoint): void;
  protocolStepEnded(): Promise<boolean>;
}

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
  /** start of the current step [s] */
  private stepStart = 0;
  private pendingReason: ProtocolSwitch['reason'] | undefined;
  private polling = false;
  /** bumped by every switch: a poll started before it is stale */
  private generation = 0;
  private last: Observables | undefined;
  readonly switches: ProtocolSwitch[] = [{ step: 0, cycle: 0, time: 0, simulationStep: 0, reason: 'start' }];

  constructor(
    private readonly stepper: ProtocolTarget,
    private readonly ec: Electrochemistry,
    /** the scene's time unit t0 [s] (GPU clock = time / t0) */
    private readonly timeScale = 1,
  ) {}

  get current(): ProtocolStep {
    return this.ec.protocol.steps[this.stepIndex];
  }

  /** Feed every observable in order (Simulation.onObservables). */
  observe(o: Observables): void {
    this.last = o;
  }

  /** True once the GPU has ended the current protocol step (pause the run and call next()); starts a poll when none is in flight. */
  due(): boolean {
    if (this.pendingReason === undefined && !this.polling) {
      this.polling = true;
      const generation = this.generation;
      void this.stepper.protocolStepEnded().then(
        (ended) => {
          this.polling = false;
          if (ended && generation === this.generation) this.pendingReason = this.reason();
        },
        () => {
          this.polling = false; // device lost or disposed: the run itself reports it
        },
      );
    }
    return this.pendingReason !== undefined;
  }

  /** Why the GPU ended the step, judged from the last record (for run.json). */
  private reason(): ProtocolSwitch['reason'] {
    const step = this.current;
    const o = this.last;
    if (step.duration !== undefined && o && o.time + o.dt >= this.stepStart + step.duration * (1 - 1e-6)) return 'duration';
    if (step.kind === 'constantVoltage') return 'current';
    return step.kind === 'constantCurrent' ? 'cutoff' : 'duration';
  }

  /** Start the next protocol step at the state now on the GPU; false when the protocol is complete. */
  next(now: { time: number; step: number }): boolean {
    const reason = this.pendingReason ?? 'duration';
    this.pendingReason = undefined;
    this.generation++;
    this.stepIndex++;
    if (this.stepIndex >= this.ec.protocol.steps.length) {
      this.stepIndex = 0;
      this.cycle++;
      if (this.cycle >= this.ec.protocol.cycles) return false;
    }
    this.stepStart = now.time;
    this.stepper.setSetpoint(reactionSetpoint(this.ec, this.current, this.stepStart, this.timeScale));
    this.switches.push({ step: this.stepIndex, cycle: this.cycle, time: now.time, simulationStep: now.step, reason });
    return true;
  }

  /** The cycler's position, for checkpoints (plain JSON). */
  state(): { stepIndex: number; cycle: number; stepStart: number; switches: ProtocolSwitch[] } {
    return { stepIndex: this.stepIndex, cycle: this.cycle, stepStart: this.stepStart, switches: [...this.switches] };
  }

  /**
   * Continue from a checkpointed position: the GPU setpoint of that protocol step is imposed again (an
   * end condition already met trips again at the first step, so the cycler moves on as before).
   */
  restore(saved: unknown): void {
    const s = saved as Partial<ReturnType<ProtocolController['state']>> | undefined;
    if (!s || !Number.isInteger(s.stepIndex) || !Number.isInteger(s.cycle) || typeof s.stepStart !== 'number') return;
    if (s.stepIndex! < 0 || s.stepIndex! >= this.ec.protocol.steps.length) return;
    this.stepIndex = s.stepIndex!;
    this.cycle = s.cycle!;
    this.stepStart = s.stepStart;
    this.pendingReason = undefined;
    this.generation++;
    if (Array.isArray(s.switches)) this.switches.splice(0, this.switches.length, ...s.switches);
    this.stepper.setSetpoint(reactionSetpoint(this.ec, this.current, this.stepStart, this.timeScale));
  }

  /** A controller for the simulation's stepper, or undefined when the scene has no electrochemistry. */
  static for(stepper: unknown): ProtocolController | undefined {
    return stepper instanceof AllenCahnReactionStepper || stepper instanceof CahnHilliardReactionStepper
      ? new ProtocolController(stepper, stepper.electrochemistry, stepper.spec.scales.time)
      : undefined;
  }
}
