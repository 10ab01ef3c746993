/**
 * Materials table for chemo-mechanical runs: stiffness (Voigt 6x6, Pa, see elasticity.ts conventions),
 * isotropic (or Voigt-Reuss-Hill averaged) E and nu, fracture toughness or yield stress, the
 * full-lithiation eigenstrain in the crystal frame, insertion-site density and reference potential.
 *
 * Every number has its source in the entry's `sources` or in a comment next to it. "estimate" marks a
 * value chosen by us as representative of a scattered or indirect literature (order of magnitude right,
 * the digits not): use those for qualitative runs, and override them from a scene for quantitative ones.
 * Derived numbers (site densities from density and molar mass, VRH moduli from the C_ij) show their
 * arithmetic.
 */
import { isotropicStiffness, orthorhombicStiffness, voigtReussHill, type OrthorhombicConstants, type SymTensor, type Voigt } from './elasticity.ts';

export interface Material {
  readonly name: string;
  readonly description: string;
  /** Pa, Voigt 6x6 in the crystal frame (rotate with `rotateStiffness`). */
  readonly stiffness: Voigt;
  /** Pa: isotropic value, or the Voigt-Reuss-Hill polycrystal average of `stiffness`. */
  readonly youngsModulus: number;
  readonly poissonRatio: number;
  /** Pa m^0.5, mode-I critical stress-intensity factor, where known. */
  readonly fractureToughness?: number;
  /** Pa, (tensile) yield stress of a ductile phase. */
  readonly yieldStress?: number;
  /** Full-lithiation misfit strain in the crystal frame (tensor shear components). */
  readonly eigenstrain?: SymTensor;
  /** mol/m^3 of insertion sites (of the host, at full lithiation). */
  readonly siteDensity?: number;
  /** V vs Li/Li+. */
  readonly referencePotential?: number;
  readonly sources: readonly string[];
}

const GPa = 1e9;
const MPa = 1e6;

function orthorhombicEntry(
  base: Omit<Material, 'stiffness' | 'youngsModulus' | 'poissonRatio'>,
  constantsGPa: OrthorhombicConstants,
): Material {
  const stiffness = orthorhombicStiffness(constantsGPa).map((v) => v * GPa);
  const { youngsModulus, poissonRatio } = voigtReussHill(stiffness);
  return { ...base, stiffness, youngsModulus, poissonRatio };
}

function isotropicEntry(base: Omit<Material, 'stiffness'>): Material {
  return { ...base, stiffness: isotropicStiffness(base.youngsModulus, base.poissonRatio) };
}

const MAXISCH_CEDER = 'T. Maxisch, G. Ceder, "Elastic properties of olivine LixFePO4 from first principles", Phys. Rev. B 73 (2006) 174112 (GGA+U elastic constants, Pnma setting)';
const COGSWELL_BAZANT =
  'D. A. Cogswell, M. Z. Bazant, "Coherency strain and the kinetics of phase separation in LiFePO4 nanoparticles", ACS Nano 6 (2012) 2215 (misfit (0.05, 0.028, -0.025), site density 1.3793e28 m^-3, averaged C_ij)';
const MEETHONG =
  'N. Meethong, H.-Y. S. Huang, W. C. Carter, Y.-M. Chiang, "Size-dependent lithium miscibility gap in nanoscale Li1-xFePO4", Electrochem. Solid-State Lett. 10 (2007) A134 (lattice parameters of both phases)';
const LFP_POTENTIAL =
  'Reference potential 3.422 V vs Li/Li+: the value used in the Bazant group\'s LiFePO4 models (Cogswell & Bazant 2012; Smith & Bazant, J. Electrochem. Soc. 164 (2017) E3291)';
const LFP_TOUGHNESS =
  'Fracture toughness: estimate, ~1 MPa m^0.5, typical of brittle oxide/phosphate ceramics; we know of no direct single-crystal measurement for LixFePO4';

/**
 * Li_xFePO4 misfit (a, b, c) between LiFePO4 and FePO4, as used by Cogswell & Bazant 2012 (from the
 * lattice parameters reported by Meethong et al. 2007): strain of the lithiated phase relative to FePO4.
 */
const LFP_MISFIT: SymTensor = [0.05, 0.028, -0.025, 0, 0, 0];

/*
 * Olivine elastic constants in GPa, Maxisch & Ceder 2006 (Pnma: a = x, b = y (Li channels), c = z).
 * Consistency check of the transcription: the averages (LFP + FP)/2 reproduce the averaged set used by
 * Cogswell & Bazant 2012: C11 157.4, C22 175.8, C33 ~154, C44 37.8, C55 49.05, C66 51.6, C12 51.2, C23 32.7.
 */
const LIFEPO4_C = { c11: 138.9, c22: 198.0, c33: 173.5, c12: 72.8, c13: 52.5, c23: 45.8, c44: 36.8, c55: 50.6, c66: 47.6 };
const FEPO4_C = { c11: 175.9, c22: 153.6, c33: 135.0, c12: 29.6, c13: 54.0, c23: 19.6, c44: 38.8, c55: 47.5, c66: 55.6 };

/*
 * Site density of LiFePO4: 1.3793e28 sites/m^3 (Cogswell & Bazant 2012) / N_A = 22,904 mol/m^3; the same
 * follows from the orthorhombic cell (about 291 A^3, 4 formula units).
 */
const LFP_SITES = 1.3793e28 / 6.02214076e23;

export const MATERIALS: Readonly<Record<string, Material>> = {
  LiFePO4: orthorhombicEntry(
    {
      name: 'LiFePO4',
      description:
        'Lithium iron phosphate (olivine, Pnma), the lithiated end member of LixFePO4. Orthorhombic C_ij in the crystal axes (x = a, y = b, z = c); E and nu are Voigt-Reuss-Hill averages. The eigenstrain is the full-lithiation misfit of LiFePO4 relative to FePO4.',
      fractureToughness: 1 * MPa, // estimate, see LFP_TOUGHNESS
      eigenstrain: LFP_MISFIT,
      siteDensity: LFP_SITES,
      referencePotential: 3.422,
      sources: [MAXISCH_CEDER, COGSWELL_BAZANT, MEETHONG, LFP_POTENTIAL, LFP_TOUGHNESS, 'E, nu: Voigt-Reuss-Hill average of the C_ij (Hill, Proc. Phys. Soc. A 65 (1952) 349)'],
    },
    LIFEPO4_C,
  ),
  FePO4: orthorhombicEntry(
    {
      name: 'FePO4',
      description:
        'Heterosite FePO4 (Pnma), the delithiated end member of LixFePO4. Orthorhombic C_ij in the crystal axes (x = a, y = b, z = c); E and nu are Voigt-Reuss-Hill averages. The eigenstrain is the strain of full lithiation (to LiFePO4) relative to this phase.',
      fractureToughness: 1 * MPa, // estimate, see LFP_TOUGHNESS
      eigenstrain: LFP_MISFIT,
      siteDensity: LFP_SITES,
      referencePotential: 3.422,
      sources: [MAXISCH_CEDER, COGSWELL_BAZANT, MEETHONG, LFP_POTENTIAL, LFP_TOUGHNESS, 'E, nu: Voigt-Reuss-Hill average of the C_ij (Hill, Proc. Phys. Soc. A 65 (1952) 349)'],
    },
    FEPO4_C,
  ),
  NMC: isotropicEntry({
    name: 'NMC',
    description:
      'Layered oxide LiNi0.8Mn0.1Co0.1O2 (NMC811), isotropic polycrystal estimate. No eigenstrain is given: its lattice change with x(Li) is non-monotonic (c expands then collapses below x ~ 0.5; about 5.1 % volume change between 3.0 and 4.3 V, Kondrakov et al. 2017), which a single linear misfit does not represent.',
    youngsModulus: 140 * GPa, // estimate: nanoindentation of NMC particles gives ~100-200 GPa (Xu et al. 2017; Sharma et al. 2023)
    poissonRatio: 0.3, // estimate
    fractureToughness: 0.8 * MPa, // estimate, order of magnitude of layered-oxide / spinel particle measurements (Mughal et al. 2017 for LiMn2O4: 0.24-0.81 MPa m^0.5)
    // 48,800 mol/m^3 = density 4.75 g/cm^3 (estimate, crystallographic) / M = 97.3 g/mol (LiNi0.8Mn0.1Co0.1O2), one site per formula unit
    siteDensity: (4.75e6 / 97.28),
    sources: [
      'R. Xu, H. Sun, L. S. de Vasconcelos, K. Zhao, "Mechanical and structural degradation of LiNixMnyCozO2 cathode in Li-ion batteries: an experimental study", J. Electrochem. Soc. 164 (2017) A3333 (nanoindentation moduli of NMC)',
      'N. Sharma, D. Meng, X. Wu, L. S. de Vasconcelos, L. Li, K. Zhao, "Nanoindentation measurements of anisotropic mechanical properties of single crystalline NMC cathodes for Li-ion batteries", Extreme Mech. Lett. (2023) 101920',
      'A. O. Kondrakov et al., "Anisotropic lattice strain and mechanical degradation of high- and low-nickel NCM cathode materials for Li-ion batteries", J. Phys. Chem. C 121 (2017) 3286',
      'M. Z. Mughal, H.-Y. Amanieu, R. Moscatelli, M. Sebastiani, "A comparison of microscale techniques for determining fracture toughness of LiMn2O4 particles", Materials 10 (2017) 403',
      'E = 140 GPa, nu = 0.3, K_IC = 0.8 MPa m^0.5 and density 4.75 g/cm^3 are estimates',
    ],
  }),
  graphite: isotropicEntry({
    name: 'graphite',
    description:
      'Graphite (negative electrode), isotropic polycrystal estimate of the unlithiated modulus (it rises about threefold towards LiC6, Qi et al. 2010). Crystal frame z = c axis (stacking direction). Eigenstrain from graphite to LiC6: +1.0 % in plane, +10.5 % along c.',
    youngsModulus: 32 * GPa, // Qi et al. 2010 (graphite electrode, unlithiated)
    poissonRatio: 0.3, // estimate
    fractureToughness: 1 * MPa, // estimate, polycrystalline graphite ~1 MPa m^0.5
    // in plane: a(LiC6)/sqrt(3) = 4.305/1.732 = 2.4855 A vs a(graphite) = 2.461 A -> +1.0 %;
    // along c: interlayer 3.706 A (LiC6) vs 3.354 A (graphite) -> +10.5 %
    eigenstrain: [0.01, 0.01, 0.105, 0, 0, 0],
    // 31,400 mol/m^3 = 2.26e6 g/m^3 / 12.011 g/mol carbon / 6 (one Li per six C in LiC6)
    siteDensity: 2.26e6 / 12.011 / 6,
    sources: [
      'Y. Qi, H. Guo, L. G. Hector Jr., A. Timmons, "Threefold increase in the Young\'s modulus of graphite negative electrode during lithium intercalation", J. Electrochem. Soc. 157 (2010) A558',
      'Y. Trucano, R. Chen, "Structure of graphite by neutron diffraction", Nature 258 (1975) 136 (graphite a = 2.461 A, c/2 = 3.354 A)',
      'D. Guerard, A. Herold, "Intercalation of lithium into graphite and other carbons", Carbon 13 (1975) 337 (LiC6 a = 4.305 A, c = 3.706 A)',
      'nu = 0.3 and K_IC = 1 MPa m^0.5 are estimates; density 2.26 g/cm^3 is the X-ray density of graphite',
    ],
  }),
  silicon: isotropicEntry({
    name: 'silicon',
    description:
      'Crystalline silicon (negative electrode), isotropic polycrystal average. The eigenstrain is the linear strain of the ~280 % volume expansion to Li15Si4 ((3.8)^(1/3) - 1 = 0.56): far beyond small strain, so linear elasticity is only qualitative for silicon.',
    youngsModulus: 165 * GPa, // Hopcroft et al. 2010: isotropic (polycrystal) average of the cubic C_ij, ~165 GPa
    poissonRatio: 0.22, // Hopcroft et al. 2010: isotropic average ~0.22
    fractureToughness: 0.9 * MPa, // estimate: single-crystal Si, 0.8-1 MPa m^0.5 depending on plane
    eigenstrain: [0.56, 0.56, 0.56, 0, 0, 0],
    // 311,000 mol/m^3 = 3.75 Li per Si (Li15Si4) x 2.329e6 g/m^3 / 28.086 g/mol
    siteDensity: (3.75 * 2.329e6) / 28.086,
    sources: [
      'M. A. Hopcroft, W. D. Nix, T. W. Kenny, "What is the Young\'s modulus of silicon?", J. Microelectromech. Syst. 19 (2010) 229',
      'M. N. Obrovac, L. Christensen, "Structural changes in silicon anodes during lithium insertion/extraction", Electrochem. Solid-State Lett. 7 (2004) A93 (Li15Si4, ~280 % volume expansion)',
      'K_IC = 0.9 MPa m^0.5 is an estimate for crystalline Si',
    ],
  }),
  LLZO: isotropicEntry({
    name: 'LLZO',
    description: 'Garnet solid electrolyte Li7La3Zr2O12 (cubic, dense polycrystal), isotropic; no insertion, no eigenstrain.',
    youngsModulus: 149.8 * GPa, // Ni et al. 2012, resonant ultrasound spectroscopy
    poissonRatio: 0.257, // Ni et al. 2012
    fractureToughness: 1.25 * MPa, // Wolfenstine et al. 2013, 1.25 +- 0.32 MPa m^0.5
    sources: [
      'J. E. Ni, E. D. Case, J. S. Sakamoto, E. Rangasamy, J. B. Wolfenstine, "Room temperature elastic moduli and Vickers hardness of hot-pressed LLZO cubic garnet", J. Mater. Sci. 47 (2012) 7978',
      'J. Wolfenstine, H. Jo, Y.-H. Cho, I. N. David, P. Askeland, E. D. Case, H. Kim, H. Choe, J. Sakamoto, "A preliminary investigation of fracture toughness of Li7La3Zr2O12 and its comparison to other solid Li-ion conductors", Mater. Lett. 96 (2013) 117',
    ],
  }),
  Li6PS5Cl: isotropicEntry({
    name: 'Li6PS5Cl',
    description: 'Argyrodite sulfide solid electrolyte Li6PS5Cl, isotropic estimate (soft, brittle); no insertion, no eigenstrain.',
    youngsModulus: 22 * GPa, // estimate: a little above the sulfide glass (18.5 GPa, McGrogan et al. 2017); reported argyrodite values scatter around 20-30 GPa
    poissonRatio: 0.3, // estimate
    fractureToughness: 0.23 * MPa, // estimate: the value measured for the sulfide glass 70Li2S-30P2S5 (McGrogan et al. 2017)
    sources: [
      'F. P. McGrogan, T. Swamy, S. R. Bishop, E. Eggleton, L. Porz, X. Chen, Y.-M. Chiang, K. J. Van Vliet, "Compliant yet brittle mechanical behavior of Li2S-P2S5 lithium-ion-conducting solid electrolyte", Adv. Energy Mater. 7 (2017) 1602011 (E ~ 18.5 GPa, K_IC ~ 0.23 MPa m^0.5 for the glass)',
      'E = 22 GPa, nu = 0.3 and K_IC = 0.23 MPa m^0.5 are estimates for Li6PS5Cl',
    ],
  }),
  lithium: isotropicEntry({
    name: 'lithium',
    description: 'Lithium metal (negative electrode / interlayer), isotropic polycrystal; ductile: strength by von Mises against the yield stress.',
    youngsModulus: 7.82 * GPa, // Masias et al. 2019, acoustic measurement
    poissonRatio: 0.381, // Masias et al. 2019
    yieldStress: 0.8 * MPa, // Masias et al. 2019: 0.73-0.81 MPa in tension/compression at room temperature
    // 76,900 mol/m^3 = 0.534e6 g/m^3 / 6.941 g/mol
    siteDensity: 0.534e6 / 6.941,
    referencePotential: 0, // by definition of the Li/Li+ scale
    sources: [
      'A. Masias, N. Felten, R. Garcia-Mendez, J. Wolfenstine, J. Sakamoto, "Elastic, plastic, and creep mechanical properties of lithium metal", J. Mater. Sci. 54 (2019) 2585',
      'density 0.534 g/cm^3 and molar mass 6.941 g/mol of lithium (CRC Handbook of Chemistry and Physics)',
    ],
  }),
};

export function materialNames(): string[] {
  return Object.keys(MATERIALS);
}

export function getMaterial(name: string): Material {
  const material = Object.hasOwn(MATERIALS, name) ? MATERIALS[name] : undefined;
  if (!material) throw new Error(`unknown material ${JSON.stringify(name)}: known materials are ${materialNames().join(', ')}`);
  return material;
}

/**
 * Fracture strength of a brittle solid containing a surface flaw of depth a: sigma_f = K_IC / (Y sqrt(pi a))
 * with Y = 1.12, the free-surface correction of a shallow edge crack (Griffith, Phil. Trans. R. Soc. A 221
 * (1921) 163; Irwin, J. Appl. Mech. 24 (1957) 361; Y = 1.12 from Tada, Paris & Irwin, The Stress Analysis
 * of Cracks Handbook, 1973). Units: Pa m^0.5 and m give Pa.
 */
export function tensileStrength(fractureToughness: number, flawSize: number): number {
  if (!(fractureToughness > 0)) throw new Error(`fracture toughness must be positive, got ${fractureToughness}`);
  if (!(flawSize > 0)) throw new Error(`flaw size must be positive, got ${flawSize}`);
  return fractureToughness / (1.12 * Math.sqrt(Math.PI * flawSize));
}

/**
 * The strength a stress field is compared against for hot spots: brittle phases, the maximum principal
 * stress against `tensileStrength(K_IC, flawSize)`; ductile phases (a yield stress and no toughness,
 * e.g. lithium metal), the von Mises stress against the yield stress (flawSize unused).
 */
export function materialStrength(material: Material, flawSize: number): { kind: 'tensile' | 'vonMises'; value: number } {
  if (material.yieldStress !== undefined && material.fractureToughness === undefined) {
    return { kind: 'vonMises', value: material.yieldStress };
  }
  if (material.fractureToughness !== undefined) {
    return { kind: 'tensile', value: tensileStrength(material.fractureToughness, flawSize) };
  }
  throw new Error(`material "${material.name}" has neither a fracture toughness nor a yield stress`);
}
