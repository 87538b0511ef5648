export { createCalendar } from './calendar.js';
export {
  checkCountyYear,
  CountyYearError,
  isGovCnNotice,
  type CountyYear,
  type NationalDay,
} from './county-years.js';
export {
  SHANGHAI_ZONE,
  addCalendarDays,
  shanghaiDayStart,
  shanghaiEndOfDay,
  shanghaiTimeOn,
  toShanghaiDate,
} from './dates.js';
export { CalendarError, type CalendarErrorCode } from './errors.js';
export { NATIONAL_CORRECTIONS, isPublishedYear, type NationalCorrection } from './national.js';
export type { DayOverride, WorkingDayCalendar } from './types.js';
