/** The PFHub benchmark 1a reference curves shipped in this folder (sources in README.md). Node only. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReferenceCsv, type ReferenceCurve } from '../../../src/analysis/referenceCurves.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export function loadPfhubBm1a(): ReferenceCurve[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => parseReferenceCsv(f.replace(/^bm1a_|\.csv$/g, ''), readFileSync(join(here, f), 'utf8')));
}

/** The times DESIGN.md section 5 checks. */
export const BM1A_CHECK_TIMES = [1, 10, 100, 1000, 10000];
