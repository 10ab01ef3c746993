/**
 * Dimensionless numbers that say which physics dominates an electrochemistry scene (DESIGN.md 3.5),
 * each with a one-line reading for run.json. SI inputs.
 *
 *   Damkohler  Da = i0 L / (F rho_s D)     surface reaction vs solid diffusion over the length L
 *              (Singh, Ceder & Bazant, Electrochim. Acta 53 (2008) 7599). For an ACR platelet L is the
 *              thickness: Da << 1 means the depth is uniform and depth averaging is justified.
 *   Biot       Bi = h L / k_th              surface heat transfer vs conduction inside the particle:
 *              Bi << 1 means the particle is isothermal.
 *   Debye      lambda_D / L, lambda_D = sqrt(eps_r eps0 R T / (2 F^2 c_salt))   (1:1 electrolyte):
 *              << 1 means a thin double layer (Butler-Volmer at the surface is enough, no Frumkin term).
 */
import { FARADAY, GAS_CONSTANT } from './constants.ts';

export const VACUUM_PERMITTIVITY = 8.8541878128e-12; // F/m

export interface DimensionlessInputs {
  exchangeCurrentDensity: number; // A/m^2
  siteDensity: number; // mol/m^3
  diffusivity: number; // m^2/s
  temperature: number; // K
  /** diffusion length (platelet thickness or particle radius) [m] */
  length: number;
  heatTransferCoefficient: number; // W/(m^2 K)
  thermalConductivity: number; // W/(m K)
  saltConcentration: number; // mol/m^3
  relativePermittivity: number;
}

export interface DimensionlessNumber {
  value: number;
  reading: string;
}

export function debyeLength(relativePermittivity: number, temperature: number, saltConcentration: number): number {
  return Math.sqrt((relativePermittivity * VACUUM_PERMITTIVITY * GAS_CONSTANT * temperature) / (2 * FARADAY * FARADAY * saltConcentration));
}

export function dimensionlessNumbers(p: DimensionlessInputs): { damkohler: DimensionlessNumber; biot: DimensionlessNumber; debyeRatio: DimensionlessNumber } {
  const da = (p.exchangeCurrentDensity * p.length) / (FARADAY * p.siteDensity * p.diffusivity);
  const bi = (p.heatTransferCoefficient * p.length) / p.thermalConductivity;
  const debye = debyeLength(p.relativePermittivity, p.temperature, p.saltConcentration) / p.length;
  const scale = (x: number) => (x < 0.1 ? 'well below 1' : x > 10 ? 'well above 1' : 'of order 1');
  return {
    damkohler: {
      value: da,
      reading:
        da < 0.1
          ? `Da = ${da.toPrecision(3)} (${scale(da)}): reaction-limited, Li spreads through the particle faster than it enters`
          : da > 10
            ? `Da = ${da.toPrecision(3)} (${scale(da)}): diffusion-limited, Li piles up at the surface`
            : `Da = ${da.toPrecision(3)} (${scale(da)}): reaction and solid diffusion compete`,
    },
    biot: {
      value: bi,
      reading: `Bi = ${bi.toPrecision(3)} (${scale(bi)}): ${bi < 0.1 ? 'the particle is isothermal' : 'temperature varies inside the particle'}`,
    },
    debyeRatio: {
      value: debye,
      reading: `lambda_D/L = ${debye.toPrecision(3)} (${scale(debye)}): ${debye < 0.1 ? 'thin double layer, surface Butler-Volmer kinetics suffice' : 'the double layer is not thin: space charge matters'}`,
    },
  };
}
