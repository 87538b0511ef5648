// Years of the national schedule entered by the county (from the State Council notice) before the
// chinese-days package covers them. Expected dates worked out by hand from the test schedule in
// test-schedule-2027.ts (test data, not the official 2027 schedule).
import { expect } from 'chai';
import {
  CalendarError,
  checkCountyYear,
  CountyYearError,
  createCalendar,
  type CountyYear,
} from '../../../src/domain/calendar/index.js';
import { testSchedule2027 } from './test-schedule-2027.js';

function thrown(action: () => unknown): CalendarError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof CalendarError) return error;
    throw error;
  }
  throw new Error('expected a CalendarError');
}

const UNPUBLISHED_2027 = '2027 年的节假日安排尚未公布，无法计算工作日';

describe('national schedule years entered by the county', () => {
  const entered = createCalendar({ countyYears: [testSchedule2027()] });

  it('without the entered year, refuses 2027 with the same message as before', () => {
    const national = createCalendar();
    expect(thrown(() => national.addWorkingDays('2026-12-04', 20)).message).to.equal(UNPUBLISHED_2027);
    expect(national.publishedYears()).not.to.include(2027);
  });

  it('counts working days across New Year 2027 with its holidays', () => {
    // Friday 2026-12-04 + 20 working days: Dec 7–31 give 19, 1–3 Jan are off, Monday 4 Jan is the 20th.
    expect(entered.addWorkingDays('2026-12-04', 20)).to.equal('2027-01-04');
    expect(entered.isWorkingDay('2027-01-01')).to.be.false;
    expect(entered.nextWorkingDay('2026-12-31')).to.equal('2027-01-04');
    expect(entered.previousWorkingDay('2027-01-04')).to.equal('2026-12-31');
    expect(entered.workingDaysBetween('2026-12-31', '2027-01-08')).to.equal(5);
    expect(entered.publishedYears()).to.include.members([2026, 2027]);
  });

  it('applies the entered make-up working days and the Spring Festival', () => {
    expect(entered.isWorkingDay('2027-01-31')).to.be.true; // make-up Sunday
    expect(entered.nextWorkingDay('2027-01-29')).to.equal('2027-01-31');
    for (const day of ['05', '08', '09', '10', '11', '12']) {
      expect(entered.isWorkingDay(`2027-02-${day}`), `2027-02-${day}`).to.be.false;
    }
    expect(entered.nextWorkingDay('2027-02-04')).to.equal('2027-02-15');
    expect(entered.isWorkingDay('2027-02-20')).to.be.true; // make-up Saturday
    expect(entered.isWorkingDay('2027-02-21')).to.be.false; // ordinary Sunday
    expect(entered.isWorkingDay('2027-03-03')).to.be.true; // ordinary Wednesday
  });

  it('keeps the county overrides above the entered schedule', () => {
    const county = createCalendar({
      countyYears: [testSchedule2027()],
      overrides: [{ date: '2027-01-31', working: false, note: '县里不安排补班' }],
    });
    expect(county.isWorkingDay('2027-01-31')).to.be.false;
  });

  it('still refuses 2028', () => {
    expect(thrown(() => entered.addWorkingDays('2027-12-20', 20)).message).to.equal(
      '2028 年的节假日安排尚未公布，无法计算工作日',
    );
  });

  it('ignores an entered year the package covers: the package wins', () => {
    // As if 2026 had been entered before the package covered it, with its Spring Festival missing.
    const stale: CountyYear = {
      year: 2026,
      notice: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
      days: [{ date: '2026-01-01', working: false, name: '元旦' }],
    };
    const calendar = createCalendar({ countyYears: [stale] });
    expect(calendar.isWorkingDay('2026-02-16')).to.be.false; // 春节 by the package
    expect(calendar.isWorkingDay('2026-02-14')).to.be.true; // make-up Saturday by the package
  });

  describe('refuses a malformed year, naming the problem', () => {
    const refusal = (change: (year: CountyYear) => void, packageCovers = () => false) => {
      const year = testSchedule2027();
      change(year);
      const error = thrown(() => checkCountyYear(year, packageCovers));
      expect(error).to.be.instanceOf(CountyYearError);
      return error as CountyYearError;
    };

    it('accepts the test schedule as it is', () => {
      expect(() => checkCountyYear(testSchedule2027())).not.to.throw();
    });

    it('a year the package already covers', () => {
      const year = { ...testSchedule2027(), year: 2026 };
      const error = thrown(() => checkCountyYear(year));
      expect(error.message).to.equal(
        '2026 年的节假日安排已包含在系统内置的国务院节假日安排中，无需也不能另行录入',
      );
    });

    it('a date outside the year', () => {
      const error = refusal((year) => year.days.push({ date: '2026-12-31', working: false, name: '元旦' }));
      expect(error.message).to.contain('日期 2026-12-31 不在 2027 年内');
      expect(error.field).to.equal(`days[${testSchedule2027().days.length}]`);
    });

    it('a date listed twice', () => {
      const error = refusal((year) => year.days.push({ date: '2027-02-08', working: true, name: '春节' }));
      expect(error.message).to.contain('日期 2027-02-08 出现了不止一次');
    });

    it('a notice that is not on gov.cn', () => {
      for (const notice of [
        '',
        'https://www.example.com/notice.htm',
        'https://gov.cn.example.com/x',
        'ftp://www.gov.cn/x',
      ]) {
        const error = refusal((year) => (year.notice = notice));
        expect(error.field, notice).to.equal('notice');
        expect(error.message).to.contain('gov.cn');
      }
    });

    it('a year without 1 January as a holiday', () => {
      const error = refusal((year) => (year.days = year.days.filter((day) => day.date !== '2027-01-01')));
      expect(error.message).to.contain('没有把 2027-01-01（元旦）列为假日');
    });

    it('an invalid date, a missing name and no days', () => {
      expect(refusal((year) => (year.days[3]!.date = '2027-02-30')).message).to.contain(
        '第 4 天的日期“2027-02-30”无效',
      );
      expect(refusal((year) => (year.days[0]!.name = ' ')).message).to.contain('缺少节日名称');
      expect(refusal((year) => (year.days = [])).field).to.equal('days');
    });

    it('a calendar built from a malformed year is refused too', () => {
      const year = testSchedule2027();
      year.notice = 'https://www.example.com/';
      expect(thrown(() => createCalendar({ countyYears: [year] })).code).to.equal('invalid-county-year');
    });
  });
});
