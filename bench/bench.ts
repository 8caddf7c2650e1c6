/**
 * Benchmarks (npm run bench): each measures the system on the real broker and database and, in
 * the same run, a reference on the same broker (kcat), and reports the ratio. Results are written
 * to bench-results/<name>.json and summarised in bench-results/latest.md.
 */
export interface BenchResult {
  readonly name: string;
  /** What was measured, e.g. { events: 100000, seconds: 4.2, eventsPerSecond: 23800 }. */
  readonly measured: Readonly<Record<string, number | string>>;
  /** The same work done by the reference (e.g. kcat) in the same run. */
  readonly reference: Readonly<Record<string, number | string>> & { readonly tool: string };
  /** measured throughput / reference throughput. */
  readonly ratio: number;
  readonly notes?: readonly string[];
}

export interface Bench {
  readonly name: string;
  run(): Promise<BenchResult>;
}
