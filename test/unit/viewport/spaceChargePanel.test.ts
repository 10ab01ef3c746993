import { describe, expect, it } from 'vitest';
import { parseSpaceChargeInputs } from '../../../src/viewport/spaceChargePanel.ts';

const fields = { carrierDensity: '1e24', permittivity: '60', surfacePotentialMillivolts: '-100', model: 'single', siteDensity: '', temperature: '298.15' };

describe('space-charge panel inputs', () => {
  it('parses the fields into SI parameters (mV -> V, empty site density = dilute)', () => {
    const { params, surfacePotentialVolts } = parseSpaceChargeInputs(fields);
    expect(params).toEqual({ model: 'single', carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: 298.15, siteDensity: undefined });
    expect(surfacePotentialVolts).toBeCloseTo(-0.1, 15);
    expect(parseSpaceChargeInputs({ ...fields, model: 'gouy-chapman', siteDensity: '1e26' }).params.siteDensity).toBe(1e26);
  });
  it('names the bad field', () => {
    expect(() => parseSpaceChargeInputs({ ...fields, carrierDensity: 'many' })).toThrow(/carrier density/);
    expect(() => parseSpaceChargeInputs({ ...fields, surfacePotentialMillivolts: '' })).toThrow(/surface potential/);
    expect(() => parseSpaceChargeInputs({ ...fields, siteDensity: '-1' })).toThrow(/site density/);
  });
});
