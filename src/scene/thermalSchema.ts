/**
 * The optional top-level `thermal` section of an electrochemistry scene (issue #11): a lumped thermal
 * body (src/physics/thermal.ts) heated by the particle's reaction and cooled by its surroundings, whose
 * temperature drives the Arrhenius kinetics and kT of the run (src/solver/thermalCoupling.ts). SI units.
 *
 * The body holds `capacity` ampere-hours of the simulated active material; every particle in it is
 * assumed to behave like the simulated one (a representative particle), so the body's current is
 * I = (i / i_1C) * capacity [A] with i the particle's current density. Without `capacity` the body is
 * the simulated particle alone.
 */
import { z } from 'zod';

const positive = z.number().positive({ error: 'must be > 0' });

export const ThermalSchema = z.strictObject({
  /** charge of the active material in the body when full [A h]; default: the simulated particle's own */
  capacity: positive.optional(),
  /** mass of the body [kg]; give exactly one of mass and density */
  mass: positive.optional(),
  /** density of the body [kg/m^3] (mass = density * volume) */
  density: positive.optional(),
  /** specific heat capacity [J/(kg K)] */
  specificHeat: positive,
  /** volume of the body [m^3] */
  volume: positive,
  /** cooled surface [m^2] */
  coolingArea: positive,
  /** heat-transfer coefficient to the surroundings [W/(m^2 K)] (0: adiabatic) */
  heatTransferCoefficient: z.number().min(0, { error: 'must be >= 0' }),
  /** thermal conductivity of the body [W/(m K)] (Biot number) */
  conductivity: positive,
  /** length of the Biot number [m]; default volume / coolingArea */
  characteristicLength: positive.optional(),
  /** temperature of the surroundings [K]; default model.freeEnergy.temperature */
  ambientTemperature: positive.optional(),
  /** temperature at the start [K]; default the ambient temperature */
  initialTemperature: positive.optional(),
  /** entropic coefficient dU/dT of the open-circuit voltage [V/K] (reversible heat -I T dU/dT) */
  entropicCoefficient: z.number().default(0),
});

export type Thermal = z.output<typeof ThermalSchema>;

interface SceneForChecks {
  model: { reaction?: unknown };
  thermal?: Thermal;
}

/** Cross-field rules of the thermal section (called from the scene schema's refinement). */
export function thermalIssues(s: SceneForChecks): { path: (string | number)[]; message: string }[] {
  const t = s.thermal;
  if (!t) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (!s.model.reaction) issues.push({ path: ['thermal'], message: 'the thermal model is heated by the reaction: it needs model.reaction' });
  if ((t.mass === undefined) === (t.density === undefined)) issues.push({ path: ['thermal', 'mass'], message: 'give exactly one of mass [kg] and density [kg/m^3]' });
  return issues;
}
