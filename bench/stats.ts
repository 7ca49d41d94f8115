/** Small statistics for benchmark rounds. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Time `fn` over `iterations` calls; ns per call. */
export function timePerCall(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** Alternate A and B for `rounds` rounds; the median of A, of B, and of the per-round ratios A/B. */
export async function alternate<T extends number>(rounds: number, a: () => Promise<T> | T, b: () => Promise<T> | T): Promise<{ a: number; b: number; ratio: number; as: number[]; bs: number[] }> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Swap the order every other round so neither side always runs on a warmer machine.
    if (r % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return { a: median(as), b: median(bs), ratio: median(as.map((x, i) => x / bs[i]!)), as, bs };
}
