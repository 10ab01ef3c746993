/** Physical constants (CODATA 2018 exact values where defined). */
export const GAS_CONSTANT = 8.314462618; // J / (mol K)
export const FARADAY = 96485.33212; // C / mol
export const BOLTZMANN = 1.380649e-23; // J / K
export const ELEMENTARY_CHARGE = 1.602176634e-19; // C
