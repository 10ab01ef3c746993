/**
 * Analytic stress fields of a spherical or cylindrical inclusion with a DILATATIONAL eigenstrain
 * eps*_ij = eps* delta_ij (all three directions, also for the 2D disc) in an INFINITE isotropic body.
 * References for the solver's Eshelby tests (DESIGN section 5). Float64, no GPU.
 *
 * Sources: Eshelby, Proc. R. Soc. A 241 (1957) 376 (uniform interior field of an ellipsoidal inclusion);
 * Mura, Micromechanics of Defects in Solids, 2nd ed. 1987, sec. 11 (sphere and cylinder, dilatation);
 * Timoshenko & Goodier, Theory of Elasticity, 3rd ed. 1970, ch. 4 (thick cylinder, Lame solution) and
 * ch. 13 (thermal stress in a cylinder, plane strain). Each formula below is re-derived in its comment
 * by matching the Lame solutions at r = a, so the inhomogeneous cases follow from the same two lines.
 *
 * Notation: a = radius, K = E/(3(1 - 2nu)) bulk modulus, G = E/(2(1 + nu)) shear modulus,
 * lambda = K - 2G/3. Stresses are positive in tension. Every field function accepts any r >= 0: for
 * r < a it returns the (uniform) interior value, for r >= a the exterior one.
 */

export interface IsotropicModuli {
  youngsModulus: number;
  poissonRatio: number;
}

export interface InclusionSpec extends IsotropicModuli {
  /** eps*: the dilatational eigenstrain (eps*_ij = eps* delta_ij). */
  eigenstrain: number;
  radius: number;
}

export interface InhomogeneousInclusionSpec {
  inclusion: IsotropicModuli;
  matrix: IsotropicModuli;
  eigenstrain: number;
  radius: number;
}

export interface SphereField {
  /** sigma_xx = sigma_yy = sigma_zz inside (uniform, hydrostatic). */
  interiorStress: number;
  radialStress(r: number): number;
  hoopStress(r: number): number;
}

export interface DiscPlaneStrainField {
  /** Uniform interior stress: equal-biaxial in plane (xx = yy) and the constrained axial zz. */
  interiorStress: { xx: number; yy: number; zz: number };
  radialStress(r: number): number;
  hoopStress(r: number): number;
  axialStress(r: number): number;
}

function moduli({ youngsModulus: E, poissonRatio: nu }: IsotropicModuli): { K: number; G: number; lambda: number } {
  if (!(E > 0)) throw new Error(`Young's modulus must be positive, got ${E}`);
  if (!(nu > -1 && nu < 0.5)) throw new Error(`Poisson's ratio must lie in (-1, 0.5), got ${nu}`);
  const K = E / (3 * (1 - 2 * nu));
  const G = E / (2 * (1 + nu));
  return { K, G, lambda: K - (2 * G) / 3 };
}

function checkRadius(radius: number): void {
  if (!(radius > 0)) throw new Error(`inclusion radius must be positive, got ${radius}`);
}

function checkR(r: number): void {
  if (!(r >= 0)) throw new Error(`radius r must be >= 0, got ${r}`);
}

/**
 * Sphere, inclusion moduli (K1, G1), matrix (K2, G2), dilatational eps*.
 * Derivation (Lame, spherical symmetry; Timoshenko & Goodier ch. 4 / Mura sec. 11): inside u = alpha r
 * (finite at 0), so e_rr = e_thth = alpha and sigma = 3 K1 (alpha - eps*) I (uniform, hydrostatic).
 * Outside u = alpha a^3 / r^2 (decays at infinity; continuity of u at a fixes the amplitude), which is
 * traceless: sigma_rr = -4 G2 alpha (a/r)^3, sigma_thth = +2 G2 alpha (a/r)^3. Continuity of the radial
 * traction at r = a: 3 K1 (alpha - eps*) = -4 G2 alpha, hence
 *   alpha = 3 K1 eps* / (3 K1 + 4 G2),   sigma_int = -4 G2 alpha = -12 K1 G2 eps* / (3 K1 + 4 G2).
 * Homogeneous (K1 = K2, G1 = G2): sigma_int = -2 E eps* / (3 (1 - nu)) = -4 G eps* (1 + nu) / (3 (1 - nu)),
 * the Eshelby result (interior strain eps* (1 + nu) / (3 (1 - nu)) per axis).
 */
export function inhomogeneousSphere(spec: InhomogeneousInclusionSpec): SphereField {
  checkRadius(spec.radius);
  const { K: K1 } = moduli(spec.inclusion);
  const { G: G2 } = moduli(spec.matrix);
  const a = spec.radius;
  const alpha = (3 * K1 * spec.eigenstrain) / (3 * K1 + 4 * G2);
  const interiorStress = -4 * G2 * alpha;
  return {
    interiorStress,
    radialStress(r) {
      checkR(r);
      return r < a ? interiorStress : interiorStress * (a / r) ** 3;
    },
    hoopStress(r) {
      checkR(r);
      return r < a ? interiorStress : -0.5 * interiorStress * (a / r) ** 3;
    },
  };
}

/**
 * Homogeneous sphere (Eshelby 1957; Mura 1987 sec. 11), in the textbook E, nu form:
 * sigma_int = -2 E eps* / (3 (1 - nu)); outside sigma_rr = sigma_int (a/r)^3, sigma_thth = -sigma_rr / 2.
 * Written independently of `inhomogeneousSphere` so the tests can compare the two.
 */
export function eshelbySphere(spec: InclusionSpec): SphereField {
  checkRadius(spec.radius);
  moduli(spec);
  const { youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: a } = spec;
  const interiorStress = (-2 * E * eps) / (3 * (1 - nu));
  return {
    interiorStress,
    radialStress(r) {
      checkR(r);
      return r < a ? interiorStress : interiorStress * (a / r) ** 3;
    },
    hoopStress(r) {
      checkR(r);
      return r < a ? interiorStress : -0.5 * interiorStress * (a / r) ** 3;
    },
  };
}

/**
 * Cylinder (disc) in plane strain: total e_zz = 0 everywhere, eps* = eps* delta_ij including zz.
 * Derivation (Lame, axisymmetric plane strain; Timoshenko & Goodier ch. 4 and ch. 13):
 * inside u = alpha r: e_rr = e_thth = alpha, e_zz = 0, so with eps* in all three directions
 *   sigma_rr = sigma_thth = lambda1 (2 alpha - 3 eps*) + 2 G1 (alpha - eps*),
 *   sigma_zz = lambda1 (2 alpha - 3 eps*) - 2 G1 eps*          (z is constrained: e_zz - eps* = -eps*).
 * Outside u = alpha a^2 / r (traceless, no eigenstrain): sigma_rr = -2 G2 alpha (a/r)^2,
 * sigma_thth = +2 G2 alpha (a/r)^2, sigma_zz = 0. Traction continuity at r = a:
 *   lambda1 (2 alpha - 3 eps*) + 2 G1 (alpha - eps*) = -2 G2 alpha
 *   => alpha = (3 lambda1 + 2 G1) eps* / (2 (lambda1 + G1 + G2)) = 3 K1 eps* / (2 (lambda1 + G1 + G2)),
 * interior in-plane stress -2 G2 alpha. Homogeneous: alpha = eps* (1 + nu) / (2 (1 - nu)) (the plane-strain
 * cylinder's Eshelby strain), sigma_rr = sigma_thth = -E eps* / (2 (1 - nu)) and
 * sigma_zz = nu (sigma_rr + sigma_thth) - E eps* = -E eps* / (1 - nu), i.e. twice the in-plane value (the
 * thermal-stress result of a long constrained cylinder, Timoshenko & Goodier ch. 13).
 */
export function inhomogeneousDiscPlaneStrain(spec: InhomogeneousInclusionSpec): DiscPlaneStrainField {
  checkRadius(spec.radius);
  const { K: K1, G: G1, lambda: lambda1 } = moduli(spec.inclusion);
  const { G: G2 } = moduli(spec.matrix);
  const a = spec.radius;
  const eps = spec.eigenstrain;
  const alpha = (3 * K1 * eps) / (2 * (lambda1 + G1 + G2));
  const inPlane = -2 * G2 * alpha;
  const axial = lambda1 * (2 * alpha - 3 * eps) - 2 * G1 * eps;
  return {
    interiorStress: { xx: inPlane, yy: inPlane, zz: axial },
    radialStress(r) {
      checkR(r);
      return r < a ? inPlane : inPlane * (a / r) ** 2;
    },
    hoopStress(r) {
      checkR(r);
      return r < a ? inPlane : -inPlane * (a / r) ** 2;
    },
    axialStress(r) {
      checkR(r);
      return r < a ? axial : 0;
    },
  };
}

/**
 * Homogeneous plane-strain disc in the E, nu form (see `inhomogeneousDiscPlaneStrain` for the derivation):
 * interior sigma_xx = sigma_yy = -E eps* / (2 (1 - nu)), sigma_zz = -E eps* / (1 - nu); outside
 * sigma_rr = sigma_xx (a/r)^2, sigma_thth = -sigma_rr, sigma_zz = 0. Written independently of the
 * inhomogeneous function so the tests can compare the two.
 */
export function eshelbyDiscPlaneStrain(spec: InclusionSpec): DiscPlaneStrainField {
  checkRadius(spec.radius);
  moduli(spec);
  const { youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: a } = spec;
  const inPlane = (-E * eps) / (2 * (1 - nu));
  const axial = (-E * eps) / (1 - nu);
  return {
    interiorStress: { xx: inPlane, yy: inPlane, zz: axial },
    radialStress(r) {
      checkR(r);
      return r < a ? inPlane : inPlane * (a / r) ** 2;
    },
    hoopStress(r) {
      checkR(r);
      return r < a ? inPlane : -inPlane * (a / r) ** 2;
    },
    axialStress(r) {
      checkR(r);
      return r < a ? axial : 0;
    },
  };
}

export interface CompositeSpec extends InhomogeneousInclusionSpec {
  /** outer radius b of the matrix shell, where the displacement is held at zero (clamped mean strain) */
  outerRadius: number;
}

export interface CompositeField {
  /** volume (area) fraction f = (a / b)^3 (sphere) or (a / b)^2 (cylinder) */
  fraction: number;
  /** uniform interior in-plane (cylinder) or hydrostatic (sphere) stress */
  interiorStress: number;
  /** radial and hoop stress of the shell, a < r <= b (the interior value for r < a) */
  radialStress(r: number): number;
  hoopStress(r: number): number;
}

/**
 * Composite cylinder, plane strain: a disc of radius a (moduli 1, eigenstrain eps* in all three
 * directions) in a shell a < r < b (moduli 2) whose outer surface is clamped, u(b) = 0. The reference
 * of a periodic cell of area pi b^2 = L^2 with zero mean strain (the high-contrast targets).
 * Lame: inside u = alpha r, outside u = A r + B / r with A = -B / b^2. In plane strain
 * sigma_rr = 2 k A - 2 G B / r^2, sigma_thth = 2 k A + 2 G B / r^2 with the plane-strain bulk modulus
 * k = lambda + G; inside sigma = 2 k1 alpha - s*, s* = (3 lambda1 + 2 G1) eps*. With beta = B / a^2 and
 * f = a^2 / b^2: continuity of u gives alpha = beta (1 - f) and of the traction
 *   beta = s* / (2 (k1 (1 - f) + k2 f + G2)),   sigma_in = -s* (k2 f + G2) / (k1 (1 - f) + k2 f + G2),
 *   sigma_thth(r) = 2 beta (G2 a^2 / r^2 - k2 f).
 */
export function compositeCylinderPlaneStrain(spec: CompositeSpec): CompositeField {
  checkRadius(spec.radius);
  const { G: G1, lambda: l1 } = moduli(spec.inclusion);
  const { G: G2, lambda: l2 } = moduli(spec.matrix);
  const k1 = l1 + G1;
  const k2 = l2 + G2;
  const a = spec.radius;
  const b = spec.outerRadius;
  if (!(b > a)) throw new Error(`outer radius ${b} must exceed the inclusion radius ${a}`);
  const f = (a * a) / (b * b);
  const sStar = (3 * l1 + 2 * G1) * spec.eigenstrain;
  const beta = sStar / (2 * (k1 * (1 - f) + k2 * f + G2));
  const interiorStress = 2 * k1 * beta * (1 - f) - sStar;
  return {
    fraction: f,
    interiorStress,
    radialStress(r) {
      checkR(r);
      return r < a ? interiorStress : 2 * beta * (-k2 * f - (G2 * a * a) / (r * r));
    },
    hoopStress(r) {
      checkR(r);
      return r < a ? interiorStress : 2 * beta * ((G2 * a * a) / (r * r) - k2 * f);
    },
  };
}

/**
 * Composite sphere: a sphere of radius a (bulk K1, eigenstrain eps*) in a shell a < r < b (K2, G2)
 * clamped at r = b. Inside u = alpha r, outside u = A r + B / r^2 with A = -B / b^3; outside
 * sigma_rr = 3 K2 A - 4 G2 B / r^3, sigma_thth = 3 K2 A + 2 G2 B / r^3, inside sigma = 3 K1 (alpha - eps*).
 * With beta = B / a^3 and f = a^3 / b^3: alpha = beta (1 - f), beta = 3 K1 eps* / (3 K1 (1 - f) + 3 K2 f + 4 G2),
 *   sigma_in = -3 K1 eps* (3 K2 f + 4 G2) / (3 K1 (1 - f) + 3 K2 f + 4 G2).
 */
export function compositeSphere(spec: CompositeSpec): CompositeField {
  checkRadius(spec.radius);
  const { K: K1 } = moduli(spec.inclusion);
  const { K: K2, G: G2 } = moduli(spec.matrix);
  const a = spec.radius;
  const b = spec.outerRadius;
  if (!(b > a)) throw new Error(`outer radius ${b} must exceed the inclusion radius ${a}`);
  const f = (a / b) ** 3;
  const beta = (3 * K1 * spec.eigenstrain) / (3 * K1 * (1 - f) + 3 * K2 * f + 4 * G2);
  const interiorStress = 3 * K1 * (beta * (1 - f) - spec.eigenstrain);
  return {
    fraction: f,
    interiorStress,
    radialStress(r) {
      checkR(r);
      return r < a ? interiorStress : -3 * K2 * beta * f - (4 * G2 * beta * a ** 3) / r ** 3;
    },
    hoopStress(r) {
      checkR(r);
      return r < a ? interiorStress : -3 * K2 * beta * f + (2 * G2 * beta * a ** 3) / r ** 3;
    },
  };
}

/**
 * Plane-strain bulk modulus of the composite-cylinder assemblage (Hashin & Rosen, J. Appl. Mech. 31
 * (1964) 223; Hashin, J. Mech. Phys. Solids 13 (1965) 119): k* = k_m + f / (1 / (k_i - k_m) + (1 - f) / (k_m + G_m)),
 * k = lambda + G. For a dilute square array it is within a few 0.1 % of the exact periodic value.
 */
export function compositeCylinderBulkModulus(inclusion: IsotropicModuli, matrix: IsotropicModuli, fraction: number): number {
  const i = moduli(inclusion);
  const m = moduli(matrix);
  const ki = i.lambda + i.G;
  const km = m.lambda + m.G;
  if (ki === km) return km;
  return km + fraction / (1 / (ki - km) + (1 - fraction) / (km + m.G));
}

/**
 * Interior stress of the composite sphere with a TRACTION-FREE outer surface (Hashin, J. Appl. Mech. 29
 * (1962) 143): the reference of a periodic box at zero mean stress holding a particle at volume fraction
 * f. The particle (K1) of radius a with dilatational eps* in a shell (K2, G2) of outer radius a f^(-1/3).
 * Inside u = alpha r, outside u = A r + B / r^2 (a = 1). Continuity of u and sigma_rr at a and
 * sigma_rr(b) = 3 K2 A - 4 G2 B f = 0:
 *   alpha = A + B,   3 K1 (alpha - eps*) = 3 K2 A - 4 G2 B,   A = 4 G2 f B / (3 K2)
 * so with a1 = 4 G2 f / (3 K2): B = 3 K1 eps* / (3 K1 (a1 + 1) - 3 K2 a1 + 4 G2), sigma_in = 3 K1 (A + B - eps*).
 */
export function compositeSphereFreeInterior(inclusion: IsotropicModuli, matrix: IsotropicModuli, eigenstrain: number, fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`volume fraction must lie in (0, 1), got ${fraction}`);
  const { K: K1 } = moduli(inclusion);
  const { K: K2, G: G2 } = moduli(matrix);
  const a1 = (4 * G2 * fraction) / (3 * K2);
  const B = (3 * K1 * eigenstrain) / (3 * K1 * (a1 + 1) - 3 * K2 * a1 + 4 * G2);
  return 3 * K1 * (a1 * B + B - eigenstrain);
}
