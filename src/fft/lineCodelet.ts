/**
 * Generated WGSL for the 'line' FFT variant (shaders/fft/stockham_line.wgsl), where one invocation
 * transforms a whole line. The DFT of up to CODELET_MAX_LENGTH points is straight-line code with every
 * index a compile-time constant, in the manner of FFTW's generated codelets (Frigo, "A fast Fourier
 * transform compiler", PLDI 1999): on a software adapter the SIMD lanes run one line each, and with
 * constant indices the line lives in (SIMD) registers and stack slots instead of per-lane scratch
 * memory, with the twiddles as literals. Longer lines N = N1 N2 (both <= CODELET_MAX_LENGTH) take two
 * codelet rounds inside the invocation (Bailey's four-step, J. Supercomputing 4, 1990): N2-point DFTs
 * over n2 for each n1, times w_N^{n1 k2}, into a private array t[n1 + N1 k2]; then N1-point DFTs over n1
 * for each k2, giving X[k2 + N2 k1]. Straight-line code costs compile time roughly quadratic in its
 * length on lavapipe (docs/fft.md: a 256-point codelet takes over 10 s), which is why codelets stop at
 * LINE_CODELET_LENGTH = 16 points (plan.ts); that measured as fast as 64-point codelets.
 *
 * Codelet stages are the plan's mixed-radix Stockham stages (plan.ts: butterfly j of a stage with radix
 * R and span Ns takes x[j + r N/R], times w_{Ns R}^{r (j mod Ns)}, radix-R DFT, output r to
 * (j - j mod Ns) R + j mod Ns + r Ns). Twiddle literals are the float64 roots of plan.ts rounded once to
 * f32 (9 significant digits identify an f32 exactly), so they equal the table values the workgroup
 * kernel reads; exact roots (1, -i, -1, i) become sign swaps.
 */
import { factorizeLength, LINE_CODELET_LENGTH, rootsOfUnity, stockhamStages } from './plan.ts';

/** Longest DFT generated as straight-line code; longer lines are split in two codelet rounds. */
export const CODELET_MAX_LENGTH = LINE_CODELET_LENGTH;

/** An f32 literal for a float64 value (rounded once to f32). */
function f32Literal(v: number): string {
  const f = Math.fround(v);
  if (f === 0) return '0.0';
  const s = f.toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function rootLiteral(roots: Float64Array, m: number): string {
  return `vec2<f32>(${f32Literal(roots[2 * m])}, ${f32Literal(roots[2 * m + 1])})`;
}

/** `value * w_n^m` with exact roots handled by sign swaps. */
function twiddle(value: string, m: number, n: number, roots: Float64Array): string {
  const e = ((m % n) + n) % n;
  if (e === 0) return value;
  if (4 * e === n) return `mul_neg_i(${value})`;
  if (2 * e === n) return `(-${value})`;
  if (4 * e === 3 * n) return `mul_i(${value})`;
  return `cmul(${value}, ${rootLiteral(roots, e)})`;
}

/** `fn codelet_n(x: array<vec2<f32>, n>) -> array<vec2<f32>, n>`: the forward DFT of n points. */
function codelet(n: number): string {
  const roots = rootsOfUnity(n);
  const out = [`fn codelet_${n}(x: array<vec2<f32>, ${n}>) -> array<vec2<f32>, ${n}> {`];
  let cur = Array.from({ length: n }, (_, i) => `x[${i}]`);
  stockhamStages(factorizeLength(n)).forEach(({ radix, span }, s) => {
    const m = n / radix;
    const next: string[] = new Array(n);
    for (let j = 0; j < m; j++) {
      const p = j % span;
      const args: string[] = [];
      // w_{span R}^{r p} = w_n^{r p n / (span R)}
      for (let r = 0; r < radix; r++) args.push(twiddle(cur[j + r * m], (r * p * n) / (span * radix), n, roots));
      const name = `b${s}_${j}`;
      out.push(`  let ${name} = dft${radix}(${args.join(', ')});`);
      const dest = (j - p) * radix + p;
      for (let r = 0; r < radix; r++) next[dest + r * span] = `${name}[${r}]`;
    }
    cur = next;
  });
  out.push(`  return array<vec2<f32>, ${n}>(${cur.join(', ')});`, '}');
  return out.join('\n');
}

/** The split N = N1 N2 of a long line: both factors at most CODELET_MAX_LENGTH, the most balanced pair. */
export function codeletSplit(n: number): [number, number] {
  let best: [number, number] | undefined;
  for (let n1 = 2; n1 < n; n1++) {
    if (n % n1 !== 0 || n1 > CODELET_MAX_LENGTH || n / n1 > CODELET_MAX_LENGTH) continue;
    if (!best || Math.abs(Math.log(n1 / (n / n1))) < Math.abs(Math.log(best[0] / best[1]))) best = [n1, n / n1];
  }
  if (!best) throw new RangeError(`a ${n}-point line does not split into two codelets of at most ${CODELET_MAX_LENGTH} points`);
  return best;
}

/**
 * WGSL for one pass: the codelets it needs and `run_line_src` / `run_line_dst(l0, wid)`, which load the
 * line through `load_src` / `load_dst` (REAL_MODE 2: folded), transform it and store it through `emit`
 * (REAL_MODE 1: untangled, N + 1 values).
 */
export function lineCodelet(n: number, realMode: 0 | 1 | 2): string {
  const out: string[] = [];
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  const wide = rootsOfUnity(2 * n);
  if (n <= CODELET_MAX_LENGTH) {
    out.push(codelet(n), '');
    for (const buffer of ['src', 'dst']) {
      out.push(`fn run_line_${buffer}(l0: u32, wid: vec3<u32>) {`);
      out.push(`  var x = array<vec2<f32>, ${n}>(${range(n).map((i) => `load_${buffer}(l0, wid, ${i}u)`).join(', ')});`);
      if (realMode === 2) {
        // x[0] = (Re X[0], Re X[N]); z[k] = conj(E + i O) with w_{2N}^k.
        out.push(`  x[0].y = load_${buffer}(l0, wid, ${n}u).x;`);
        const z = ['conj(0.5 * vec2<f32>(x[0].x + x[0].y, x[0].x - x[0].y))'];
        for (let k = 1; k < n; k++) z.push(`conj(fold(x[${k}], x[${n - k}], ${rootLiteral(wide, k)}))`);
        out.push(`  x = array<vec2<f32>, ${n}>(${z.join(', ')});`);
      }
      out.push(`  let z = codelet_${n}(x);`);
      if (realMode === 1) {
        for (let k = 0; k <= n; k++) out.push(`  emit(l0, wid, ${k}u, unfold(z[${k % n}], z[${(n - k) % n}], ${rootLiteral(wide, k)}));`);
      } else {
        for (let k = 0; k < n; k++) out.push(`  emit(l0, wid, ${k}u, z[${k}]);`);
      }
      out.push('}', '');
    }
    return out.join('\n');
  }
  const [n1, n2] = codeletSplit(n);
  out.push(codelet(n2), '');
  if (n1 !== n2) out.push(codelet(n1), '');
  for (const buffer of ['src', 'dst']) {
    const load = realMode === 2 ? `load_folded_${buffer}` : `load_${buffer}`;
    out.push(`fn run_line_${buffer}(l0: u32, wid: vec3<u32>) {`);
    out.push(`  var t: array<vec2<f32>, ${n}>;`);
    if (realMode === 1) out.push(`  var u: array<vec2<f32>, ${n}>;`);
    out.push(`  for (var n1 = 0u; n1 < ${n1}u; n1++) {`);
    out.push(`    let y = codelet_${n2}(array<vec2<f32>, ${n2}>(${range(n2).map((i) => `${load}(l0, wid, n1 + ${i * n1}u)`).join(', ')}));`);
    out.push(`    t[n1] = y[0];`);
    for (let k2 = 1; k2 < n2; k2++) out.push(`    t[n1 + ${k2 * n1}u] = cmul(y[${k2}], roots[params.rootsOffset + n1 * ${k2}u]);`);
    out.push('  }');
    out.push(`  for (var k2 = 0u; k2 < ${n2}u; k2++) {`);
    out.push(`    let c = k2 * ${n1}u;`);
    out.push(`    let z = codelet_${n1}(array<vec2<f32>, ${n1}>(${range(n1).map((i) => `t[c + ${i}u]`).join(', ')}));`);
    for (let k1 = 0; k1 < n1; k1++) {
      if (realMode === 1) out.push(`    u[k2 + ${k1 * n2}u] = z[${k1}];`);
      else out.push(`    emit(l0, wid, k2 + ${k1 * n2}u, z[${k1}]);`);
    }
    out.push('  }');
    if (realMode === 1) {
      out.push(`  for (var k = 0u; k <= ${n}u; k++) {`);
      out.push(`    emit(l0, wid, k, unfold(u[k % ${n}u], u[(${n}u - k) % ${n}u], roots[params.realRootsOffset + k]));`);
      out.push('  }');
    }
    out.push('}', '');
  }
  return out.join('\n');
}
