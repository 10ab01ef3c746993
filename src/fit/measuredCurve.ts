/**
 * Measured voltage curves from CSV files (a cycler's export): voltage against capacity (mAh/g, or a
 * fraction of the theoretical capacity) or against time (s or h). A file has a header line naming its
 * columns (comma, tab or semicolon separated), or, with `header: false`, none: then the columns are given
 * by number (from 1) and may also be separated by runs of spaces (as PyBaMM's tab-separated discharge
 * data, data/enertech-ai2020/). Every problem is reported with the file, the line (from 1, comments
 * count) and the column, so a user can go straight to it: missing columns, text where a number belongs,
 * a capacity or time that does not grow, and values that cannot be in the declared unit (a "fraction"
 * above 1, volts that look like mV).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCsvNumber } from '../io/timeseries.ts';

export type CapacityUnit = 'fraction' | 'mAh/g';
export type TimeUnit = 's' | 'h';
/** a column by its header name, or by its number from 1 */
export type ColumnRef = string | number;

export interface MeasuredCurveSource {
  file: string;
  columns: { voltage: ColumnRef; capacity?: ColumnRef; time?: ColumnRef };
  /** false: the file has no header line, every column is given by number (default true) */
  header?: boolean;
  capacityUnit?: CapacityUnit;
  /** mAh/g of the full (theoretical) capacity, to turn mAh/g into a fraction */
  theoreticalCapacity?: number;
  timeUnit?: TimeUnit;
}

export interface MeasuredCurve {
  file: string;
  /** what the voltage is compared against: capacity as a fraction of the sites, or time in s */
  axis: 'capacity' | 'time';
  x: number[];
  voltage: number[];
  /** the file's line of each point (for messages) */
  lines: number[];
}

export class MeasuredDataError extends Error {
  override name = 'MeasuredDataError';
}

/** Largest cell voltage accepted (V): above it the column is most likely in mV. */
const MAX_CELL_VOLTAGE = 6;

/** The field separator of a line: tab, else semicolon (without commas), else comma; a headerless file without any of these is split at runs of spaces. */
function delimiterOf(line: string, header: boolean): string | RegExp {
  if (line.includes('\t')) return header ? '\t' : /[\t ]+/;
  if (line.includes(';') && !line.includes(',')) return ';';
  if (line.includes(',') || header) return ',';
  return / +/;
}

function splitRow(line: string, delimiter: string | RegExp): string[] {
  // runs of blanks: leading and trailing blanks separate nothing; a single delimiter keeps empty first fields (an unnamed index column)
  const body = typeof delimiter === 'string' ? line : line.trim();
  return body.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

export function loadMeasuredCurve(source: MeasuredCurveSource, displayName = source.file): MeasuredCurve {
  const file = displayName;
  if (!existsSync(source.file)) throw new MeasuredDataError(`${file}: no such data file`);
  const text = readFileSync(source.file, 'utf8').replace(/^\ufeff/, '');
  const rows = text.split(/\r?\n/);
  const hasHeader = source.header ?? true;
  // the header (or, without one, the first data line) is the first line that is neither empty nor a # comment
  const firstIndex = rows.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (firstIndex < 0) throw new MeasuredDataError(`${file}: the file is empty (expected ${hasHeader ? 'a header line with the column names' : 'lines of numbers'})`);
  const delimiter = delimiterOf(rows[firstIndex], hasHeader);
  const header = hasHeader ? splitRow(rows[firstIndex], delimiter) : undefined;
  const lineOf = (i: number) => i + 1;
  const axis: MeasuredCurve['axis'] = source.columns.capacity !== undefined ? 'capacity' : 'time';
  const xRef = axis === 'capacity' ? source.columns.capacity : source.columns.time;
  if (xRef === undefined) throw new MeasuredDataError(`${file}: name a capacity or a time column (columns.capacity or columns.time)`);
  /** the 0-based index of a column and the name messages call it by */
  const column = (role: string, ref: ColumnRef): { k: number; name?: string } => {
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref < 1) throw new MeasuredDataError(`${file}: ${role} column ${ref}: columns are numbered from 1`);
      if (header && ref > header.length) throw new MeasuredDataError(`${file}, line ${lineOf(firstIndex)}: no ${role} column ${ref} (the header has ${header.length} columns)`);
      return { k: ref - 1, name: header?.[ref - 1] };
    }
    if (!header) throw new MeasuredDataError(`${file}: ${role} column "${ref}": the file has no header line ("header": false), so give the column's number (from 1)`);
    const k = header.indexOf(ref);
    if (k < 0) throw new MeasuredDataError(`${file}, line ${lineOf(firstIndex)}: no ${role} column "${ref}" (the header has: ${header.map((h) => `"${h}"`).join(', ')})`);
    return { k, name: ref };
  };
  const vCol = column('voltage', source.columns.voltage);
  const xCol = column(axis, xRef);
  const where = (i: number, c: { k: number; name?: string }) => `${file}, line ${lineOf(i)}, column ${c.name !== undefined ? `"${c.name}" (${c.k + 1})` : c.k + 1}`;
  const x: number[] = [];
  const voltage: number[] = [];
  const lines: number[] = [];
  const capacityUnit = source.capacityUnit ?? 'fraction';
  const timeUnit = source.timeUnit ?? 's';
  for (let i = hasHeader ? firstIndex + 1 : firstIndex; i < rows.length; i++) {
    const line = rows[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const fields = splitRow(line, delimiter);
    const read = (c: { k: number; name?: string }) => {
      const k = c.k;
      if (k >= fields.length) throw new MeasuredDataError(`${where(i, c)}: missing (the line has ${fields.length} fields${header ? `, the header ${header.length}` : ''})`);
      let value: number;
      try {
        value = parseCsvNumber(fields[k]);
      } catch {
        throw new MeasuredDataError(`${where(i, c)}: "${fields[k]}" is not a number`);
      }
      if (!Number.isFinite(value)) throw new MeasuredDataError(`${where(i, c)}: ${fields[k]} is not a finite number`);
      return value;
    };
    const v = read(vCol);
    if (v <= 0 || v > MAX_CELL_VOLTAGE) {
      throw new MeasuredDataError(`${where(i, vCol)}: ${v} is not a cell voltage in V (expected 0 to ${MAX_CELL_VOLTAGE} V; a column in mV must be converted to V)`);
    }
    let xi = read(xCol);
    if (axis === 'capacity') {
      if (xi < 0) throw new MeasuredDataError(`${where(i, xCol)}: capacity ${xi} is negative (give the charge passed since the start of the curve)`);
      if (capacityUnit === 'fraction') {
        if (xi > 1) throw new MeasuredDataError(`${where(i, xCol)}: capacity ${xi} is above 1, so it is not a fraction of the theoretical capacity (is the column in mAh/g? then set "capacityUnit": "mAh/g" and "theoreticalCapacity")`);
      } else xi /= source.theoreticalCapacity!;
    } else if (timeUnit === 'h') xi *= 3600;
    if (x.length > 0 && !(xi > x[x.length - 1])) {
      const previous = capacityUnit === 'mAh/g' && axis === 'capacity' ? x[x.length - 1] * source.theoreticalCapacity! : axis === 'time' && timeUnit === 'h' ? x[x.length - 1] / 3600 : x[x.length - 1];
      throw new MeasuredDataError(
        `${where(i, xCol)}: ${axis} ${fields[xCol.k]} does not grow (line ${lines[lines.length - 1]} has ${previous}); one file holds one monotone ${axis === 'capacity' ? 'discharge or charge (capacity passed, increasing)' : 'record (time increasing)'}`,
      );
    }
    x.push(xi);
    voltage.push(v);
    lines.push(lineOf(i));
  }
  if (x.length < 2) throw new MeasuredDataError(`${file}: ${x.length} data line${x.length === 1 ? '' : 's'}${header ? ' after the header' : ''}; a curve needs at least 2`);
  if (axis === 'capacity' && capacityUnit === 'mAh/g' && x[x.length - 1] * source.theoreticalCapacity! <= 1.5) {
    throw new MeasuredDataError(`${file}, column ${xCol.name !== undefined ? `"${xCol.name}" (${xCol.k + 1})` : xCol.k + 1}: the capacity never exceeds 1.5 mAh/g, so the column looks like a fraction; set "capacityUnit": "fraction"`);
  }
  return { file, axis, x, voltage, lines };
}
