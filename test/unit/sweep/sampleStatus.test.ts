import { describe, expect, it } from 'vitest';
import { statusOfExit } from '../../../src/sweep/sampleRecord.ts';

describe('a sample status from the exit code of spinode run (DESIGN.md 4.1)', () => {
  it('0 is done, 130 (SIGINT after a checkpoint) interrupted, every other code failed', () => {
    expect(statusOfExit(0)).toBe('done');
    expect(statusOfExit(130)).toBe('interrupted');
    for (const code of [1, 2, 128 + 9, 255]) expect(statusOfExit(code)).toBe('failed');
  });
});
