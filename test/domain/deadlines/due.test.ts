// Expected dates were worked out by hand from test/fixtures/holidays-cn/2025.json and 2026.json:
//   春节 2026: 2-15 (Sun) … 2-23 (Mon) off; Saturdays 2-14 and 2-28 are make-up working days.
//   国庆 / 中秋 2025: 10-1 … 10-8 off; Sunday 9-28 and Saturday 10-11 are make-up working days.
//   国庆 2026: 10-1 … 10-7 off.
// Instants are written with their Asia/Shanghai offset (+08:00).
import { expect } from 'chai';
import { CalendarError, createCalendar } from '../../../src/domain/calendar/index.js';
import {
  COUNTY_TARGETS,
  DeadlineRuleError,
  LEGAL_CAPS,
  dueAt,
  escalationPlan,
  lastDayOfPeriod,
  type DeadlineRule,
} from '../../../src/domain/deadlines/index.js';

const at = (iso: string): number => {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`bad test instant ${iso}`);
  return time;
};
const endOf = (date: string): number => at(`${date}T23:59:59.999+08:00`);
const nineOn = (date: string): number => at(`${date}T09:00:00.000+08:00`);

describe('deadlines', () => {
  const calendar = createCalendar();
  const beforeSpringFestival = at('2026-02-13T16:30:00+08:00'); // Friday afternoon
  const beforeNationalDay = at('2025-09-26T15:00:00+08:00'); // Friday afternoon

  describe('due instant of a working-day period starting the next day', () => {
    it('gives a petition registered just before Spring Festival 2026 until Friday 27 February to be accepted', () => {
      // 2-14 (1, make-up Saturday), 2-24 (2), 2-25 (3), 2-26 (4), 2-27 (5)
      expect(dueAt(COUNTY_TARGETS.normal.accept, beforeSpringFestival, calendar)).to.equal(
        endOf('2026-02-27'),
      );
    });

    it('gives the same petition until Thursday 19 March to be handled under "520"', () => {
      // 2-14, 2-24…2-27, 2-28 (make-up Saturday, 6th), 3-2…3-6 (11th), 3-9…3-13 (16th), 3-16…3-19 (20th)
      expect(dueAt(COUNTY_TARGETS.normal.handle, beforeSpringFestival, calendar)).to.equal(
        endOf('2026-03-19'),
      );
    });

    it('gives a petition registered just before National Day 2025 until 10 October to be accepted', () => {
      // 9-28 (1, make-up Sunday), 9-29 (2), 9-30 (3), 10-9 (4), 10-10 (5)
      expect(dueAt(COUNTY_TARGETS.normal.accept, beforeNationalDay, calendar)).to.equal(endOf('2025-10-10'));
      // "210": 9-28, 9-29 …
      expect(dueAt(COUNTY_TARGETS.simplified.accept, beforeNationalDay, calendar)).to.equal(
        endOf('2025-09-29'),
      );
      // … and 9-30, 10-9, 10-10, 10-11 (make-up Saturday, 6th), 10-13 … 10-16 (10th)
      expect(dueAt(COUNTY_TARGETS.simplified.handle, beforeNationalDay, calendar)).to.equal(
        endOf('2025-10-16'),
      );
    });

    it('counts an objection lodged on the last day before National Day 2025 from 9 October', () => {
      // 10-9 (1), 10-10 (2), 10-11 (3, make-up Saturday), 10-13 (4), 10-14 (5)
      const lodged = at('2025-09-30T17:00:00+08:00');
      expect(dueAt(LEGAL_CAPS.objection, lodged, calendar)).to.equal(endOf('2025-10-14'));
    });

    it('does not count the weekend after a Friday registration as day 1', () => {
      // 3-9 (1) … 3-13 (5): due the next Friday, not Thursday.
      const friday = at('2026-03-06T10:00:00+08:00');
      expect(dueAt(COUNTY_TARGETS.normal.accept, friday, calendar)).to.equal(endOf('2026-03-13'));
    });

    it('takes the start date in Shanghai time, not UTC', () => {
      // 2026-02-13T16:30Z is 00:30 on Saturday 14 February in Shanghai: day 1 is 2-15 (off),
      // so 2-24 (1) … 2-27 (4), 2-28 (5, make-up Saturday).
      const earlySaturday = at('2026-02-13T16:30:00Z');
      expect(dueAt(COUNTY_TARGETS.normal.accept, earlySaturday, calendar)).to.equal(endOf('2026-02-28'));
      const lateFriday = at('2026-02-13T23:59:59.999+08:00');
      expect(dueAt(COUNTY_TARGETS.normal.accept, lateFriday, calendar)).to.equal(endOf('2026-02-27'));
    });
  });

  describe('due instant of a working-day period starting the same day', () => {
    const twoSameDay: DeadlineRule = { amount: 2, unit: 'working', starts: 'same-day' };
    const twoNextDay: DeadlineRule = { amount: 2, unit: 'working', starts: 'next-day' };

    it('counts a make-up working day it starts on as day 1', () => {
      const makeUpSaturday = at('2026-02-14T10:00:00+08:00');
      expect(dueAt(twoSameDay, makeUpSaturday, calendar)).to.equal(endOf('2026-02-24'));
      expect(dueAt(twoNextDay, makeUpSaturday, calendar)).to.equal(endOf('2026-02-25'));
    });

    it('starts counting at the next working day when it starts on a holiday', () => {
      const holiday = at('2026-02-15T10:00:00+08:00');
      expect(dueAt(twoSameDay, holiday, calendar)).to.equal(endOf('2026-02-25'));
      expect(dueAt({ amount: 1, unit: 'working', starts: 'same-day' }, holiday, calendar)).to.equal(
        endOf('2026-02-24'),
      );
      expect(dueAt(twoNextDay, holiday, calendar)).to.equal(endOf('2026-02-25'));
    });

    it('ends a one-day period on the start date itself when that is a working day', () => {
      const monday = at('2026-03-09T10:00:00+08:00');
      expect(dueAt({ amount: 1, unit: 'working', starts: 'same-day' }, monday, calendar)).to.equal(
        endOf('2026-03-09'),
      );
      expect(dueAt({ amount: 1, unit: 'working', starts: 'next-day' }, monday, calendar)).to.equal(
        endOf('2026-03-10'),
      );
    });
  });

  describe('due instant of a calendar-day period', () => {
    it('ends day 15 after the registration date for the legal acceptance cap', () => {
      expect(dueAt(LEGAL_CAPS.accept, beforeSpringFestival, calendar)).to.equal(endOf('2026-02-28'));
      const sameDay: DeadlineRule = { ...LEGAL_CAPS.accept, starts: 'same-day' };
      expect(dueAt(sameDay, beforeSpringFestival, calendar)).to.equal(endOf('2026-02-27'));
    });

    it('ends day 60 after the registration date for the legal handling cap', () => {
      // 2-13 + 15 = 2-28, + 31 = 3-31, + 14 = 4-14
      expect(dueAt(LEGAL_CAPS.handle, beforeSpringFestival, calendar)).to.equal(endOf('2026-04-14'));
    });

    it('counts calendar days without regard to holidays', () => {
      const start = at('2026-09-16T10:00:00+08:00');
      expect(dueAt(LEGAL_CAPS.accept, start, calendar)).to.equal(endOf('2026-10-01'));
    });

    it('needs no holiday schedule, so it can run into 2027', () => {
      const start = at('2026-12-20T10:00:00+08:00');
      expect(dueAt(LEGAL_CAPS.recheckRequest, start, calendar)).to.equal(endOf('2027-01-19'));
    });
  });

  it('refuses a working-day period that runs into 2027', () => {
    const start = at('2026-12-20T10:00:00+08:00');
    expect(() => dueAt(COUNTY_TARGETS.normal.handle, start, calendar)).to.throw(
      CalendarError,
      '2027 年的节假日安排尚未公布，无法计算工作日',
    );
  });

  it('follows county overrides', () => {
    const county = createCalendar({
      overrides: [
        { date: '2026-03-07', working: true },
        { date: '2026-03-10', working: false },
      ],
    });
    // 3-7 (1, county working Saturday), 3-9 (2), 3-11 (3), 3-12 (4), 3-13 (5)
    const friday = at('2026-03-06T10:00:00+08:00');
    expect(dueAt(COUNTY_TARGETS.normal.accept, friday, county)).to.equal(endOf('2026-03-13'));
    expect(dueAt(COUNTY_TARGETS.simplified.accept, friday, county)).to.equal(endOf('2026-03-09'));
    expect(dueAt(COUNTY_TARGETS.simplified.accept, friday, calendar)).to.equal(endOf('2026-03-10'));
  });

  it('rejects an invalid rule with the field named', () => {
    const bad = { amount: 0, unit: 'working', starts: 'next-day' } as DeadlineRule;
    expect(() => dueAt(bad, beforeSpringFestival, calendar)).to.throw(DeadlineRuleError, /amount/);
    expect(lastDayOfPeriod(COUNTY_TARGETS.normal.accept, '2026-02-13', calendar)).to.equal('2026-02-27');
  });

  describe('escalation plan', () => {
    it('reminds a working day before, urges at the deadline and holds to account a working day after', () => {
      expect(escalationPlan(COUNTY_TARGETS.normal.accept, beforeSpringFestival, calendar)).to.deep.equal({
        remindAt: nineOn('2026-02-26'),
        dueAt: endOf('2026-02-27'),
        accountabilityAt: nineOn('2026-02-28'), // make-up Saturday
      });
      expect(escalationPlan(COUNTY_TARGETS.normal.accept, beforeNationalDay, calendar)).to.deep.equal({
        remindAt: nineOn('2025-10-09'),
        dueAt: endOf('2025-10-10'),
        accountabilityAt: nineOn('2025-10-11'), // make-up Saturday
      });
    });

    it('counts longer lead and follow-up times in working days across the holiday', () => {
      const options = { remindBefore: 3, accountAfter: 2 };
      // back from 10-10: 10-9 (1), 9-30 (2), 9-29 (3); on from 10-10: 10-11 (1), 10-13 (2)
      expect(
        escalationPlan(COUNTY_TARGETS.normal.accept, beforeNationalDay, calendar, options),
      ).to.deep.equal({
        remindAt: nineOn('2025-09-29'),
        dueAt: endOf('2025-10-10'),
        accountabilityAt: nineOn('2025-10-13'),
      });
      const spring = escalationPlan(COUNTY_TARGETS.normal.accept, beforeSpringFestival, calendar, {
        remindBefore: 2,
        accountAfter: 2,
      });
      expect(spring.remindAt).to.equal(nineOn('2026-02-25'));
      expect(spring.accountabilityAt).to.equal(nineOn('2026-03-02'));
    });

    it('reminds on the morning of the last day when the lead time is zero', () => {
      const plan = escalationPlan(COUNTY_TARGETS.normal.accept, beforeSpringFestival, calendar, {
        remindBefore: 0,
      });
      expect(plan.remindAt).to.equal(nineOn('2026-02-27'));
    });

    it('keeps reminder and accountability on working days when a calendar-day period ends on a holiday', () => {
      // 15 calendar days from 9-16 end on 10-1 (National Day 2026, off until 10-7).
      const start = at('2026-09-16T10:00:00+08:00');
      expect(escalationPlan(LEGAL_CAPS.accept, start, calendar)).to.deep.equal({
        remindAt: nineOn('2026-09-30'),
        dueAt: endOf('2026-10-01'),
        accountabilityAt: nineOn('2026-10-08'),
      });
      expect(escalationPlan(LEGAL_CAPS.accept, start, calendar, { remindBefore: 0 }).remindAt).to.equal(
        nineOn('2026-09-30'),
      );
    });

    it('reminds as soon as the period starts when it is shorter than the lead time', () => {
      const start = at('2026-03-09T10:00:00+08:00');
      const oneDay: DeadlineRule = { amount: 1, unit: 'working', starts: 'same-day' };
      expect(escalationPlan(oneDay, start, calendar)).to.deep.equal({
        remindAt: start,
        dueAt: endOf('2026-03-09'),
        accountabilityAt: nineOn('2026-03-10'),
      });
    });

    it('refuses a plan whose reminders need the unpublished 2027 schedule', () => {
      const start = at('2026-12-20T10:00:00+08:00');
      expect(() => escalationPlan(LEGAL_CAPS.recheckDecision, start, calendar)).to.throw(CalendarError);
    });

    it('rejects bad lead and follow-up times with the option named', () => {
      const plan = (options: { remindBefore?: number; accountAfter?: number }) => () =>
        escalationPlan(COUNTY_TARGETS.normal.accept, beforeSpringFestival, calendar, options);
      expect(plan({ remindBefore: -1 })).to.throw(DeadlineRuleError, /临期提醒提前天数（remindBefore）/);
      expect(plan({ remindBefore: 1.5 })).to.throw(DeadlineRuleError, /remindBefore/);
      expect(plan({ accountAfter: 0 })).to.throw(DeadlineRuleError, /逾期问责延后天数（accountAfter）/);
    });
  });
});
