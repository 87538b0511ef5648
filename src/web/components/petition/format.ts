// The urgency of a due date by working days left.
import type { Urgency } from './types';

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
