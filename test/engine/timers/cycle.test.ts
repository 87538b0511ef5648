import { expect } from 'chai';
import { nextCycleDue, planTimer } from '../../../src/engine/timers/index.js';
import { NOW, at, iso } from './helpers.js';

const plan = (text: string, now = NOW) => {
  const { dueAt, repetitions } = planTimer('cycle', text, now);
  return { dueAt: iso(dueAt), repetitions };
};
const next = (text: string, previousDueAt: string, now?: string) =>
  iso(nextCycleDue(text, at(previousDueAt), now === undefined ? undefined : at(now)));

describe('timer cycles', () => {
  describe('as ISO 8601 repeating intervals', () => {
    it('fire n times, the first one interval after now', () => {
      expect(plan('R3/PT10H')).to.deep.equal({ dueAt: '2026-01-31T18:00:00.000Z', repetitions: 3 });
    });

    it('fire without end when the count is left out', () => {
      expect(plan('R/P1D')).to.deep.equal({ dueAt: '2026-02-01T08:00:00.000Z', repetitions: null });
    });

    it('fire first at a given start, then one interval after the other', () => {
      const cycle = 'R3/2026-02-02T09:00:00Z/P1D';
      expect(plan(cycle)).to.deep.equal({ dueAt: '2026-02-02T09:00:00.000Z', repetitions: 3 });
      expect(next(cycle, '2026-02-02T09:00:00Z')).to.equal('2026-02-03T09:00:00.000Z');
      expect(next(cycle, '2026-02-03T09:00:00Z')).to.equal('2026-02-04T09:00:00.000Z');
    });

    it('are due at a start that has passed, so the first firing happens at once', () => {
      expect(plan('R/2026-01-05T09:00:00Z/P1D')).to.deep.equal({
        dueAt: '2026-01-05T09:00:00.000Z',
        repetitions: null,
      });
    });

    it('read a start with an offset or without zone like a timer date', () => {
      expect(plan('R2/2026-02-02T17:00:00+08:00/PT1H').dueAt).to.equal('2026-02-02T09:00:00.000Z');
      expect(plan('R2/2026-02-02T09:00:00/PT1H').dueAt).to.equal('2026-02-02T09:00:00.000Z');
    });

    it('step from the previous due date, not from a late firing', () => {
      expect(next('R3/PT10H', '2026-01-31T18:00:00Z')).to.equal('2026-02-01T04:00:00.000Z');
    });

    it('step months from the previous due date, as Zeebe does (Jan 31, Feb 28, Mar 28)', () => {
      expect(next('R/P1M', '2026-01-31T08:00:00Z')).to.equal('2026-02-28T08:00:00.000Z');
      expect(next('R/P1M', '2026-02-28T08:00:00Z')).to.equal('2026-03-28T08:00:00.000Z');
    });

    it('keep the wall clock of a start given in a zone id across daylight saving', () => {
      const monthly = 'R/2026-03-01T10:00:00[Europe/Berlin]/P1M';
      expect(plan(monthly).dueAt).to.equal('2026-03-01T09:00:00.000Z');
      expect(next(monthly, '2026-03-01T09:00:00Z')).to.equal('2026-04-01T08:00:00.000Z');
      const daily = 'R/2026-03-28T10:00:00[Europe/Berlin]/P1D';
      expect(next(daily, '2026-03-28T09:00:00Z')).to.equal('2026-03-29T08:00:00.000Z');
    });

    it('skip firings missed before now when now is given, keeping the schedule', () => {
      expect(next('R/PT1H', '2026-01-01T00:00:00Z', '2026-01-31T08:20:00Z')).to.equal(
        '2026-01-31T09:00:00.000Z',
      );
      expect(next('R/PT1H', '2026-01-01T00:00:00Z', '2026-01-31T08:00:00Z')).to.equal(
        '2026-01-31T09:00:00.000Z',
      );
      expect(next('R/P1D', '2026-01-05T09:00:00Z', '2026-01-31T08:00:00Z')).to.equal(
        '2026-01-31T09:00:00.000Z',
      );
      expect(next('R/P1M', '2025-11-30T00:00:00Z', '2026-01-31T08:00:00Z')).to.equal(
        '2026-02-28T00:00:00.000Z',
      );
    });

    it('ignore now when the next firing is still ahead of it', () => {
      expect(next('R/PT1H', '2026-01-31T08:00:00Z', '2026-01-31T08:20:00Z')).to.equal(
        '2026-01-31T09:00:00.000Z',
      );
    });

    it('ignore surrounding whitespace', () => {
      expect(plan(' R3/PT10H\n')).to.deep.equal({ dueAt: '2026-01-31T18:00:00.000Z', repetitions: 3 });
    });
  });

  describe('as Spring cron expressions in UTC', () => {
    const weekdays = '0 0 9 * * MON-FRI';

    it('fire without end, first at the next match after now', () => {
      // NOW is a Saturday
      expect(plan(weekdays)).to.deep.equal({ dueAt: '2026-02-02T09:00:00.000Z', repetitions: null });
    });

    it('go from a Friday 10:00 to Monday 09:00', () => {
      expect(next(weekdays, '2026-01-30T10:00:00Z')).to.equal('2026-02-02T09:00:00.000Z');
    });

    it('give the next match strictly after the previous due date', () => {
      expect(next(weekdays, '2026-01-29T09:00:00Z')).to.equal('2026-01-30T09:00:00.000Z');
      expect(next(weekdays, '2026-01-29T08:59:59.500Z')).to.equal('2026-01-29T09:00:00.000Z');
    });

    it('give the next match after now when now is later than the previous due date', () => {
      expect(next(weekdays, '2026-01-20T09:00:00Z', '2026-01-30T10:00:00Z')).to.equal(
        '2026-02-02T09:00:00.000Z',
      );
    });

    it('accept ?, steps, names in any case, 7 for Sunday and macros', () => {
      expect(plan('0 0 9 ? * MON-FRI').dueAt).to.equal('2026-02-02T09:00:00.000Z');
      expect(plan('*/15 * * * * *').dueAt).to.equal('2026-01-31T08:00:15.000Z');
      expect(plan('5/20 * * * * *').dueAt).to.equal('2026-01-31T08:00:05.000Z');
      expect(plan('0 30 9 * jan-mar mon').dueAt).to.equal('2026-02-02T09:30:00.000Z');
      expect(plan('0 0 9 * * 7').dueAt).to.equal('2026-02-01T09:00:00.000Z');
      expect(plan('@daily').dueAt).to.equal('2026-02-01T00:00:00.000Z');
      expect(plan('@hourly').dueAt).to.equal('2026-01-31T09:00:00.000Z');
    });

    it('accept the last day of the month, the nearest weekday and the nth weekday', () => {
      expect(plan('0 0 12 L * ?').dueAt).to.equal('2026-01-31T12:00:00.000Z');
      expect(plan('0 0 12 15W * ?').dueAt).to.equal('2026-02-16T12:00:00.000Z');
      expect(plan('0 0 12 ? * FRI#2').dueAt).to.equal('2026-02-13T12:00:00.000Z');
    });

    it('require both day-of-month and day-of-week when both are given, as Spring does', () => {
      expect(plan('0 0 0 13 * FRI').dueAt).to.equal('2026-02-13T00:00:00.000Z');
      expect(next('0 0 0 13 * FRI', '2026-02-13T00:00:00Z')).to.equal('2026-03-13T00:00:00.000Z');
    });

    it('ignore surrounding whitespace', () => {
      expect(plan('  0 0 9 * * MON-FRI ').dueAt).to.equal('2026-02-02T09:00:00.000Z');
    });
  });
});
