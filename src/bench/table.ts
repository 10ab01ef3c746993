/** Plain-text tables for the benchmark report (the CLI prints them, bench.html shows them in a <pre>). */

export function gridLabel(shape: readonly number[]): string {
  return shape.join(' x ');
}

/** Columns padded to their widest cell; the first `leftColumns` are left-aligned (names), the rest right-aligned (numbers). */
export function formatTable(header: readonly string[], rows: readonly string[][], leftColumns: number): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  return all.map((row) => row.map((v, c) => (c < leftColumns ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

/** Three significant figures, without exponent for the ranges the benchmark shows. */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}
