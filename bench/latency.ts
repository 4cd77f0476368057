/** Latency of one request shape under N concurrent connections. */
export async function measureLatency(send: () => Promise<Response>, options: { concurrency: number; requests: number; warmup?: number }) {
  for (let i = 0; i < (options.warmup ?? 20); i++) await (await send()).arrayBuffer();
  const durations: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < options.requests) {
      next++;
      const started = performance.now();
      const response = await send();
      await response.arrayBuffer();
      durations.push(performance.now() - started);
      if (!response.ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (failures) throw new Error(`${failures} requests failed`);
  return summarise(durations);
}

export function summarise(durations: number[]) {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), count: sorted.length };
}

export function median(values: number[]) {
  return summarise(values).p50;
}
