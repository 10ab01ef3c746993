import { describe, expect, it } from 'vitest';
import { encodeVtkSeries, parseVtkSeries, stepFileStem } from '../../../src/io/vtkSeries.ts';

describe('ParaView .series index', () => {
  it('lists files with exact times and reads them back', () => {
    const entries = [
      { name: '00000000.vti', time: 0 },
      { name: '00001200.vti', time: 0.1 + 0.2 },
      { name: '00002400.vti', time: 1e-9 },
    ];
    const text = encodeVtkSeries(entries);
    expect(JSON.parse(text)['file-series-version']).toBe('1.0');
    expect(parseVtkSeries(text)).toEqual(entries);
  });

  it('rejects non-finite times (JSON cannot hold them) and malformed indexes', () => {
    expect(() => encodeVtkSeries([{ name: 'a.vti', time: NaN }])).toThrow('not finite');
    expect(() => parseVtkSeries('{"files": []}')).toThrow('file-series-version');
    expect(() => parseVtkSeries('{"file-series-version": "1.0", "files": [{"name": "a"}]}')).toThrow('files[0]');
  });

  it('names steps with eight zero-padded digits', () => {
    expect(stepFileStem(0)).toBe('00000000');
    expect(stepFileStem(1234)).toBe('00001234');
    expect(stepFileStem(123456789)).toBe('123456789');
    expect(() => stepFileStem(-1)).toThrow('non-negative integer');
  });
});
