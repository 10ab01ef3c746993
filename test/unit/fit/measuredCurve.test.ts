import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMeasuredCurve, MeasuredDataError, type MeasuredCurveSource } from '../../../src/fit/measuredCurve.ts';

const dir = mkdtempSync(join(tmpdir(), 'spinode-measured-'));
function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
function load(text: string, source: Omit<MeasuredCurveSource, 'file'>) {
  const file = csv('curve.csv', text);
  return loadMeasuredCurve({ file, ...source }, 'curve.csv');
}
function error(text: string, source: Omit<MeasuredCurveSource, 'file'>): string {
  try {
    load(text, source);
  } catch (e) {
    expect(e).toBeInstanceOf(MeasuredDataError);
    return (e as Error).message;
  }
  throw new Error('expected a MeasuredDataError');
}

const mahg = { columns: { voltage: 'Voltage [V]', capacity: 'Capacity [mAh/g]' }, capacityUnit: 'mAh/g' as const, theoreticalCapacity: 170 };

describe('measured curves from CSV', () => {
  it('reads capacity in mAh/g as a fraction of the theoretical capacity, skipping comments and blank lines', () => {
    const curve = load('# cycler export\nTime [s],Capacity [mAh/g],Voltage [V]\n0,0,3.45\n\n10,17,3.43\n20,85,3.42\n', mahg);
    expect(curve.axis).toBe('capacity');
    expect(curve.x).toEqual([0, 0.1, 0.5]);
    expect(curve.voltage).toEqual([3.45, 3.43, 3.42]);
    expect(curve.lines).toEqual([3, 5, 6]);
  });

  it('reads time in hours as seconds, tab- or semicolon-separated, quoted names', () => {
    const curve = load('"t [h]"\t"U [V]"\n0\t3.4\n0.5\t3.3\n', { columns: { voltage: 'U [V]', time: 't [h]' }, timeUnit: 'h' });
    expect(curve.axis).toBe('time');
    expect(curve.x).toEqual([0, 1800]);
    const semi = load('t;U\n0;3.4\n2;3.3\n', { columns: { voltage: 'U', time: 't' } });
    expect(semi.x).toEqual([0, 2]);
    // an unnamed first (index) column keeps its place
    expect(load('\tt\tU\n0\t0\t3.4\n1\t2\t3.3\n', { columns: { voltage: 'U', time: 't' } }).x).toEqual([0, 2]);
  });

  it('a missing column names the file, the header line and what the header has', () => {
    expect(error('Time [s],Voltage [V]\n0,3.4\n1,3.3\n', mahg)).toBe('curve.csv, line 1: no capacity column "Capacity [mAh/g]" (the header has: "Time [s]", "Voltage [V]")');
  });

  it('a capacity that does not grow names the file, line and column', () => {
    expect(error('Capacity [mAh/g],Voltage [V]\n0,3.45\n20,3.43\n19,3.42\n', mahg)).toBe(
      'curve.csv, line 4, column "Capacity [mAh/g]" (1): capacity 19 does not grow (line 3 has 20); one file holds one monotone discharge or charge (capacity passed, increasing)',
    );
  });

  it('text in a number column, and short lines', () => {
    expect(error('Capacity [mAh/g],Voltage [V]\n0,3.45\n20,n/a\n', mahg)).toBe('curve.csv, line 3, column "Voltage [V]" (2): "n/a" is not a number');
    expect(error('Capacity [mAh/g],Voltage [V]\n0,3.45\n20\n', mahg)).toBe('curve.csv, line 3, column "Voltage [V]" (2): missing (the line has 1 fields, the header 2)');
  });

  it('wrong units: mAh/g declared as a fraction, a fraction declared as mAh/g, millivolts', () => {
    expect(error('q,V\n0,3.45\n150,3.4\n', { columns: { voltage: 'V', capacity: 'q' }, capacityUnit: 'fraction' })).toBe(
      'curve.csv, line 3, column "q" (1): capacity 150 is above 1, so it is not a fraction of the theoretical capacity (is the column in mAh/g? then set "capacityUnit": "mAh/g" and "theoreticalCapacity")',
    );
    expect(error('q,V\n0,3.45\n0.9,3.4\n', { columns: { voltage: 'V', capacity: 'q' }, capacityUnit: 'mAh/g', theoreticalCapacity: 170 })).toBe(
      'curve.csv, column "q" (1): the capacity never exceeds 1.5 mAh/g, so the column looks like a fraction; set "capacityUnit": "fraction"',
    );
    expect(error('q,V\n0,3450\n', { columns: { voltage: 'V', capacity: 'q' } })).toBe(
      'curve.csv, line 2, column "V" (2): 3450 is not a cell voltage in V (expected 0 to 6 V; a column in mV must be converted to V)',
    );
  });

  it('reads a file without a header, its columns by number: tab-separated with CRLF line ends (as PyBaMM ships it) or runs of spaces', () => {
    const tabs = load('0\t4.181\r\n1\t4.126\r\n2\t4.102\r\n', { header: false, columns: { time: 1, voltage: 2 } });
    expect(tabs.axis).toBe('time');
    expect(tabs.x).toEqual([0, 1, 2]);
    expect(tabs.voltage).toEqual([4.181, 4.126, 4.102]);
    expect(tabs.lines).toEqual([1, 2, 3]);
    const spaces = load('# t/h  q  U/V\n  0   0.0  3.40\n  0.5 0.25 3.30\n', { header: false, columns: { capacity: 2, voltage: 3 } });
    expect(spaces.x).toEqual([0, 0.25]);
    expect(spaces.voltage).toEqual([3.4, 3.3]);
    expect(spaces.lines).toEqual([2, 3]);
    // a header file may name a column by number too; messages then use its header name
    expect(load('t,U\n0,3.4\n2,3.3\n', { columns: { time: 1, voltage: 'U' } }).x).toEqual([0, 2]);
  });

  it('errors in a file without a header name the file, the line and the column number', () => {
    const headerless = { header: false, columns: { time: 1, voltage: 2 } } as const;
    expect(error('0\t4.18\r\n5\t4.12\r\n3\t4.10\r\n', headerless)).toBe('curve.csv, line 3, column 1: time 3 does not grow (line 2 has 5); one file holds one monotone record (time increasing)');
    expect(error('0\t4.18\n1\tn/a\n', headerless)).toBe('curve.csv, line 2, column 2: "n/a" is not a number');
    expect(error('0\t4.18\n1\n', headerless)).toBe('curve.csv, line 2, column 2: missing (the line has 1 fields)');
    expect(error('0\t4180\n', headerless)).toBe('curve.csv, line 1, column 2: 4180 is not a cell voltage in V (expected 0 to 6 V; a column in mV must be converted to V)');
    expect(error('0\t4.18\n', headerless)).toBe('curve.csv: 1 data line; a curve needs at least 2');
    expect(error('0\t4.18\n1\t4.1\n', { header: false, columns: { time: 1, voltage: 'U' } })).toBe('curve.csv: voltage column "U": the file has no header line ("header": false), so give the column\'s number (from 1)');
    expect(error('t,U\n0,3.4\n', { columns: { time: 1, voltage: 3 } })).toBe('curve.csv, line 1: no voltage column 3 (the header has 2 columns)');
    expect(error('# only a comment\n', headerless)).toBe('curve.csv: the file is empty (expected lines of numbers)');
  });

  it('an empty file and a missing file', () => {
    expect(error('\n# nothing\n', mahg)).toBe('curve.csv: the file is empty (expected a header line with the column names)');
    expect(() => loadMeasuredCurve({ file: join(dir, 'absent.csv'), ...mahg })).toThrow(/absent\.csv: no such data file/);
  });
});
