/**
 * The electrochemistry summary of a scene for run.json: dimensionless numbers with a one-line reading
 * each, the OCV plateau, and for ACR platelets the linear-stability critical current above which no
 * perturbation grows (src/physics/acrStability.ts). Scene units: V, A/m^2 of particle surface, C-rate.
 */
import type { Spec } from '../scene/resolve.ts';
import { acrModel, electrochemistryOf, stepCurrentDensity } from '../scene/resolveElectrochemistry.ts';
import { criticalRate } from '../physics/acrStability.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import { plateauVoltage } from '../physics/ocv.ts';
import { chargeTransferResistance, tafelSlope } from '../physics/kinetics.ts';

export interface ElectrochemistryReport {
  mode: string;
  units: { voltage: 'V vs Li/Li+'; current: 'A/m^2 of particle surface (insertion positive)'; capacity: 'inserted fraction of the sites' };
  oneC: number;
  exchangeCurrentDensity: number;
  chargeTransferResistance: number;
  tafelSlope: number;
  plateauVoltage: number | null;
  criticalCurrent: { currentDensity: number; cRate: number; reading: string } | null;
  protocolCurrents: { step: number; currentDensity: number; cRate: number }[];
  dimensionless: Record<'damkohler' | 'biot' | 'debyeRatio', { value: number; reading: string }>;
}

export function electrochemistryReport(spec: Spec): ElectrochemistryReport | undefined {
  const ec = electrochemistryOf(spec);
  if (!ec) return undefined;
  const fe = freeEnergy(spec.freeEnergy);
  const plateau = plateauVoltage(fe, ec.siteDensity, ec.referencePotential);
  let critical: ElectrochemistryReport['criticalCurrent'] = null;
  if (ec.reaction.mode === 'acr' && ec.law.kind === 'butlerVolmer') {
    // the longest wave the platelet holds: k = 2 pi / L_max (internal units: lengths in cells)
    const k = (2 * Math.PI) / Math.max(...spec.internal.size);
    const rate = criticalRate(acrModel(spec, ec), k);
    if (rate !== null) {
      const currentDensity = rate * ec.internal.currentPerRate;
      const cRate = currentDensity / ec.oneC;
      critical = {
        currentDensity,
        cRate,
        reading:
          rate === 0
            ? 'no perturbation grows at any current: the particle fills homogeneously'
            : `above ${currentDensity.toPrecision(3)} A/m^2 (${cRate.toPrecision(3)}C) no perturbation grows and the platelet fills homogeneously; below it the spinodal amplifies fluctuations (by more the slower the current)`,
      };
    }
  }
  const n = ec.numbers;
  return {
    mode: ec.reaction.mode,
    units: { voltage: 'V vs Li/Li+', current: 'A/m^2 of particle surface (insertion positive)', capacity: 'inserted fraction of the sites' },
    oneC: ec.oneC,
    exchangeCurrentDensity: ec.exchangeCurrentDensity,
    chargeTransferResistance: chargeTransferResistance(ec.exchangeCurrentDensity, ec.temperature),
    tafelSlope: ec.law.kind === 'butlerVolmer' ? tafelSlope(ec.law.alpha, ec.temperature) : NaN,
    plateauVoltage: plateau ? plateau.voltage : null,
    criticalCurrent: critical,
    protocolCurrents: ec.protocol.steps.flatMap((step, i) => {
      if (step.kind !== 'constantCurrent') return [];
      const currentDensity = stepCurrentDensity(ec, step);
      return [{ step: i, currentDensity, cRate: currentDensity / ec.oneC }];
    }),
    dimensionless: { damkohler: n.damkohler, biot: n.biot, debyeRatio: n.debyeRatio },
  };
}
