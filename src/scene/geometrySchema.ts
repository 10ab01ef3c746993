/**
 * The scene's optional `geometry` section: one particle in the periodic box, described by a smooth
 * indicator psi (1 inside, 0 outside) for the smoothed-boundary method (DESIGN.md 3.5; Yu, Chen &
 * Thornton, Modelling Simul. Mater. Sci. Eng. 20 (2012) 075008). Lengths in the scene's length unit.
 * `center` defaults to the middle of the box; `interfaceCells` is the 10-90 % width of psi in cells.
 */
import { z } from 'zod';

const positive = z.number().positive({ error: 'must be > 0' });
const lengths = z.array(positive).min(2).max(3);

const common = {
  /** particle centre (scene length unit), one entry per axis; default: the box centre */
  center: z.array(z.number()).min(2).max(3).optional(),
  /** width of the smooth boundary (10 % to 90 % of psi) in grid cells; 0: a sharp (pixel) boundary */
  interfaceCells: z.number().min(0).max(20).default(3),
  /** psi is regularised to >= psiMin where the solver divides by it */
  psiMin: z.number().gt(0).lt(0.5).default(1e-3),
};

export const GeometrySchema = z.discriminatedUnion('kind', [
  /** circle (2D) or sphere (3D) */
  z.strictObject({ kind: z.literal('sphere'), radius: positive, ...common }),
  /** ellipse (2D) or ellipsoid (3D), axis-aligned semi-axes */
  z.strictObject({ kind: z.literal('ellipsoid'), semiAxes: lengths, ...common }),
  /** axis-aligned box with half side lengths `halfSize` and edges rounded with `cornerRadius` */
  z.strictObject({ kind: z.literal('roundedBox'), halfSize: lengths, cornerRadius: z.number().min(0).default(0), ...common }),
  /**
   * A voxel mask: one byte per voxel (non-zero = particle), x fastest, on a grid of `cells` voxels
   * spanning the box (resampled to the simulation grid by nearest voxel), then smoothed. The bytes are
   * given inline as base64 (`data`) or as a raw uint8 file (`file`, a path relative to the scene file),
   * which the `spinode` command line reads and embeds as `data` before validation (src/cli/maskFile.ts);
   * in the browser and the library `data` is needed. With both, `data` is used and `file` names its source.
   */
  z
    .strictObject({
      kind: z.literal('mask'),
      cells: z.array(z.int().min(1)).min(2).max(3),
      data: z.string().min(1).optional(),
      file: z.string().min(1).optional(),
      interfaceCells: common.interfaceCells,
      psiMin: common.psiMin,
    })
    .superRefine((g, ctx) => {
      if (g.data !== undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: g.file === undefined
          ? 'give the mask as base64 bytes (data) or as a raw uint8 file (file)'
          : `the mask bytes of file "${g.file}" were not loaded: the spinode command line reads geometry.file; elsewhere (browser, library) give them as base64 in geometry.data`,
      });
    }),
  /**
   * A composite electrode: a periodic random packing of active-material, solid-electrolyte and carbon
   * spheres (radii in the scene's length unit) on the simulation grid, one voxel per cell
   * (src/physics/microstructure.ts); the rest is `fill`. The particle (psi) is the active phase.
   * `conductor` says where the electrode reaction can run (CHR mode): "poor" (an electronically poor
   * active material such as LiFePO4) on the triple-phase boundary, in a band `tpbWidth` wide (default one
   * cell) along it; "mixed" (a mixed conductor such as a layered oxide) on the whole active/electrolyte
   * interface. Needs a 3D grid with cubic cells.
   */
  z.strictObject({
    kind: z.literal('composite'),
    fractions: z.strictObject({ active: z.number().min(0).max(1), electrolyte: z.number().min(0).max(1), carbon: z.number().min(0).max(1) }),
    radii: z.strictObject({ active: positive, electrolyte: positive, carbon: positive }),
    fill: z.enum(['electrolyte', 'carbon', 'pore']).default('electrolyte'),
    seed: z.int().min(0).default(1),
    conductor: z.enum(['poor', 'mixed']),
    tpbWidth: positive.optional(),
    interfaceCells: common.interfaceCells,
    psiMin: common.psiMin,
  }),
]);

export type Geometry = z.output<typeof GeometrySchema>;
