import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BASE_COLUMNS,
  formatCsvNumber,
  parseCsvNumber,
  readTimeseries,
  timeseriesColumns,
  timeseriesHeader,
  timeseriesRow,
} from '../../../src/io/timeseries.ts';
import { TimeseriesWriter } from '../../../src/io/timeseriesWriter.ts';

function randomDoubles(n: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  const out: number[] = [];
  while (out.length < n) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    out.push(view.getFloat64(0));
  }
  return out;
}

function row(step: number, columns: readonly string[]): Record<string, number> {
  return Object.fromEntries(columns.map((c, k) => [c, c === 'step' ? step : step * 0.1 + k / 3]));
}

describe('timeseries columns', () => {
  it('start with the DESIGN 4.2 base columns and add groups in a fixed order', () => {
    expect(timeseriesColumns()).toEqual(['step', 'time', 'dt', 'free_energy', 'mass', 'c_mean', 'c_min', 'c_max']);
    expect(timeseriesColumns({ electrochemistry: true, elasticity: true, extra: ['temperature'] })).toEqual([
      ...BASE_COLUMNS,
      'elastic_energy',
      'sigma_vm_max',
      'sigma_1_max',
      'hotspot_fraction',
      'bulk_energy',
      'gradient_energy',
      'voltage',
      'current',
      'capacity',
      'temperature',
    ]);
    expect(() => timeseriesColumns({ extra: ['Bad Name'] })).toThrow('must match');
    expect(() => timeseriesColumns({ extra: ['mass'] })).toThrow('appears twice');
  });
});

describe('CSV numbers', () => {
  it('round-trip every float64 exactly, specials included', () => {
    const specials = [0, -0, NaN, Infinity, -Infinity, 5e-324, -1.7976931348623157e308, 0.1 + 0.2, 1e21, 123456789012345680000, 1 / 3];
    for (const x of [...specials, ...randomDoubles(20000)]) {
      const text = formatCsvNumber(x);
      expect(text).not.toContain(',');
      expect(Object.is(parseCsvNumber(text), x)).toBe(true);
    }
  });

  it('write the shortest text, and the spellings numpy/pandas read', () => {
    expect(formatCsvNumber(0.1)).toBe('0.1');
    expect(formatCsvNumber(1e-7)).toBe('1e-7');
    expect(formatCsvNumber(120)).toBe('120');
    expect(formatCsvNumber(NaN)).toBe('nan');
    expect(formatCsvNumber(-Infinity)).toBe('-inf');
    expect(parseCsvNumber('NaN')).toBeNaN();
    expect(parseCsvNumber('1.5E+3')).toBe(1500);
    expect(() => parseCsvNumber('')).toThrow('is not a number');
    expect(() => parseCsvNumber('0x10')).toThrow('is not a number');
    expect(() => parseCsvNumber('1,5')).toThrow('is not a number');
  });
});

describe('timeseries rows', () => {
  const columns = timeseriesColumns();
  it('need exactly the columns, so a typo cannot silently drop an observable', () => {
    expect(timeseriesRow(columns, row(3, columns))).toBe(`${columns.map((c, k) => formatCsvNumber(c === 'step' ? 3 : 0.30000000000000004 + k / 3)).join(',')}\n`);
    const missing = row(1, columns);
    delete missing.mass;
    expect(() => timeseriesRow(columns, missing)).toThrow('no value for column "mass"');
    expect(() => timeseriesRow(columns, { ...row(1, columns), masss: 1 })).toThrow('"masss", which is not a column');
  });

  it('parse back with errors that name the line', () => {
    const text = timeseriesHeader(columns) + timeseriesRow(columns, row(0, columns)) + '1,2,3\n';
    expect(() => readTimeseries(text)).toThrow('timeseries.csv line 3: has 3 values, the header 8');
    expect(() => readTimeseries('')).toThrow('no header line');
    const table = readTimeseries(timeseriesHeader(columns) + timeseriesRow(columns, row(7, columns)));
    expect(table.columns).toEqual(columns);
    expect([...table.column('step')]).toEqual([7]);
    expect(() => table.column('voltage')).toThrow('no column "voltage"');
  });
});

describe('TimeseriesWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spinode-ts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const columns = timeseriesColumns({ electrochemistry: true });

  it('writes the header first and appends rows that read back exactly', async () => {
    const path = join(dir, 'timeseries.csv');
    const writer = await TimeseriesWriter.create(path, columns);
    const values = randomDoubles(columns.length * 50);
    const rows = Array.from({ length: 50 }, (_, i) => Object.fromEntries(columns.map((c, k) => [c, c === 'step' ? i : values[i * columns.length + k]])));
    for (const r of rows) writer.append(r);
    writer.close();
    writer.close(); // idempotent
    expect(() => writer.append(rows[0])).toThrow('is closed');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe(columns.join(','));
    const table = readTimeseries(text);
    expect(table.rows.length).toBe(50);
    table.rows.forEach((r, i) => columns.forEach((c, k) => expect(Object.is(r[k], rows[i][c])).toBe(true)));
  });

  it('buffers rows until flush (or the size/time thresholds), whole lines only', async () => {
    const path = join(dir, 'timeseries.csv');
    const writer = await TimeseriesWriter.create(path, columns, { flushIntervalMs: 1e9, flushBytes: 1e9 });
    writer.append(row(0, columns));
    writer.append(row(1, columns));
    expect(readTimeseries(readFileSync(path, 'utf8')).rows.length).toBe(0);
    writer.flush();
    expect(readTimeseries(readFileSync(path, 'utf8')).rows.length).toBe(2);
    const eager = await TimeseriesWriter.create(join(dir, 'eager.csv'), columns, { flushBytes: 1 });
    eager.append(row(0, columns));
    expect(readTimeseries(readFileSync(join(dir, 'eager.csv'), 'utf8')).rows.length).toBe(1);
    eager.close();
    writer.close();
  });

  it('resumes after a crash: drops rows past the checkpoint step and a torn last line, then appends', async () => {
    const path = join(dir, 'timeseries.csv');
    const writer = await TimeseriesWriter.create(path, columns);
    for (let step = 0; step <= 10; step++) writer.append(row(step * 100, columns));
    writer.close();
    appendFileSync(path, '1100,0.5,0.0'); // a row cut short by the crash
    const resumed = await TimeseriesWriter.resume(path, columns, 500);
    resumed.append(row(600, columns));
    resumed.close();
    const table = readTimeseries(readFileSync(path, 'utf8'));
    expect([...table.column('step')]).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(table.column('voltage')[3]).toBe(row(300, columns).voltage);
  });

  it('refuses to resume into a file with other columns, and starts a missing one', async () => {
    const path = join(dir, 'timeseries.csv');
    writeFileSync(path, `${timeseriesColumns().join(',')}\n`);
    await expect(TimeseriesWriter.resume(path, columns, 0)).rejects.toThrow(/has columns step,.*c_max, but this run writes .*voltage/);
    const fresh = await TimeseriesWriter.resume(join(dir, 'new.csv'), columns, 0);
    fresh.close();
    expect(readFileSync(join(dir, 'new.csv'), 'utf8')).toBe(`${columns.join(',')}\n`);
  });
});
