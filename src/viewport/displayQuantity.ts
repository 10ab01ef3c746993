/**
 * The quantities the viewport can show, and how each maps to colours: which simulation field it reads,
 * its name and unit for the colorbar, sequential or diverging colormap, an optional offset (the mean,
 * to show deviations) and the iso-line drawn on it.
 *
 * The list is built per scene from `sim.fieldNames()` (`quantitiesFor`), so fields the solver adds
 * appear by themselves: c (as is and as a deviation from its mean), the electrodeposition phase field ξ
 * with c̃ and φ in volts, the chemical potential (relative
 * to its mean), the particle indicator, every stress component and invariant, the elastic energy
 * density and the hot-spot indicator. Signed quantities (deviations, stress components, hydrostatic
 * and maximum principal stress) get the diverging map centred on zero; magnitudes (c, von Mises
 * stress, elastic energy, psi) the perceptually uniform sequential one.
 */
import { COLORMAPS, type Colormap } from '../io/colormap.ts';
import type { MeasuredRange } from './fieldRange.ts';
import type { FieldName, SimulationModel } from './engine.ts';

export interface DisplayQuantity {
  id: string;
  /** Shown in the picker and on the colorbar. */
  label: string;
  /**
   * Unit of the field's values. With `prefixed`, the colorbar picks an SI prefix for it from the colour
   * range (Pa shown as MPa or GPa); otherwise it is shown as it is.
   */
  unit: string;
  prefixed?: boolean;
  /** Name passed to sim.encodeField(). */
  field: FieldName;
  colormap: Colormap;
  /** Diverging colours centred on zero (signed quantities). */
  signed: boolean;
  /** Subtract the field's mean before mapping (a deviation view). */
  subtractMean: boolean;
  /** Natural range for the "fixed" range mode, if the quantity has one. */
  fixedRange?: readonly [number, number];
  /** Iso-line of the raw field value (c = 1/2 separates Li-rich from Li-poor). */
  contourLevel?: number;
  /** Display RGBA of the iso-line, chosen to stand out on the colormap (white on viridis, black on RdBu, whose centre is white). */
  contourColor: readonly [number, number, number, number];
}

const WHITE = [1, 1, 1, 1] as const;
const BLACK = [0, 0, 0, 1] as const;

/** The quantities of the concentration field, which every scene has. */
export const DISPLAY_QUANTITIES: readonly DisplayQuantity[] = [
  { id: 'c', label: 'c', unit: 'site fraction', field: 'c', colormap: COLORMAPS.viridis, signed: false, subtractMean: false, fixedRange: [0, 1], contourLevel: 0.5, contourColor: WHITE },
  { id: 'c-deviation', label: 'c − ⟨c⟩', unit: 'site fraction', field: 'c', colormap: COLORMAPS.rdbu, signed: true, subtractMean: true, contourLevel: 0.5, contourColor: BLACK },
];

/**
 * Units of a scene's fields: SI scenes in Pa and J/m³, dimensionless scenes plain numbers; and the model,
 * which says what a field name means (c is the site fraction in the Cahn-Hilliard family, the Li⁺
 * concentration over its bulk value, c̃ = c/c₀, in electrodeposition).
 */
export interface FieldUnits {
  si: boolean;
  model?: SimulationModel;
}

const STRESS_LABELS: Partial<Record<FieldName, string>> = {
  sigma_xx: 'σxx',
  sigma_yy: 'σyy',
  sigma_zz: 'σzz',
  sigma_xy: 'σxy',
  sigma_xz: 'σxz',
  sigma_yz: 'σyz',
  sigma_h: 'σh (hydrostatic)',
  sigma_1: 'σ1 (max principal)',
};

/** The quantity (or quantities) that show one field; unknown future fields get a neutral default. */
function quantitiesOfField(field: FieldName, units: FieldUnits): DisplayQuantity[] {
  const energyDensity = units.si ? 'J/m³' : '';
  const stress = units.si ? 'Pa' : '';
  const sequential = (id: string, label: string, unit: string, extra: Partial<DisplayQuantity> = {}): DisplayQuantity => ({
    id, label, unit, prefixed: unit !== '', field, colormap: COLORMAPS.viridis, signed: false, subtractMean: false, contourColor: WHITE, ...extra,
  });
  const diverging = (id: string, label: string, unit: string, extra: Partial<DisplayQuantity> = {}): DisplayQuantity => ({
    id, label, unit, prefixed: unit !== '', field, colormap: COLORMAPS.rdbu, signed: true, subtractMean: false, contourColor: BLACK, ...extra,
  });
  if (units.model === 'electrodeposition') {
    // c̃ is 1 in the bulk electrolyte, depleted ahead of the deposit and negative inside the metal (docs/electrodeposition.md): no natural range
    if (field === 'c') return [sequential('c', 'c̃ = c(Li⁺)/c₀', '', { prefixed: false })];
    if (field === 'xi') return [sequential('xi', 'ξ (1 Li metal, 0 electrolyte)', '', { prefixed: false, fixedRange: [0, 1], contourLevel: 0.5 })];
    if (field === 'phi') return [diverging('phi', 'φ (electric potential)', 'V')];
  }
  if (field === 'c') return [...DISPLAY_QUANTITIES];
  if (field === 'mu') return [diverging('mu', 'μ − ⟨μ⟩', energyDensity, { subtractMean: true })];
  if (field === 'psi') return [sequential('psi', 'ψ (particle)', '', { fixedRange: [0, 1], contourLevel: 0.5 })];
  if (field === 'phi') return [diverging('phi', 'φ (electric potential)', units.si ? 'V' : '')];
  if (field === 'reaction_sites') return [sequential('reaction_sites', 'reaction sites (area per volume)', units.si ? '1/m' : '', { prefixed: false })];
  if (field === 'sigma_vm') return [sequential('sigma_vm', 'σvM (von Mises)', stress)];
  if (field === 'elastic_energy_density') return [sequential('elastic_energy_density', 'elastic energy density', energyDensity)];
  if (field === 'hotspot') return [sequential('hotspot', 'hot spots', '', { fixedRange: [0, 1] })];
  const stressLabel = STRESS_LABELS[field];
  if (stressLabel) return [diverging(field, stressLabel, stress)];
  return [sequential(field, field, '', { prefixed: false })];
}

/** Every quantity a scene with these fields can show, in the order of the fields. */
export function quantitiesFor(fields: readonly FieldName[], units: FieldUnits): DisplayQuantity[] {
  return fields.flatMap((f) => quantitiesOfField(f, units));
}

export type RangeMode = 'auto' | 'fixed';

export interface ColourMapping {
  range: [number, number];
  offset: number;
}

/**
 * Colour range and offset for a quantity from the measured field range. Signed quantities get a range
 * symmetric about zero so the neutral colour marks zero; a flat field gets a small non-empty range.
 */
export function colourMapping(q: DisplayQuantity, measured: MeasuredRange | undefined, mode: RangeMode): ColourMapping {
  const offset = q.subtractMean && measured ? measured.mean : 0;
  if (mode === 'fixed' && q.fixedRange) return { range: [q.fixedRange[0], q.fixedRange[1]], offset };
  if (!measured || !Number.isFinite(measured.min) || !Number.isFinite(measured.max)) {
    return { range: q.fixedRange ? [q.fixedRange[0], q.fixedRange[1]] : [-1, 1], offset };
  }
  const lo = measured.min - offset;
  const hi = measured.max - offset;
  if (q.signed) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1e-12;
    return { range: [-m, m], offset };
  }
  if (hi - lo <= Math.max(Math.abs(hi), Math.abs(lo)) * 1e-7) {
    const pad = Math.max(Math.abs(hi), 1) * 1e-3;
    return { range: [lo - pad, hi + pad], offset };
  }
  return { range: [lo, hi], offset };
}

const PREFIXES: readonly [number, string][] = [
  [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'],
];

/**
 * The unit the colorbar shows for a quantity over `range`, and the factor that turns field values into
 * it: an SI prefix such that the largest magnitude is at least 1 of it (2.4e8 Pa -> 240 MPa).
 */
export function displayUnit(q: DisplayQuantity, range: readonly [number, number]): { unit: string; scale: number } {
  if (!q.prefixed || !q.unit) return { unit: q.unit, scale: 1 };
  const m = Math.max(Math.abs(range[0]), Math.abs(range[1]));
  if (!(m > 0) || !Number.isFinite(m)) return { unit: q.unit, scale: 1 };
  const [scale, prefix] = PREFIXES.find(([s]) => m >= s * 0.9995) ?? PREFIXES[PREFIXES.length - 1];
  return { unit: `${prefix}${q.unit}`, scale };
}
