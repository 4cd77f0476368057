/**
 * Background work of the API process (the import reconciler, the access-log purge): one run at
 * start, then one every `intervalMs`, never two at once. A failed run is reported to `onError`
 * and counts as 0; the next interval tries again. The timer does not keep the process alive, and
 * stop() waits for a run under way, so a graceful shutdown never cuts a transaction short.
 */
export interface PeriodicTask {
  /** One run now (tests, or a caller that knows there is work); joins a run already under way. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startPeriodicTask(run: () => Promise<number>, options: { intervalMs: number; onError: (error: unknown) => void }): PeriodicTask {
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= run()
      .catch((error) => {
        options.onError(error);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(runOnce, options.intervalMs);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
