/**
 * `grid.boundary`: what happens at the faces of the box, per axis (docs/boundaries.md).
 *   "periodic" (default)  the box repeats (Fourier basis)
 *   "noFlux"              walls with zero flux and zero normal gradient of c (cosine basis, DCT-II/III):
 *                         n . grad c = 0 and n . M grad mu = 0, mass is conserved
 *   "fixed"               fixed-value walls (sine basis after a lift); no solver of c supports it yet
 * One kind for every axis ("noFlux") or one per axis (["noFlux", "periodic"]).
 * Which models honour walls is checked here (boundaryIssues), so a scene a solver cannot run is refused
 * before any GPU work with the field that blocks it named.
 */
import { z } from 'zod';

export const BoundaryKindSchema = z.enum(['periodic', 'noFlux', 'fixed']);
export type BoundaryKind = z.output<typeof BoundaryKindSchema>;

export const BoundarySchema = z.union([BoundaryKindSchema, z.array(BoundaryKindSchema).min(1).max(3)]);

interface SceneForChecks {
  grid: { cells: number[]; boundary?: BoundaryKind | BoundaryKind[] };
  model: { reaction?: unknown; elasticity?: unknown };
  geometry?: unknown;
}

/** The boundary kind of every axis (the default: periodic). */
export function boundaryPerAxis(grid: SceneForChecks['grid']): BoundaryKind[] {
  const b = grid.boundary ?? 'periodic';
  return typeof b === 'string' ? grid.cells.map(() => b) : [...b];
}

/** Cross-field rules of grid.boundary (called from the scene schema's refinement). */
export function boundaryIssues(s: SceneForChecks): { path: (string | number)[]; message: string }[] {
  const b = s.grid.boundary;
  if (b === undefined) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (typeof b !== 'string' && b.length !== s.grid.cells.length) {
    issues.push({ path: ['grid', 'boundary'], message: `needs ${s.grid.cells.length} entries, one per axis of grid.cells (or one kind for all axes)` });
    return issues;
  }
  const kinds = boundaryPerAxis(s.grid);
  kinds.forEach((kind, axis) => {
    if (kind === 'fixed') {
      issues.push({
        path: typeof b === 'string' ? ['grid', 'boundary'] : ['grid', 'boundary', axis],
        message: 'fixed-value walls for the concentration are not supported: Cahn-Hilliard is fourth order and needs two conditions per wall; use "noFlux" (closed walls) or "periodic"',
      });
    }
  });
  if (kinds.every((k) => k === 'periodic')) return issues;
  const walls = `walls (grid.boundary ${JSON.stringify(b)})`;
  if (s.model.reaction !== undefined) {
    issues.push({ path: ['model', 'reaction'], message: `the reaction steppers run in a periodic box; ${walls} need a closed Cahn-Hilliard scene (remove model.reaction or use "periodic")` });
  }
  if (s.model.elasticity !== undefined) {
    issues.push({ path: ['model', 'elasticity'], message: `the elastic solvers need a periodic box; ${walls} are not supported with elasticity yet` });
  }
  if (s.geometry !== undefined) {
    issues.push({ path: ['geometry'], message: `a particle geometry (smoothed boundary) sits in a periodic box; it is not supported with ${walls}` });
  }
  return issues;
}
