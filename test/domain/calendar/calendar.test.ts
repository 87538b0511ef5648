// Expected dates below were worked out by hand from test/fixtures/holidays-cn/2025.json and
// 2026.json:
//   春节 2026: 2-15 (Sun) … 2-23 (Mon) off; Saturdays 2-14 and 2-28 are make-up working days.
//   国庆 / 中秋 2025: 10-1 (Wed) … 10-8 (Wed) off; Sunday 9-28 and Saturday 10-11 are make-up working days.
import { expect } from 'chai';
import {
  CalendarError,
  createCalendar,
  type DayOverride,
  type WorkingDayCalendar,
} from '../../../src/domain/calendar/index.js';

function calendarError(action: () => unknown): CalendarError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof CalendarError) return error;
    throw error;
  }
  throw new Error('expected a CalendarError');
}

describe('working-day calendar', () => {
  const calendar: WorkingDayCalendar = createCalendar();

  describe('Spring Festival 2026', () => {
    it('treats the nine festival days as days off and both make-up Saturdays as working days', () => {
      expect(calendar.isWorkingDay('2026-02-13')).to.be.true; // Friday before
      expect(calendar.isWorkingDay('2026-02-14')).to.be.true; // make-up Saturday
      for (const day of ['15', '16', '17', '18', '19', '20', '21', '22', '23']) {
        expect(calendar.isWorkingDay(`2026-02-${day}`), `2026-02-${day}`).to.be.false;
      }
      expect(calendar.isWorkingDay('2026-02-24')).to.be.true;
      expect(calendar.isWorkingDay('2026-02-28')).to.be.true; // make-up Saturday
      expect(calendar.isWorkingDay('2026-03-01')).to.be.false; // ordinary Sunday
    });

    it('steps over the festival to the next and previous working days', () => {
      expect(calendar.nextWorkingDay('2026-02-13')).to.equal('2026-02-14');
      expect(calendar.nextWorkingDay('2026-02-14')).to.equal('2026-02-24');
      expect(calendar.nextWorkingDay('2026-02-18')).to.equal('2026-02-24');
      expect(calendar.previousWorkingDay('2026-02-24')).to.equal('2026-02-14');
      expect(calendar.previousWorkingDay('2026-02-14')).to.equal('2026-02-13');
    });

    it('puts the fifth working day after a petition of Friday 13 February on Friday 27 February', () => {
      // 2-14 (1, make-up Saturday), 2-24 (2), 2-25 (3), 2-26 (4), 2-27 (5)
      expect(calendar.addWorkingDays('2026-02-13', 5)).to.equal('2026-02-27');
      expect(calendar.addWorkingDays('2026-02-13', 1)).to.equal('2026-02-14');
      expect(calendar.addWorkingDays('2026-02-13', 6)).to.equal('2026-02-28');
      expect(calendar.addWorkingDays('2026-02-13', 7)).to.equal('2026-03-02');
    });

    it('returns the day itself for zero working days when it is a working day, else the next one', () => {
      expect(calendar.addWorkingDays('2026-02-14', 0)).to.equal('2026-02-14');
      expect(calendar.addWorkingDays('2026-02-15', 0)).to.equal('2026-02-24');
    });

    it('counts working days after the first date up to and including the second', () => {
      expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27')).to.equal(5);
      expect(calendar.workingDaysBetween('2026-02-14', '2026-02-23')).to.equal(0);
      expect(calendar.workingDaysBetween('2026-02-13', '2026-02-13')).to.equal(0);
      expect(calendar.workingDaysBetween('2026-02-27', '2026-02-13')).to.equal(-5);
    });
  });

  describe('National Day 2025', () => {
    it('treats 1–8 October as days off and Sunday 28 September and Saturday 11 October as working days', () => {
      expect(calendar.isWorkingDay('2025-09-27')).to.be.false; // ordinary Saturday
      expect(calendar.isWorkingDay('2025-09-28')).to.be.true; // make-up Sunday
      for (let day = 1; day <= 8; day++) {
        expect(calendar.isWorkingDay(`2025-10-0${day}`), `2025-10-0${day}`).to.be.false;
      }
      expect(calendar.isWorkingDay('2025-10-09')).to.be.true;
      expect(calendar.isWorkingDay('2025-10-11')).to.be.true; // make-up Saturday
      expect(calendar.isWorkingDay('2025-10-12')).to.be.false;
    });

    it('puts the fifth working day after Friday 26 September on Friday 10 October', () => {
      // 9-28 (1, make-up Sunday), 9-29 (2), 9-30 (3), 10-9 (4), 10-10 (5)
      expect(calendar.addWorkingDays('2025-09-26', 5)).to.equal('2025-10-10');
      expect(calendar.workingDaysBetween('2025-09-26', '2025-10-10')).to.equal(5);
      expect(calendar.workingDaysBetween('2025-10-10', '2025-09-26')).to.equal(-5);
      // 10-9 (1), 10-10 (2), 10-11 (3, make-up Saturday), 10-13 (4), 10-14 (5)
      expect(calendar.addWorkingDays('2025-09-30', 5)).to.equal('2025-10-14');
    });
  });

  describe('a year without a published schedule', () => {
    const message = '2027 年的节假日安排尚未公布，无法计算工作日';

    it('refuses to say whether a 2027 date is a working day', () => {
      const error = calendarError(() => calendar.isWorkingDay('2027-03-02'));
      expect(error.message).to.equal(message);
      expect(error.code).to.equal('unpublished-year');
      expect(error.detail)
        .to.match(/2027/)
        .and.match(/holiday schedule/);
    });

    it('refuses any computation that runs into 2027', () => {
      expect(calendar.addWorkingDays('2026-12-30', 1)).to.equal('2026-12-31');
      expect(calendarError(() => calendar.addWorkingDays('2026-12-30', 2)).message).to.equal(message);
      expect(calendarError(() => calendar.nextWorkingDay('2026-12-31')).message).to.equal(message);
      expect(calendarError(() => calendar.workingDaysBetween('2026-12-01', '2027-01-10')).message).to.equal(
        message,
      );
      expect(calendarError(() => calendar.workingDaysBetween('2027-01-10', '2026-12-01')).message).to.equal(
        message,
      );
      expect(calendarError(() => calendar.previousWorkingDay('2027-01-04')).message).to.equal(message);
    });

    it('stays strict even when a county override names the 2027 date', () => {
      const county = createCalendar({ overrides: [{ date: '2027-01-04', working: true }] });
      expect(calendarError(() => county.isWorkingDay('2027-01-04')).message).to.equal(message);
    });

    it('lists the published years, including 2022–2026 and not 2027', () => {
      const years = calendar.publishedYears();
      expect(years).to.include.members([2022, 2023, 2024, 2025, 2026]);
      expect(years).not.to.include(2027);
      expect(years).to.deep.equal([...years].sort((a, b) => a - b));
      expect(years.at(-1)).to.equal(2026);
    });
  });

  describe('county overrides', () => {
    const overrides: DayOverride[] = [
      { date: '2026-03-07', working: true, note: '县里统一安排周六上班' },
      { date: '2026-03-10', working: false, note: '县城停电检修，全县机关放假' },
    ];
    const county = createCalendar({ overrides });

    it('makes a Saturday a working day and a Tuesday a day off', () => {
      expect(calendar.isWorkingDay('2026-03-07')).to.be.false;
      expect(calendar.isWorkingDay('2026-03-10')).to.be.true;
      expect(county.isWorkingDay('2026-03-07')).to.be.true;
      expect(county.isWorkingDay('2026-03-10')).to.be.false;
    });

    it('changes working-day arithmetic accordingly', () => {
      // National: 3-6 (Fri) + 2 → 3-10 (Tue). County: 3-7 (Sat) is 1, 3-9 (Mon) is 2.
      expect(calendar.addWorkingDays('2026-03-06', 2)).to.equal('2026-03-10');
      expect(county.addWorkingDays('2026-03-06', 2)).to.equal('2026-03-09');
      // County: 3-7, 3-9, 3-11 — the Tuesday is skipped.
      expect(county.addWorkingDays('2026-03-06', 3)).to.equal('2026-03-11');
      expect(county.nextWorkingDay('2026-03-09')).to.equal('2026-03-11');
      expect(county.previousWorkingDay('2026-03-11')).to.equal('2026-03-09');
      expect(calendar.workingDaysBetween('2026-03-06', '2026-03-13')).to.equal(5);
      expect(county.workingDaysBetween('2026-03-06', '2026-03-13')).to.equal(5);
      expect(county.workingDaysBetween('2026-03-06', '2026-03-10')).to.equal(2);
    });

    it('takes precedence over national holidays and make-up days', () => {
      const local = createCalendar({
        overrides: [
          { date: '2026-02-28', working: false }, // national make-up Saturday
          { date: '2026-02-23', working: true }, // last day of the national Spring Festival break
        ],
      });
      expect(local.isWorkingDay('2026-02-28')).to.be.false;
      expect(local.isWorkingDay('2026-02-23')).to.be.true;
      expect(local.nextWorkingDay('2026-02-14')).to.equal('2026-02-23');
    });

    it('leaves the national calendar and other calendars untouched', () => {
      expect(createCalendar().isWorkingDay('2026-03-07')).to.be.false;
    });

    it('rejects malformed overrides with a Chinese message naming the entry', () => {
      const bad = (overrides: unknown[]): CalendarError =>
        calendarError(() => createCalendar({ overrides: overrides as DayOverride[] }));
      expect(bad([{ date: '2026-3-7', working: true }]).message).to.equal(
        '第 1 条县级工作日调整的日期（date）“2026-3-7”无效，应为 YYYY-MM-DD',
      );
      expect(bad([{ date: '2026-02-30', working: true }]).code).to.equal('invalid-override');
      expect(bad([overrides[0], { date: '2026-03-08', working: 'yes' }]).message).to.equal(
        '第 2 条县级工作日调整的是否工作日（working）必须是 true 或 false',
      );
      expect(
        bad([
          { date: '2026-03-07', working: true },
          { date: '2026-03-07', working: false },
        ]).message,
      ).to.equal('第 2 条县级工作日调整与前面的调整矛盾：2026-03-07 既是工作日又是休息日');
      expect(bad([null]).message).to.equal('第 1 条县级工作日调整格式无效');
    });
  });

  describe('input checks', () => {
    it('rejects dates that are not real YYYY-MM-DD days', () => {
      for (const date of ['2026-02-30', '2026/02/13', '2026-2-13', '', '2026-02-13T00:00']) {
        const error = calendarError(() => calendar.isWorkingDay(date));
        expect(error.code, date).to.equal('invalid-date');
        expect(error.message).to.contain('YYYY-MM-DD');
      }
    });

    it('rejects negative or fractional working-day counts', () => {
      expect(() => calendar.addWorkingDays('2026-02-13', -1)).to.throw(RangeError);
      expect(() => calendar.addWorkingDays('2026-02-13', 1.5)).to.throw(RangeError);
    });
  });

  describe('independence from the process time zone', () => {
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env.TZ;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    for (const zone of ['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      it(`gives the same answers with TZ=${zone}`, () => {
        process.env.TZ = zone;
        const fresh = createCalendar();
        expect(fresh.isWorkingDay('2026-01-04')).to.be.true; // make-up Sunday
        expect(fresh.isWorkingDay('2026-01-03')).to.be.false;
        expect(fresh.isWorkingDay('2026-01-05')).to.be.true;
        expect(fresh.addWorkingDays('2026-02-13', 5)).to.equal('2026-02-27');
      });
    }
  });
});
