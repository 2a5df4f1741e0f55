/** A benchmark module: `bench/<name>.ts` default-exports a function that prints its figures with `emit`. */
export interface BenchModule {
  default: () => Promise<void>;
}

/** Prints one figure as a JSON line: `{"bench","metric","value","unit"}`. */
export function emit(bench: string, metric: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ bench, metric, value, unit })}\n`);
}
