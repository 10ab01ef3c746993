import { describe, expect, it } from 'vitest';
import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';
import { electrochemistryOf, reactionSetpoint, type ReactionSetpoint } from '../../../src/scene/resolveElectrochemistry.ts';
import { ProtocolController } from '../../../src/solver/protocolController.ts';
import type { Observables } from '../../../src/solver/observables.ts';
import { FARADAY, GAS_CONSTANT } from '../../../src/physics/constants.ts';

function scene(protocol: unknown, reaction: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'ec',
    description: 'test',
    units: 'SI',
    grid: { cells: [16, 16], size: [16e-9, 16e-9] },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: 22904, temperature: 298, omega: 11150 },
      kappa: 5e-10,
      mobility: { kind: 'diffusivity', diffusivity: 1e-14 },
      reaction: { mode: 'acr', exchangeCurrent: { k0: 0.01 }, material: 'LiFePO4', thickness: 2e-8, ...reaction },
    },
    initial: { kind: 'uniform', value: 0.02 },
    time: { tEnd: 1000 },
    protocol,
  };
}

function observables(time: number, voltage: number, current: number): Observables {
  return { step: 0, time, dt: 1, freeEnergy: 0, bulkEnergy: 0, gradientEnergy: 0, mass: 0, cMean: 0, cMin: 0, cMax: 0, truncationError: 0, status: 'running', voltage, current, capacity: 0 } as Observables;
}

describe('electrochemistry scene resolution', () => {
  it('1C, the rate scale and the reference potential from the materials table', () => {
    const spec = resolveScene(scene({ steps: [{ kind: 'constantCurrent', cRate: 2, cutoffVoltage: 3 }] }));
    const ec = electrochemistryOf(spec)!;
    expect(ec.referencePotential).toBe(3.422);
    expect(ec.oneC).toBeCloseTo((FARADAY * 2e-8 * 22904) / 2 / 3600, 12);
    expect(ec.internal.rateScale).toBeCloseTo(((2 * 0.01) / (FARADAY * 2e-8 * 22904)) * spec.scales.time, 12);
    expect(ec.internal.thermalEnergy).toBeCloseTo(1, 12);
    expect(ec.internal.voltsPerEnergy).toBeCloseTo((GAS_CONSTANT * 298) / FARADAY, 12);
    const sp = reactionSetpoint(ec, ec.protocol.steps[0]);
    expect(sp.setpoint).toBeCloseTo((2 * ec.oneC) / 0.01, 12);
    expect(sp.cutoff).toBeCloseTo((3.422 - 3) / ec.internal.voltsPerEnergy, 9);
  });
  it('rejects an incomplete electrochemistry scene with paths', () => {
    try {
      resolveScene(scene({ steps: [{ kind: 'constantCurrent' }] }, { material: undefined, thickness: undefined }));
      expect.unreachable();
    } catch (e) {
      const text = (e as SceneError).problems.join('\n');
      expect(text).toMatch(/model\.reaction\.material: give referencePotential/);
      expect(text).toMatch(/model\.reaction\.thickness/);
      expect(text).toMatch(/protocol\.steps\[0\]: give exactly one of cRate and currentDensity/);
    }
  });
});

describe('the cycler', () => {
  it('CC to the cut-off, rest for its duration, CV until the current falls; two cycles, then done', async () => {
    const spec = resolveScene(
      scene({
        steps: [
          { kind: 'constantCurrent', cRate: 1, cutoffVoltage: 3.0 },
          { kind: 'rest', duration: 100 },
          { kind: 'constantVoltage', voltage: 3.5, minCurrent: 1e-4 },
        ],
        cycles: 2,
      }),
    );
    const ec = electrochemistryOf(spec)!;
    const written: ReactionSetpoint[] = [];
    let ended = false;
    const target = { setSetpoint: (s: ReactionSetpoint) => written.push(s), protocolStepEnded: async () => ended };
    const t0 = spec.scales.time;
    const cycler = new ProtocolController(target, ec, t0);
    const settle = () => new Promise((r) => setTimeout(r, 0));
    // the GPU has not ended the step: polls come back false
    cycler.observe(observables(10, 3.2, ec.oneC));
    expect(cycler.due()).toBe(false);
    await settle();
    expect(cycler.due()).toBe(false);
    // the cut-off tripped on the GPU
    ended = true;
    await settle();
    cycler.due();
    await settle();
    expect(cycler.due()).toBe(true);
    ended = false;
    expect(cycler.next({ time: 25, step: 40 })).toBe(true);
    expect(written.at(-1)).toEqual({ mode: 'current', setpoint: 0, endTime: 125 / t0 }); // rest until 25 + 100 s
    // the rest ends at its end time (GPU clock)
    cycler.observe(observables(120, 3.3, 0));
    ended = true;
    cycler.due();
    await settle();
    expect(cycler.due()).toBe(true);
    ended = false;
    expect(cycler.next({ time: 125, step: 60 })).toBe(true);
    const cv = written.at(-1)!;
    expect(cv.mode).toBe('voltage');
    expect(cv.minRate).toBeCloseTo(1e-4 / 0.01, 12);
    cycler.observe(observables(140, 3.5, -5e-5));
    ended = true;
    cycler.due();
    await settle();
    expect(cycler.due()).toBe(true);
    expect(cycler.next({ time: 140, step: 80 })).toBe(true); // second cycle
    expect(cycler.switches.map((s) => [s.step, s.cycle, s.reason])).toEqual([
      [0, 0, 'start'],
      [1, 0, 'cutoff'],
      [2, 0, 'duration'],
      [0, 1, 'current'],
    ]);
    // a poll started before a switch does not end the new step
    ended = true;
    cycler.due(); // poll in flight for step 0 of cycle 1
    expect(cycler.next({ time: 150, step: 90 })).toBe(true);
    await settle();
    ended = false;
    expect(cycler.due()).toBe(false);
    // the second cycle runs out: next() reports the end of the protocol
    expect(cycler.next({ time: 300, step: 100 })).toBe(true);
    expect(cycler.next({ time: 400, step: 110 })).toBe(false);
  });
});
