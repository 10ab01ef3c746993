/**
 * SIGINT / SIGTERM during a run (DESIGN.md 4.1: exit 130): instead of dying, the run notes the signal, and
 * its loop checkpoints and ends at the next point where it can. `stop()` restores the default handling.
 */
export interface InterruptWatch {
  /** the signal received, if any */
  readonly signal: string | undefined;
  stop(): void;
}

export function watchInterrupts(): InterruptWatch {
  let received: string | undefined;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      received = name;
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    get signal() {
      return received;
    },
    stop() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
