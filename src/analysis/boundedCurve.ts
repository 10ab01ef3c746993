/**
 * A curve sampled from an unbounded stream in bounded memory: every `stride`-th point is kept, and
 * when `capacity` is reached every second kept point is dropped and the stride doubles. A
 * million-step run plots from at most `capacity` points, evenly spread over its steps.
 */
export class BoundedCurve {
  private readonly points: [number, number][] = [];
  private stride = 1;
  private seen = 0;

  constructor(readonly capacity = 4096) {}

  add(x: number, y: number): void {
    if (this.seen++ % this.stride !== 0) return;
    this.points.push([x, y]);
    if (this.points.length >= this.capacity) {
      let kept = 0;
      for (let i = 0; i < this.points.length; i += 2) this.points[kept++] = this.points[i];
      this.points.length = kept;
      this.stride *= 2;
    }
  }

  /** The kept points plus the last one added, in order. */
  values(last?: [number, number]): [number, number][] {
    const out = [...this.points];
    if (last && (out.length === 0 || out[out.length - 1][0] !== last[0])) out.push(last);
    return out;
  }
}
