// The constructed 2027 schedule of test/fixtures/national-schedule/2027-test.json (TEST DATA, not
// the official 2027 schedule; its notice address is made up), as the calendar takes it:
//   元旦 1-1 (Fri) … 1-3 off;  春节 2-5 (Fri) … 2-13 (Sat) off, Sunday 1-31 and Saturday 2-20 make-up
//   working days; and the other festivals of the year in the same pattern.
import { readFileSync } from 'node:fs';
import type { CountyYear } from '../../../src/domain/calendar/index.js';

export const TEST_SCHEDULE_FILE = new URL('../../fixtures/national-schedule/2027-test.json', import.meta.url);

interface HolidayCnFile {
  year: number;
  papers: string[];
  days: { name: string; date: string; isOffDay: boolean }[];
}

/** A fresh copy each call, so a test may spoil it. */
export function testSchedule2027(): CountyYear {
  const file = JSON.parse(readFileSync(TEST_SCHEDULE_FILE, 'utf8')) as HolidayCnFile;
  return {
    year: file.year,
    notice: file.papers[0] ?? '',
    days: file.days.map((day) => ({ date: day.date, working: !day.isOffDay, name: day.name })),
  };
}
