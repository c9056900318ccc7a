/** Small statistics for the benchmark: medians of per-run figures and log-log growth exponents. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The exponent k in t ∝ n^k between two sizes: 1 is linear, 2 quadratic. NaN when a time is not positive (the
 * growth was lost in the noise), which the report shows as such instead of a made-up number.
 */
export function growthExponent(sizeA: number, timeA: number, sizeB: number, timeB: number): number {
  if (!(timeA > 0) || !(timeB > 0)) return Number.NaN;
  return Math.log(timeB / timeA) / Math.log(sizeB / sizeA);
}

export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
