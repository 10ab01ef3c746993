import { describe, expect, it } from 'vitest';
import { StepBudget } from '../../../src/viewport/stepBudget.ts';

describe('StepBudget', () => {
  it('grows towards the budget on a fast GPU, at most doubling per frame', () => {
    const b = new StepBudget(20, 1000);
    let n = 1;
    const trace = [];
    for (let frame = 0; frame < 12; frame++) {
      b.record(n, 0.1 * n); // 0.1 ms per step
      n = b.next(n);
      trace.push(n);
    }
    expect(trace.slice(0, 4)).toEqual([2, 4, 8, 16]);
    expect(n).toBe(200);
  });
  it('stays at one step per frame when a single step exceeds the budget', () => {
    const b = new StepBudget(20, 1000);
    b.record(1, 300);
    expect(b.next(1)).toBe(1);
  });
  it('shrinks at most by half per frame and never exceeds the maximum', () => {
    const b = new StepBudget(20, 50);
    b.record(100, 1000);
    expect(b.next(100)).toBe(50);
    const c = new StepBudget(20, 50);
    c.record(1, 0.001);
    expect(c.next(40)).toBe(50);
  });
});
