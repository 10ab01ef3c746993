/**
 * What a running scene offers its views (the browser viewport, src/viewport/app.ts): the grid, the point
 * fields as GPU buffers, stepping, reset and the observables read back a few steps late. Two models
 * implement it: the Cahn-Hilliard family (Simulation, src/solver/simulation.ts) and electrodeposition
 * (DepositionSimulation, src/solver/depositionSimulation.ts). Nothing here waits for the GPU except
 * settle().
 */
import type { Observables } from './observables.ts';

/** Point-field names of the output contract (DESIGN.md 4.2). */
export type FieldName =
  | 'c'
  | 'mu'
  | 'psi'
  | 'phi'
  /** the electrodeposition phase field (1 Li metal, 0 electrolyte) */
  | 'xi'
  | 'reaction_sites'
  | 'sigma_xx'
  | 'sigma_yy'
  | 'sigma_zz'
  | 'sigma_xy'
  | 'sigma_xz'
  | 'sigma_yz'
  | 'sigma_vm'
  | 'sigma_h'
  | 'sigma_1'
  | 'elastic_energy_density'
  | 'hotspot';

export interface Grid {
  shape: number[];
  dims: 2 | 3;
  cellCount: number;
  /** the box [scene length unit] */
  size: number[];
  spacing: number[];
}

/** Which model a simulation steps: views label the same field names by it (c is c~ = c_Li+/c0 for electrodeposition). */
export type SimulationModel = 'cahnHilliard' | 'electrodeposition';

export interface SceneSimulation {
  readonly model: SimulationModel;
  readonly grid: Grid;
  /** most recent observables, or undefined before the first readback */
  readonly latest: Observables | undefined;
  /** the run reached its end time (advance() then does nothing) */
  readonly finished: boolean;
  /** the point fields this scene offers (DESIGN.md 4.2 names) */
  fieldNames(): FieldName[];
  /**
   * Record what computes field `name` from the current state and return the f32 buffer (cellCount values,
   * x fastest, scene units) that holds it once the encoder is submitted; owned by the simulation.
   */
  encodeField(encoder: GPUCommandEncoder, name: FieldName): GPUBuffer;
  /** Record and submit `steps` steps (never waits; observables follow through onObservables). */
  advance(steps: number): void;
  /** Back to the initial condition. */
  reset(): void;
  /** Wait until every submitted readback has arrived. */
  settle(): Promise<void>;
  /** Observables of every state read back, in order; returns the unsubscribe function. */
  onObservables(listener: (o: Observables) => void): () => void;
  dispose(): void;
}
