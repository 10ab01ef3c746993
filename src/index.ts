/**
 * Spinode's public surface (platform-neutral: browser and Node). In Node, get a device with
 * `acquireNodeGpu` from './gpu/nodeGpu.ts'; in the browser with `acquireBrowserGpu`.
 */
export { acquireBrowserGpu } from './gpu/browserGpu.ts';
export { createEngineDevice, GpuUnavailableError, DeviceLimitError, type GpuContext, type AdapterSummary } from './gpu/device.ts';
export { resolveScene, parseScene, SceneError, type Spec } from './scene/resolve.ts';
export { SceneSchema, type Scene, type SceneInput } from './scene/schema.ts';
export { bundledScenes, findBundledScene, DEFAULT_SCENE, type BundledScene } from './scene/bundled.ts';
export { Simulation, SimulationFailure, type Observables, type Grid } from './solver/simulation.ts';
export { CahnHilliardReference } from './solver/referenceStep.ts';
export { RealFft } from './fft/realFft.ts';
export { ComplexFft } from './fft/complexFft.ts';
export { RealToRealFft, type AxisTransform } from './fft/realToRealFft.ts';
export { SpectralPoisson, type PoissonBox } from './solver/spectralPoisson.ts';
export { freeEnergy, commonTangent, type FreeEnergy, type FreeEnergyParams } from './physics/freeEnergy.ts';
export {
  isotropicStiffness,
  cubicStiffness,
  orthorhombicStiffness,
  stiffnessTensor,
  voigtFromTensor,
  rotationMatrix,
  rotateStiffness,
  rotateSymTensor,
  stressFromStrain,
  complianceFromStiffness,
  strainFromStress,
  elasticEnergyDensity,
  voigtReussHill,
  acousticTensor,
  greenOmega,
  khachaturyanB,
  khachaturyanBMinimum,
  planeStressProblem,
  planeStressOutOfPlaneStrain,
  hydrostaticStress,
  vonMisesStress,
  principalStresses,
  eigenstrainWeight,
  eigenstrainWeightDerivative,
  type Voigt,
  type SymTensor,
  type Quaternion,
  type OrthorhombicConstants,
  type EigenstrainWeightKind,
} from './physics/elasticity.ts';
export {
  eshelbySphere,
  eshelbyDiscPlaneStrain,
  inhomogeneousSphere,
  inhomogeneousDiscPlaneStrain,
  type SphereField,
  type DiscPlaneStrainField,
  type InclusionSpec,
  type InhomogeneousInclusionSpec,
  type IsotropicModuli,
} from './physics/eshelby.ts';
export { MATERIALS, materialNames, getMaterial, tensileStrength, materialStrength, type Material } from './physics/materials.ts';
export {
  solveSpaceCharge,
  sampleSpaceChargeProfile,
  chargeLaw,
  debyeLength as spaceChargeDebyeLength,
  type SpaceChargeParams,
  type SpaceChargeModel,
  type SpaceChargeSolution,
  type SpaceChargeRow,
} from './physics/spaceCharge.ts';
export {
  nernstPlanckFlux,
  nernstPlanckFaceFluxes,
  thermodynamicFactor,
  latticeThermodynamicFactor,
  chemicalDiffusivity,
  chemicalDiffusivityTable,
  latticeTracerDiffusivity,
  type LatticeThermal,
} from './physics/transport.ts';
export { LumpedThermalModel, biotNumber, LUMPED_BIOT_LIMIT, type LumpedThermalParams, type ThermalInputs, type HeatLedger } from './physics/thermal.ts';
export {
  createMicrostructure,
  generatePackedMicrostructure,
  microstructureFromRaw,
  parseRawVoxelHeader,
  volumeFractions,
  triplePhaseBoundary,
  interfaceArea,
  labelClusters,
  percolation,
  reactionSites,
  PHASE_PORE,
  PHASE_ACTIVE,
  PHASE_ELECTROLYTE,
  PHASE_CARBON,
  type Microstructure,
  type PackingOptions,
  type RawVoxelHeader,
  type ReactionSites,
  type ConductorKind,
} from './physics/microstructure.ts';
// hot spots (#10): connected regions of the hot-spot indicator, tracking across frames, hotspots.csv
export { labelRegions, findHotspots, HotspotTracker, type HotspotRegion, type HotspotFrame, type TrackedRegion, type RegionLabels } from './analysis/hotspots.ts';
export { HOTSPOT_COLUMNS, hotspotCsvHeader, hotspotCsvRows } from './io/hotspotsCsv.ts';
// a strength per phase (#19): the particle's and the matrix's criteria, majority-phase rule, float64 twin
export { cellPhases, cellStrength, hotspotIndicator, criterionStress, phaseStrengths, hasStrength, type Phase, type PhaseStrengths } from './analysis/phaseStrength.ts';
// electrochemistry (#6): kinetics, OCV, ACR stability, dimensionless numbers, geometry, the ACR stepper and cycler
export {
  butlerVolmer,
  marcusHushChidsey,
  exchangeCurrentFactor,
  reactionRate,
  arrhenius,
  thermalVoltage,
  chargeTransferResistance,
  tafelSlope,
  reservoirPotentialForRate,
  type RateLaw,
  type ExchangeCurrentForm,
} from './physics/kinetics.ts';
export { openCircuitVoltage, plateauVoltage, voltageFromReservoir } from './physics/ocv.ts';
export { acrGrowthRate, criticalRate, maxGrowthRate, rateDerivatives, reservoirPotential, type AcrModel } from './physics/acrStability.ts';
export { dimensionlessNumbers, debyeLength, type DimensionlessNumber } from './physics/dimensionlessNumbers.ts';
export { particleIndicator } from './solver/geometry.ts';
export { electrochemistryOf, reactionSetpoint, acrModel, type Electrochemistry, type ReactionSetpoint } from './scene/resolveElectrochemistry.ts';
export { AllenCahnReactionStepper } from './solver/allenCahnReaction.ts';
export { ProtocolController, type ProtocolSwitch } from './solver/protocolController.ts';
export type { Stepper } from './solver/stepper.ts';
export { runBenchSuite, benchSuite, formatBenchReport } from './bench/suite.ts';
export { benchReportSchema } from './bench/schema.ts';
export { compareBenchReports, formatComparison, DEFAULT_REGRESSION_THRESHOLD, type BenchComparison } from './bench/compare.ts';
export { BENCH_SUITES, type BenchReport, type BenchSuiteName, type BenchRuntime } from './bench/report.ts';
