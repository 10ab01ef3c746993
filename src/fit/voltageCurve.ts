/**
 * One simulated voltage curve: run an electrochemistry scene in-process through its whole protocol
 * (the cycler between chunks, exactly as `spinode run` drives it) and keep time, capacity and voltage of
 * every step. The pipeline cache is shared by all runs of a fit, so each kernel compiles once.
 */
import type { GpuContext } from '../gpu/device.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import type { Spec } from '../scene/resolve.ts';
import { Simulation } from '../solver/simulation.ts';
import { ProtocolController } from '../solver/protocolController.ts';

export interface SimulatedCurve {
  /** s (SI scenes) */
  time: number[];
  /** inserted charge as a fraction of the sites (the timeseries' capacity column) */
  capacity: number[];
  /** V vs Li/Li+ */
  voltage: number[];
  steps: number;
}

/**
 * Steps recorded per submission. Smaller than a long run's 64: a fit's runs are short, and at every
 * protocol switch (a GITT pulse train has many) the GPU holds the state for up to two chunks in flight
 * before the host sees the switch, work that is thrown away.
 */
const CHUNK = 16;

export class VoltageCurveSimulator {
  private readonly cache: PipelineCache;

  constructor(private readonly gpu: GpuContext) {
    this.cache = new PipelineCache(gpu.device);
  }

  /** Throws SimulationFailure when the run blows up even with smaller steps. */
  async simulate(spec: Spec): Promise<SimulatedCurve> {
    const sim = await Simulation.create(this.gpu, spec, { cache: this.cache });
    try {
      const cycler = ProtocolController.for(sim.stepper);
      if (!cycler) throw new Error(`scene "${spec.scene.name}" has no electrochemistry (model.reaction and protocol): there is no voltage curve to fit`);
      const curve: SimulatedCurve = { time: [], capacity: [], voltage: [], steps: 0 };
      sim.onObservables((o) => {
        cycler.observe(o);
        curve.steps = o.step;
        // the final record repeats the held state (as the voltage plot of `spinode run`, it is left out)
        if (o.status === 'done') return;
        curve.time.push(o.time);
        curve.capacity.push(o.capacity);
        curve.voltage.push(o.voltage);
      });
      for (;;) {
        const outcome = await sim.advanceUntil({ chunk: CHUNK, pauseWhen: () => cycler.due() });
        if (outcome === 'done') break;
        if (cycler.due() && !cycler.next(sim.current)) {
          await sim.finish();
          break;
        }
      }
      return curve;
    } finally {
      sim.dispose();
    }
  }
}
