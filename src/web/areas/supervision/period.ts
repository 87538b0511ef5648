// The periods the dashboard offers: this month, quarter or year so far, or any days chosen (the
// server allows at most 366). "Today" is the server's, taken from its default answer.
export const PERIOD_PRESETS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  from: string;
  to: string;
}

/** The period of a preset ending `today` (`YYYY-MM-DD`); custom keeps `current`. */
export function presetPeriod(preset: PeriodPreset, today: string, current: Period): Period {
  const year = today.slice(0, 4);
  const month = Number(today.slice(5, 7));
  switch (preset) {
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: today };
    }
    case 'year':
      return { from: `${year}-01-01`, to: today };
    case 'custom':
      return current;
  }
}

/** The preset a period matches, custom when none does. */
export function presetOf(period: Period, today: string): PeriodPreset {
  for (const preset of ['month', 'quarter', 'year'] as const) {
    const candidate = presetPeriod(preset, today, period);
    if (candidate.from === period.from && candidate.to === period.to) return preset;
  }
  return 'custom';
}
