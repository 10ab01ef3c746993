/**
 * `timeseries.csv` (DESIGN.md 4.2): one row per recorded step, header first. Pure formatting and
 * parsing; `timeseriesWriter.ts` appends rows to the file in Node.
 *
 * Numbers are written as the shortest decimal text that parses back to the same float64
 * (ECMAScript Number::toString), so a resumed or post-processed run sees exactly the values the
 * solver had. Non-finite values are written `nan`, `inf`, `-inf` (read by numpy, pandas and Python's
 * float()); -0 keeps its sign.
 */

export const BASE_COLUMNS = ['step', 'time', 'dt', 'free_energy', 'mass', 'c_mean', 'c_min', 'c_max'] as const;
/**
 * With elasticity the free energy has three parts, all written: free_energy = bulk_energy (integral of
 * f(c)) + gradient_energy (integral of kappa/2 |grad c|^2) + elastic_energy, in the scene's energy unit
 * (J for SI scenes; PFHub 4 asks for F, F_grad and F_el).
 */
export const ELASTICITY_COLUMNS = ['elastic_energy', 'sigma_vm_max', 'sigma_1_max', 'hotspot_fraction', 'bulk_energy', 'gradient_energy'] as const;
export const ELECTROCHEMISTRY_COLUMNS = ['voltage', 'current', 'capacity'] as const;

export interface ColumnGroups {
  elasticity?: boolean;
  electrochemistry?: boolean;
  /** Further observables, appended after the standard groups (lower-case identifiers). */
  extra?: readonly string[];
}

const COLUMN_RULE = /^[a-z][a-z0-9_]*$/;

/** The columns of a run, in file order: base, then elasticity, electrochemistry, extra. */
export function timeseriesColumns(groups: ColumnGroups = {}): string[] {
  const columns: string[] = [...BASE_COLUMNS];
  if (groups.elasticity) columns.push(...ELASTICITY_COLUMNS);
  if (groups.electrochemistry) columns.push(...ELECTROCHEMISTRY_COLUMNS);
  for (const name of groups.extra ?? []) {
    if (!COLUMN_RULE.test(name)) throw new Error(`timeseries column "${name}" must match ${COLUMN_RULE}`);
    if (columns.includes(name)) throw new Error(`timeseries column "${name}" appears twice`);
    columns.push(name);
  }
  return columns;
}

/** Shortest round-trip text of a float64. */
export function formatCsvNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Inverse of `formatCsvNumber`; also accepts NaN/Infinity spellings other tools write. Throws on anything else. */
export function parseCsvNumber(text: string): number {
  const t = text.trim();
  if (NUMBER_TEXT.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  throw new Error(`"${text}" is not a number`);
}

/** The header line, newline included. */
export function timeseriesHeader(columns: readonly string[]): string {
  return `${columns.join(',')}\n`;
}

/** One CSV line for `row`, newline included; every column must be given, and nothing else. */
export function timeseriesRow(columns: readonly string[], row: Readonly<Record<string, number>>): string {
  const cells = columns.map((name) => {
    const value = row[name];
    if (typeof value !== 'number') throw new Error(`timeseries row has no value for column "${name}"`);
    return formatCsvNumber(value);
  });
  for (const key of Object.keys(row)) {
    if (!columns.includes(key)) throw new Error(`timeseries row has "${key}", which is not a column (${columns.join(',')})`);
  }
  return `${cells.join(',')}\n`;
}

export interface TimeseriesTable {
  columns: string[];
  /** Row-major values, one array per data line. */
  rows: number[][];
  /** All values of one column. */
  column(name: string): Float64Array;
}

export interface ReadTimeseriesOptions {
  /**
   * Drop a last line that has no newline: rows are always written whole with their newline, so such
   * a line is a write cut short by a crash (even when it parses: its last number may be truncated).
   * Used when resuming a run.
   */
  allowPartialLastLine?: boolean;
}

/** Parse timeseries.csv text. Errors name the line. */
export function readTimeseries(text: string, options: ReadTimeseriesOptions = {}): TimeseriesTable {
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  if (lines.length === 0 || lines[0].trim() === '') throw new Error('timeseries.csv: no header line');
  const columns = lines[0].replace(/\r$/, '').split(',');
  for (const name of columns) {
    if (!COLUMN_RULE.test(name)) throw new Error(`timeseries.csv line 1: bad column name "${name}"`);
  }
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (i === lines.length - 1 && !endsWithNewline && options.allowPartialLastLine) break;
    try {
      const cells = line.split(',');
      if (cells.length !== columns.length) throw new Error(`has ${cells.length} values, the header ${columns.length}`);
      rows.push(cells.map(parseCsvNumber));
    } catch (e) {
      throw new Error(`timeseries.csv line ${i + 1}: ${(e as Error).message}`);
    }
  }
  return {
    columns,
    rows,
    column(name: string): Float64Array {
      const k = columns.indexOf(name);
      if (k < 0) throw new Error(`timeseries.csv has no column "${name}"`);
      return Float64Array.from(rows, (r) => r[k]);
    },
  };
}
