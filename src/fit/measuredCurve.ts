/**
 * Measured voltage curves from CSV files with named columns (a cycler's export): voltage against
 * capacity (mAh/g, or a fraction of the theoretical capacity) or against time (s or h). Every problem
 * is reported with the file, the line (from 1, the header is line 1) and the column, so a user can go
 * straight to it: missing columns, text where a number belongs, a capacity or time that does not grow,
 * and values that cannot be in the declared unit (a "fraction" above 1, volts that look like mV).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCsvNumber } from '../io/timeseries.ts';

export type CapacityUnit = 'fraction' | 'mAh/g';
export type TimeUnit = 's' | 'h';

export interface MeasuredCurveSource {
  file: string;
  columns: { voltage: string; capacity?: string; time?: string };
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

function splitRow(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

export function loadMeasuredCurve(source: MeasuredCurveSource, displayName = source.file): MeasuredCurve {
  const file = displayName;
  if (!existsSync(source.file)) throw new MeasuredDataError(`${file}: no such data file`);
  const text = readFileSync(source.file, 'utf8').replace(/^\ufeff/, '');
  const rows = text.split(/\r?\n/);
  // the header is the first line that is neither empty nor a # comment
  let headerIndex = rows.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (headerIndex < 0) throw new MeasuredDataError(`${file}: the file is empty (expected a header line with the column names)`);
  const headerLine = rows[headerIndex];
  const delimiter = headerLine.includes('\t') ? '\t' : headerLine.includes(';') && !headerLine.includes(',') ? ';' : ',';
  const header = splitRow(headerLine, delimiter);
  const lineOf = (i: number) => i + 1;
  const axis: MeasuredCurve['axis'] = source.columns.capacity !== undefined ? 'capacity' : 'time';
  const xName = axis === 'capacity' ? source.columns.capacity : source.columns.time;
  if (xName === undefined) throw new MeasuredDataError(`${file}: name a capacity or a time column (columns.capacity or columns.time)`);
  const columnIndex = (role: string, name: string) => {
    const k = header.indexOf(name);
    if (k < 0) throw new MeasuredDataError(`${file}, line ${lineOf(headerIndex)}: no ${role} column "${name}" (the header has: ${header.map((h) => `"${h}"`).join(', ')})`);
    return k;
  };
  const vCol = columnIndex('voltage', source.columns.voltage);
  const xCol = columnIndex(axis, xName);
  const where = (i: number, name: string, k: number) => `${file}, line ${lineOf(i)}, column "${name}" (${k + 1})`;
  const x: number[] = [];
  const voltage: number[] = [];
  const lines: number[] = [];
  const capacityUnit = source.capacityUnit ?? 'fraction';
  const timeUnit = source.timeUnit ?? 's';
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const line = rows[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const fields = splitRow(line, delimiter);
    const read = (k: number, name: string) => {
      if (k >= fields.length) throw new MeasuredDataError(`${where(i, name, k)}: missing (the line has ${fields.length} fields, the header ${header.length})`);
      let value: number;
      try {
        value = parseCsvNumber(fields[k]);
      } catch {
        throw new MeasuredDataError(`${where(i, name, k)}: "${fields[k]}" is not a number`);
      }
      if (!Number.isFinite(value)) throw new MeasuredDataError(`${where(i, name, k)}: ${fields[k]} is not a finite number`);
      return value;
    };
    const v = read(vCol, source.columns.voltage);
    if (v <= 0 || v > MAX_CELL_VOLTAGE) {
      throw new MeasuredDataError(`${where(i, source.columns.voltage, vCol)}: ${v} is not a cell voltage in V (expected 0 to ${MAX_CELL_VOLTAGE} V; a column in mV must be converted to V)`);
    }
    let xi = read(xCol, xName);
    if (axis === 'capacity') {
      if (xi < 0) throw new MeasuredDataError(`${where(i, xName, xCol)}: capacity ${xi} is negative (give the charge passed since the start of the curve)`);
      if (capacityUnit === 'fraction') {
        if (xi > 1) throw new MeasuredDataError(`${where(i, xName, xCol)}: capacity ${xi} is above 1, so it is not a fraction of the theoretical capacity (is the column in mAh/g? then set "capacityUnit": "mAh/g" and "theoreticalCapacity")`);
      } else xi /= source.theoreticalCapacity!;
    } else if (timeUnit === 'h') xi *= 3600;
    if (x.length > 0 && !(xi > x[x.length - 1])) {
      const previous = capacityUnit === 'mAh/g' && axis === 'capacity' ? x[x.length - 1] * source.theoreticalCapacity! : axis === 'time' && timeUnit === 'h' ? x[x.length - 1] / 3600 : x[x.length - 1];
      throw new MeasuredDataError(
        `${where(i, xName, xCol)}: ${axis} ${fields[xCol]} does not grow (line ${lines[lines.length - 1]} has ${previous}); one file holds one monotone ${axis === 'capacity' ? 'discharge or charge (capacity passed, increasing)' : 'record (time increasing)'}`,
      );
    }
    x.push(xi);
    voltage.push(v);
    lines.push(lineOf(i));
  }
  if (x.length < 2) throw new MeasuredDataError(`${file}: ${x.length} data line${x.length === 1 ? '' : 's'} after the header; a curve needs at least 2`);
  if (axis === 'capacity' && capacityUnit === 'mAh/g' && x[x.length - 1] * source.theoreticalCapacity! <= 1.5) {
    throw new MeasuredDataError(`${file}, column "${xName}" (${xCol + 1}): the capacity never exceeds 1.5 mAh/g, so the column looks like a fraction; set "capacityUnit": "fraction"`);
  }
  return { file, axis, x, voltage, lines };
}
