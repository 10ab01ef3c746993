/**
 * The quantities the viewport can show, and how each maps to colours: which simulation field it reads,
 * its name and unit for the colorbar, sequential or diverging colormap, an optional offset (the mean,
 * to show deviations) and the iso-line drawn on it. Adding stress or potential views is adding rows.
 */
import { COLORMAPS, type Colormap } from '../io/colormap.ts';
import type { MeasuredRange } from './fieldRange.ts';
import type { FieldName } from './engine.ts';

export interface DisplayQuantity {
  id: string;
  /** Shown in the picker and on the colorbar. */
  label: string;
  unit: string;
  /** Name passed to sim.fieldBuffer(). */
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

export const DISPLAY_QUANTITIES: readonly DisplayQuantity[] = [
  { id: 'c', label: 'c', unit: 'site fraction', field: 'c', colormap: COLORMAPS.viridis, signed: false, subtractMean: false, fixedRange: [0, 1], contourLevel: 0.5, contourColor: WHITE },
  { id: 'c-deviation', label: 'c − ⟨c⟩', unit: 'site fraction', field: 'c', colormap: COLORMAPS.rdbu, signed: true, subtractMean: true, contourLevel: 0.5, contourColor: BLACK },
];

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
