// Shared fixtures for the timer tests: a fixed "now" and ISO output so failures read as instants.

/** Saturday 2026-01-31 08:00 UTC. */
export const NOW = Date.parse('2026-01-31T08:00:00Z');

export const at = (text: string): number => {
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) throw new Error(`bad fixture instant ${text}`);
  return instant;
};

export const iso = (instant: number): string => new Date(instant).toISOString();
