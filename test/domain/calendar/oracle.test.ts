// The calendar against an independent record of the State Council schedules (holiday-cn data,
// test/fixtures/holidays-cn), day by day — not against the library the calendar wraps.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createCalendar } from '../../../src/domain/calendar/index.js';

interface OracleDay {
  name: string;
  date: string;
  isOffDay: boolean;
}

interface OracleYear {
  year: number;
  papers: string[];
  days: OracleDay[];
}

const YEARS = [2022, 2023, 2024, 2025, 2026];

function readOracle(year: number): OracleYear {
  const url = new URL(`../../fixtures/holidays-cn/${year}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as OracleYear;
}

/** Every listed day of all files (a file may list a day of the neighbouring year). */
function listedDays(): Map<string, OracleDay> {
  const listed = new Map<string, OracleDay>();
  for (const year of YEARS) {
    for (const day of readOracle(year).days) {
      const earlier = listed.get(day.date);
      if (earlier !== undefined && earlier.isOffDay !== day.isOffDay) {
        throw new Error(`oracle files disagree about ${day.date}`);
      }
      listed.set(day.date, day);
    }
  }
  return listed;
}

function everyDay(year: number): { date: string; weekday: number }[] {
  const days: { date: string; weekday: number }[] = [];
  for (let time = Date.UTC(year, 0, 1); new Date(time).getUTCFullYear() === year; time += 86_400_000) {
    const weekday = new Date(time).getUTCDay(); // 0 = Sunday … 6 = Saturday
    days.push({ date: new Date(time).toISOString().slice(0, 10), weekday });
  }
  return days;
}

describe('working-day calendar against the State Council schedules 2022–2026', () => {
  const listed = listedDays();
  const calendar = createCalendar();

  for (const year of YEARS) {
    it(`agrees with the official schedule on every day of ${year}`, () => {
      const oracle = readOracle(year);
      expect(oracle.year).to.equal(year);
      expect(oracle.papers).to.have.length.greaterThan(0);

      const days = everyDay(year);
      expect(days).to.have.length(year === 2024 ? 366 : 365);
      const disagreements: string[] = [];
      for (const { date, weekday } of days) {
        const entry = listed.get(date);
        const expected = entry !== undefined ? !entry.isOffDay : weekday >= 1 && weekday <= 5;
        if (calendar.isWorkingDay(date) !== expected) {
          disagreements.push(
            `${date}: expected ${expected ? 'working day' : 'day off'}${entry ? ` (${entry.name})` : ''}`,
          );
        }
      }
      expect(disagreements).to.deep.equal([]);
    });
  }

  it('counts the same number of working days per year as the official schedule', () => {
    const expected = new Map<number, number>();
    for (const year of YEARS) {
      let count = 0;
      for (const { date, weekday } of everyDay(year)) {
        const entry = listed.get(date);
        if (entry !== undefined ? !entry.isOffDay : weekday >= 1 && weekday <= 5) count++;
      }
      expected.set(year, count);
    }
    for (const year of YEARS) {
      // Working days after Dec 31 of the year before, up to and including Dec 31 of this year.
      expect(calendar.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`), String(year)).to.equal(
        expected.get(year),
      );
    }
    // Checked by hand: 2025 has 261 weekdays, 18 of them holidays, and 5 make-up working days.
    expect(expected.get(2025)).to.equal(248);
  });
});
