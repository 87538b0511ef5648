// The deadline in force of a petition as lists show it (acceptance while it waits for acceptance,
// handling while it is handled), with the working days left and how urgent it is; and the
// instants that divide open petitions into near due, due today and overdue.
import {
  addCalendarDays,
  shanghaiDayStart,
  shanghaiEndOfDay,
  toShanghaiDate,
  type WorkingDayCalendar,
} from '../../domain/calendar/index.js';
import type { Petition } from '../../domain/petitions/index.js';
import type { DueBoundaries } from '../../domain/petitions/search.js';
import { NEAR_DUE_WORKING_DAYS, urgencyOf, type Urgency } from '../tasks/urgency.js';

export interface CurrentDeadline {
  /** accept: the acceptance deadline (受理期限); handle: the handling deadline (办理期限). */
  stage: 'accept' | 'handle';
  due: string;
  /** Working days from today to the due day: 0 due today, negative overdue; null beyond the published holiday schedule. */
  workingDaysLeft: number | null;
  urgency: Urgency;
}

export function currentDeadline(
  petition: Pick<Petition, 'stage' | 'acceptDue' | 'handleDue'>,
  calendar: WorkingDayCalendar,
  nowMs: number,
): CurrentDeadline | null {
  let stage: CurrentDeadline['stage'];
  let due: Date | null;
  if (petition.stage === 'acceptance') [stage, due] = ['accept', petition.acceptDue];
  else if (petition.stage === 'handling' || petition.stage === 'review')
    [stage, due] = ['handle', petition.handleDue];
  else return null;
  if (due === null) return null;
  return { stage, due: due.toISOString(), ...urgencyOf(due.getTime(), nowMs, calendar) };
}

/**
 * The first day more than NEAR_DUE_WORKING_DAYS working days after `today`, or the first day of a
 * year whose holidays are not published yet (nothing there can be counted, as urgencyOf says).
 */
function firstDayBeyondNearDue(calendar: WorkingDayCalendar, today: string): string {
  let day = today;
  let working = 0;
  // Ten calendar days hold more than two working days even around the Spring Festival's long week.
  for (let i = 0; i < 31; i++) {
    day = addCalendarDays(day, 1);
    try {
      if (calendar.isWorkingDay(day)) working++;
    } catch {
      return day;
    }
    if (working > NEAR_DUE_WORKING_DAYS) return day;
  }
  return day;
}

/**
 * Overdue: due at or before now. Due today: later today. Near due: after today and within
 * NEAR_DUE_WORKING_DAYS working days — the task list's `near_due` without today, so the three
 * counts never overlap.
 */
export function dueBoundaries(calendar: WorkingDayCalendar, nowMs: number): DueBoundaries {
  const today = toShanghaiDate(nowMs);
  return {
    now: new Date(nowMs),
    todayEnd: new Date(shanghaiEndOfDay(today)),
    nearDueEnd: new Date(shanghaiDayStart(firstDayBeyondNearDue(calendar, today))),
  };
}
