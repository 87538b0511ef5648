/** What went wrong, for callers that react differently (the UI shows `message` either way). */
export type CalendarErrorCode =
  'unpublished-year' | 'invalid-date' | 'invalid-instant' | 'invalid-override' | 'invalid-county-year';

/**
 * A working-day question the calendar cannot answer. `message` is Chinese, for the UI;
 * `detail` is English, for logs.
 */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';

  constructor(
    message: string,
    readonly detail: string,
    readonly code: CalendarErrorCode,
  ) {
    super(message);
  }
}

export function unpublishedYearError(year: number, date: string): CalendarError {
  return new CalendarError(
    `${year} 年的节假日安排尚未公布，无法计算工作日`,
    `No official holiday schedule is known for ${year} (needed for ${date}); refusing to guess working days`,
    'unpublished-year',
  );
}
