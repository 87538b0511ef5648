// How pressing a task is: overdue once its due instant has passed; near due when it falls within
// NEAR_DUE_WORKING_DAYS working days (Asia/Shanghai calendar with the holiday schedule).
import { toShanghaiDate, type WorkingDayCalendar } from '../../domain/calendar/index.js';

/** A task due within this many working days (today counting as 0) is near due (临期). */
export const NEAR_DUE_WORKING_DAYS = 2;

export const URGENCIES = ['overdue', 'near_due', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface TaskUrgency {
  /** Working days from today to the due day: 0 due today, negative overdue; null without a due date or beyond the published holiday schedule. */
  workingDaysLeft: number | null;
  urgency: Urgency;
}

export function urgencyOf(dueMs: number | null, nowMs: number, calendar: WorkingDayCalendar): TaskUrgency {
  if (dueMs === null || Number.isNaN(dueMs)) return { workingDaysLeft: null, urgency: 'normal' };
  let workingDaysLeft: number | null;
  try {
    workingDaysLeft = calendar.workingDaysBetween(toShanghaiDate(nowMs), toShanghaiDate(dueMs));
  } catch {
    // A due day in a year whose holidays are not yet published: no count rather than a guess.
    workingDaysLeft = null;
  }
  if (dueMs <= nowMs) return { workingDaysLeft, urgency: 'overdue' };
  const near = workingDaysLeft !== null && workingDaysLeft <= NEAR_DUE_WORKING_DAYS;
  return { workingDaysLeft, urgency: near ? 'near_due' : 'normal' };
}
