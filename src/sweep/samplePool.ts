/**
 * A bounded pool: at most `jobs` tasks at a time, started in order, each to its end. A task that throws
 * is recorded and the others go on (a sweep survives failed samples). `stopped()` is asked before each
 * start: once it says yes, no new task starts and the pool waits for the running ones (an interrupted
 * sweep lets its running samples checkpoint).
 */
export interface PoolOutcome<R> {
  /** per task: its result, or the error it threw, or undefined if it never started */
  results: ({ ok: true; value: R } | { ok: false; error: unknown } | undefined)[];
  started: number;
}

export async function runPool<T, R>(tasks: readonly T[], jobs: number, work: (task: T, index: number) => Promise<R>, stopped: () => boolean = () => false): Promise<PoolOutcome<R>> {
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`runPool: jobs must be a whole number >= 1 (got ${jobs})`);
  const results: PoolOutcome<R>['results'] = new Array(tasks.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !stopped()) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await work(tasks[i], i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return { results, started: next };
}
