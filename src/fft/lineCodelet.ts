/**
 * Straight-line WGSL for the 'line' FFT variant (shaders/fft/stockham_line.wgsl): a whole line of N points
 * transformed by one invocation with every array index a compile-time constant, in the manner of FFTW's
 * generated codelets (Frigo, "A fast Fourier transform compiler", PLDI 1999). On a software adapter the
 * SIMD lanes run one line each; with constant indices the line lives in (SIMD) registers and stack
 * slots instead of per-lane scratch memory, and the twiddles are literals instead of table loads.
 *
 * The stages are the plan's mixed-radix Stockham stages (plan.ts: butterfly j of a stage with radix R
 * and span Ns takes x[j + r N/R], times w_{Ns R}^{r (j mod Ns)}, radix-R DFT, output r to
 * (j - j mod Ns) R + j mod Ns + r Ns). Twiddle literals are the float64 roots of plan.ts rounded once to
 * f32 (9 significant digits identify an f32 exactly), so they equal the table values the workgroup
 * kernel reads; exact roots (1, -i, -1, i) become sign swaps.
 */
import { rootsOfUnity, stockhamStages } from './plan.ts';

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

/**
 * WGSL functions for one pass: `fft_line(x: Line) -> Line` (all stages), `fold_line` (REAL_MODE 2: the
 * half spectrum folded into N conjugated values; identity otherwise), `load_line_src` / `load_line_dst`
 * (the line from device memory through `load_src` / `load_dst`) and `store_line` (through `emit`; for
 * REAL_MODE 1 the untangled N + 1 half-spectrum values).
 */
export function lineCodelet(n: number, radices: readonly number[], realMode: 0 | 1 | 2): string {
  const roots = rootsOfUnity(n);
  const out: string[] = [];
  // Stages.
  out.push('fn fft_line(x: Line) -> Line {');
  let cur = Array.from({ length: n }, (_, i) => `x[${i}]`);
  stockhamStages(radices).forEach(({ radix, span }, s) => {
    const m = n / radix;
    const next: string[] = new Array(n);
    for (let j = 0; j < m; j++) {
      const p = j % span;
      const args: string[] = [];
      for (let r = 0; r < radix; r++) {
        // w_{span R}^{r p} = w_n^{r p n / (span R)}
        args.push(twiddle(cur[j + r * m], (r * p * n) / (span * radix), n, roots));
      }
      const name = `b${s}_${j}`;
      out.push(`  let ${name} = dft${radix}(${args.join(', ')});`);
      const dest = (j - p) * radix + p;
      for (let r = 0; r < radix; r++) next[dest + r * span] = `${name}[${r}]`;
    }
    cur = next;
  });
  out.push(`  return Line(${cur.join(', ')});`, '}', '');

  // Fold (inverse real pass): x[0] = (Re X[0], Re X[N]); z[k] = conj(E + i O) with w_{2N}^k.
  out.push('fn fold_line(x: Line) -> Line {');
  if (realMode === 2) {
    const wide = rootsOfUnity(2 * n);
    const z = ['conj(0.5 * vec2<f32>(x[0].x + x[0].y, x[0].x - x[0].y))'];
    for (let k = 1; k < n; k++) z.push(`conj(fold(x[${k}], x[${n - k}], ${rootLiteral(wide, k)}))`);
    out.push(`  return Line(${z.join(', ')});`);
  } else {
    out.push('  return x;');
  }
  out.push('}', '');

  for (const buffer of ['src', 'dst']) {
    const loads = Array.from({ length: n }, (_, i) => `load_${buffer}(l0, wid, ${i}u)`);
    out.push(`fn load_line_${buffer}(l0: u32, wid: vec3<u32>) -> Line {`, `  return Line(${loads.join(', ')});`, '}', '');
  }

  out.push('fn store_line(z: Line, l0: u32, wid: vec3<u32>) {');
  if (realMode === 1) {
    const wide = rootsOfUnity(2 * n);
    for (let k = 0; k <= n; k++) out.push(`  emit(l0, wid, ${k}u, unfold(z[${k % n}], z[${(n - k) % n}], ${rootLiteral(wide, k)}));`);
  } else {
    for (let k = 0; k < n; k++) out.push(`  emit(l0, wid, ${k}u, z[${k}]);`);
  }
  out.push('}');
  return out.join('\n');
}
