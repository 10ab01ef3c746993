/**
 * The two discretisations of the periodic Green operator of linear elasticity, as per-axis factor
 * tables (float64, computed once on the CPU; the GPU reads them, so no WGSL sin/cos enters the
 * operator). The direction of mode (m_x, m_y, m_z) is
 *   n_j = s_j(m_j) prod_{a != j} c_a(m_a)          (normalised where used; n = 0 gives Gamma = 0)
 * and Gamma0(n) : tau = sym(n (x) A^-1 (tau n)), A = C0 : (n (x) n), is the same formula for both.
 *
 *   continuous  s_j = m_j / L_j, c = 1: the spectral operator n = k / |k| (Moulinec & Suquet, CMAME 157
 *               (1998) 69). `dropNyquist` zeroes every mode with an axis at the Nyquist index of an even
 *               axis (s = c = 0 there): the continuous operator is not Hermitian-symmetric on those
 *               modes (k and its twin -k map to different directions), which a Galerkin projection on
 *               real fields cannot afford (Zeman et al., J. Comput. Phys. 229 (2010) 8065, use odd grids
 *               for the same reason).
 *   willot      s_j = (2 / h_j) sin(th_j / 2), c_j = cos(th_j / 2), th_j = 2 pi m_j / N_j: Willot's rotated
 *               (staggered) scheme, C. R. Mecanique 343 (2015) 232. His complex frequency
 *               k_j = (e^{i th_j} - 1) prod_{a != j} (e^{i th_a} + 1) / (2 h_j) (the "FWBW" rotated
 *               difference) is i exp(i sum th / 2) times the real n above: a phase common to all
 *               components, which cancels in Gamma(k) = sym(k (x) A(k)^-1 (tau conj k)),
 *               A = C0 : (conj k (x) k). Modes with two axes at Nyquist get n = 0 (the hourglass modes
 *               the rotated grid does not see).
 * Layout: entries (s, c) for x modes 0 .. nx/2 (the half spectrum), then y modes 0 .. ny-1, then z
 * modes 0 .. nz-1 (signed mode numbers: index i > N/2 is mode i - N).
 */
export type GreenOperatorKind = 'continuous' | 'willot';

export interface GreenTableOptions {
  /** continuous operator only: zero the modes with an axis at Nyquist (see the header) */
  dropNyquist?: boolean;
}

function signedMode(i: number, n: number): number {
  return i > n / 2 ? i - n : i;
}

/** (s, c) of mode index i on an axis of n cells, spacing h. */
export function greenAxisFactors(kind: GreenOperatorKind, i: number, n: number, h: number, options: GreenTableOptions = {}): [number, number] {
  if (n === 1) return [0, 1];
  const m = signedMode(i, n);
  if (kind === 'continuous') {
    if (options.dropNyquist && 2 * i === n) return [0, 0];
    return [m / (n * h), 1];
  }
  // the Nyquist index exactly: sin = 1, cos = 0 (cos(pi/2) is 6e-17 in float64, not zero in float32)
  if (2 * i === n) return [2 / h, 0];
  const theta = (2 * Math.PI * m) / n;
  return [(2 / h) * Math.sin(theta / 2), Math.cos(theta / 2)];
}

/** The table for a grid [nx, ny, nz?] with spacings [hx, hy, hz?] (interleaved s, c). */
export function greenTable(kind: GreenOperatorKind, shape: readonly number[], spacing: readonly number[], options: GreenTableOptions = {}): Float64Array {
  const [nx, ny, nz] = [shape[0], shape[1], shape[2] ?? 1];
  const [hx, hy, hz] = [spacing[0], spacing[1], spacing[2] ?? 1];
  const hxHalf = Math.floor(nx / 2) + 1;
  const out = new Float64Array(2 * (hxHalf + ny + nz));
  let k = 0;
  for (let i = 0; i < hxHalf; i++, k++) out.set(greenAxisFactors(kind, i, nx, hx, options), 2 * k);
  for (let i = 0; i < ny; i++, k++) out.set(greenAxisFactors(kind, i, ny, hy, options), 2 * k);
  for (let i = 0; i < nz; i++, k++) out.set(greenAxisFactors(kind, i, nz, hz, options), 2 * k);
  return out;
}

/** Direction (unnormalised) of mode indices (i, j, k) on the full grid [nx, ny, nz?]. */
export function greenDirection(kind: GreenOperatorKind, index: readonly number[], shape: readonly number[], spacing: readonly number[], options: GreenTableOptions = {}): number[] {
  const d = shape.length;
  const f = Array.from({ length: 3 }, (_, a) => (a < d ? greenAxisFactors(kind, index[a], shape[a], spacing[a], options) : ([0, 1] as [number, number])));
  return [0, 1, 2].map((j) => {
    if (j >= d) return 0;
    let v = f[j][0];
    for (let a = 0; a < d; a++) if (a !== j) v *= f[a][1];
    return v;
  });
}
