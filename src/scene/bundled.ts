/** Scenes shipped in scenes/: looked up by name from the CLI and listed in the viewport. */
import pfhubBm1a from '../../scenes/pfhub-bm1a.json';
import pfhubBm1b from '../../scenes/pfhub-bm1b.json';
import pfhubBm6a from '../../scenes/pfhub-bm6a.json';
import spaceChargeLlzo from '../../scenes/space-charge-llzo.json';
import spinodal3d from '../../scenes/spinodal-3d.json';
import lfpRegularSolution from '../../scenes/lfp-regular-solution.json';
import lfpPlateletSlow from '../../scenes/lfp-platelet-slow.json';
import lfpPlateletFast from '../../scenes/lfp-platelet-fast.json';
import lfpPlateletCoherency from '../../scenes/lfp-platelet-coherency.json';
import lfpCoherencyHotspots from '../../scenes/lfp-coherency-hotspots.json';
import elasticPrecipitate from '../../scenes/elastic-precipitate.json';
import elasticPrecipitateEllipse from '../../scenes/elastic-precipitate-ellipse.json';
import elasticPrecipitateInhomogeneous from '../../scenes/elastic-precipitate-inhomogeneous.json';
import lfpCoherentSpinodal from '../../scenes/lfp-coherent-spinodal.json';
import lfpPlateletSelfHeating from '../../scenes/lfp-platelet-self-heating.json';
import nmcParticleLlzo3d from '../../scenes/nmc-particle-llzo-3d.json';
import nmcInLlzoHotspots from '../../scenes/nmc-in-llzo-hotspots.json';
import nmcInLi6ps5clHotspots from '../../scenes/nmc-in-li6ps5cl-hotspots.json';
import lfpParticleChr from '../../scenes/lfp-particle-chr.json';
import nmcSphereChr3d from '../../scenes/nmc-sphere-chr-3d.json';
import compositeElectrode from '../../scenes/composite-electrode.json';
import nmc811InLlzoCycling from '../../scenes/nmc811-in-llzo-cycling.json';
import nmc811InLi6ps5clCycling from '../../scenes/nmc811-in-li6ps5cl-cycling.json';
import nmc811InPoreCycling from '../../scenes/nmc811-in-pore-cycling.json';
import lfpParticleInSulfide from '../../scenes/lfp-particle-in-sulfide.json';
import pfhubBm4a from '../../scenes/pfhub-bm4a.json';
import pfhubBm4c from '../../scenes/pfhub-bm4c.json';
import pfhubBm4e from '../../scenes/pfhub-bm4e.json';
import pfhubBm4g from '../../scenes/pfhub-bm4g.json';
import liDendrite2d from '../../scenes/li-dendrite-2d.json';
import liDendrite3d from '../../scenes/li-dendrite-3d.json';

/** PFHub benchmark 4, the small-precipitate variants (docs/elasticity.md) */
const PFHUB_BM4: unknown[] = [pfhubBm4a, pfhubBm4c, pfhubBm4e, pfhubBm4g];

export interface BundledScene {
  name: string;
  description: string;
  json: unknown;
}

const SCENES: unknown[] = [pfhubBm1a, pfhubBm1b, pfhubBm6a, spaceChargeLlzo, spinodal3d, lfpRegularSolution, lfpPlateletSlow, lfpPlateletFast, lfpPlateletSelfHeating, lfpCoherencyHotspots, elasticPrecipitate, elasticPrecipitateEllipse, elasticPrecipitateInhomogeneous, lfpCoherentSpinodal, nmcParticleLlzo3d, nmcInLlzoHotspots, nmcInLi6ps5clHotspots, lfpPlateletCoherency, lfpParticleChr, nmcSphereChr3d, compositeElectrode, nmc811InLlzoCycling, nmc811InLi6ps5clCycling, nmc811InPoreCycling, lfpParticleInSulfide, liDendrite2d, liDendrite3d];

export const bundledScenes: BundledScene[] = [...SCENES, ...PFHUB_BM4].map((json) => {
  const j = json as { name: string; description: string };
  return { name: j.name, description: j.description, json };
});

/** The scene a newcomer runs first. */
export const DEFAULT_SCENE = 'pfhub-bm1a';

export function findBundledScene(name: string): BundledScene | undefined {
  return bundledScenes.find((s) => s.name === name);
}
