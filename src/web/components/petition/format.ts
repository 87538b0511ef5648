// Instants as the county reads them (Beijing time, `YYYY-MM-DD HH:mm`, whatever the office
// computer's time zone) and the urgency of a due date by working days left.
import type { Urgency } from './types';

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as `YYYY-MM-DD HH:mm` in Beijing time; empty for none. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${DAY.format(at)} ${TIME.format(at)}`;
}

/**
 * The urgency of a deadline the same way the server grades tasks: overdue when the due instant has
 * passed, near due within 2 working days, normal otherwise.
 */
export function urgencyOf(due: string, workingDaysLeft: number | null, now = Date.now()): Urgency {
  if (Date.parse(due) <= now) return 'overdue';
  if (workingDaysLeft !== null && workingDaysLeft <= 2) return 'near_due';
  return 'normal';
}

/** The Element Plus tag type of an urgency. */
export function urgencyTag(urgency: Urgency): 'danger' | 'warning' | 'success' {
  return urgency === 'overdue' ? 'danger' : urgency === 'near_due' ? 'warning' : 'success';
}
