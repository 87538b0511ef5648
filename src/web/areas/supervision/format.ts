/** A rate (0–1) as a percentage with one decimal; a dash when there is nothing to measure. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
