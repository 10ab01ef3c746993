import { describe, expect, it } from 'vitest';
import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';
import { electrochemistryOf, reactionSetpoint, type ReactionSetpoint } from '../../../src/scene/resolveElectrochemistry.ts';
import { ProtocolController } from '../../../src/solver/protocolController.ts';
import type { AllenCahnReactionStepper } from '../../../src/solver/allenCahnReaction.ts';
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
  it('CC to the cut-off, rest, CV until the current falls; two cycles, then done', () => {
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
    const stepper = { setSetpoint: (s: ReactionSetpoint) => written.push(s) } as unknown as AllenCahnReactionStepper;
    const cycler = new ProtocolController(stepper, ec);
    cycler.observe(observables(10, 3.2, ec.oneC));
    expect(cycler.due()).toBe(false);
    cycler.observe(observables(20, 3.1, 0)); // the GPU tripped the cut-off: rest current
    expect(cycler.due()).toBe(true);
    expect(cycler.next({ time: 25, step: 40 })).toBe(true);
    expect(written.at(-1)).toEqual({ mode: 'current', setpoint: 0 });
    cycler.observe(observables(100, 3.3, 0));
    expect(cycler.due()).toBe(false);
    cycler.observe(observables(126, 3.3, 0));
    expect(cycler.due()).toBe(true);
    expect(cycler.next({ time: 126, step: 60 })).toBe(true);
    expect(written.at(-1)!.mode).toBe('voltage');
    cycler.observe(observables(130, 3.5, -1e-3));
    expect(cycler.due()).toBe(false);
    cycler.observe(observables(140, 3.5, -5e-5));
    expect(cycler.due()).toBe(true);
    expect(cycler.next({ time: 140, step: 80 })).toBe(true); // second cycle
    expect(cycler.switches.map((s) => [s.step, s.cycle, s.reason])).toEqual([
      [0, 0, 'start'],
      [1, 0, 'cutoff'],
      [2, 0, 'duration'],
      [0, 1, 'current'],
    ]);
    for (const [time, reason] of [[150, 'cutoff'], [300, 'duration'], [400, 'current']] as const) {
      const step = cycler.current;
      cycler.observe(observables(time, 3.4, step.kind === 'constantVoltage' ? 0 : 0));
      expect(cycler.due(), reason).toBe(true);
      const more = cycler.next({ time, step: 100 });
      expect(more).toBe(reason !== 'current');
    }
  });
});
