export { createCalendar } from './calendar.js';
export {
  SHANGHAI_ZONE,
  addCalendarDays,
  shanghaiDayStart,
  shanghaiEndOfDay,
  shanghaiTimeOn,
  toShanghaiDate,
} from './dates.js';
export { CalendarError, type CalendarErrorCode } from './errors.js';
export { NATIONAL_CORRECTIONS, type NationalCorrection } from './national.js';
export type { DayOverride, WorkingDayCalendar } from './types.js';
