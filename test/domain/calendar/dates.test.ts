import { expect } from 'chai';
import {
  CalendarError,
  addCalendarDays,
  shanghaiDayStart,
  shanghaiEndOfDay,
  shanghaiTimeOn,
  toShanghaiDate,
} from '../../../src/domain/calendar/index.js';

describe('Asia/Shanghai date helpers', () => {
  it('gives the Shanghai date of an instant, which is ahead of UTC by eight hours', () => {
    expect(toShanghaiDate(Date.parse('2026-02-13T15:59:59.999Z'))).to.equal('2026-02-13');
    expect(toShanghaiDate(Date.parse('2026-02-13T16:00:00.000Z'))).to.equal('2026-02-14');
    expect(toShanghaiDate(Date.parse('2025-12-31T23:30:00+08:00'))).to.equal('2025-12-31');
    expect(toShanghaiDate(Date.parse('2025-12-31T16:30:00Z'))).to.equal('2026-01-01');
  });

  it('starts a Shanghai day at local midnight and ends it one millisecond before the next', () => {
    expect(shanghaiDayStart('2026-02-14')).to.equal(Date.parse('2026-02-14T00:00:00.000+08:00'));
    expect(shanghaiEndOfDay('2026-02-14')).to.equal(Date.parse('2026-02-14T23:59:59.999+08:00'));
    expect(shanghaiEndOfDay('2026-02-14') + 1).to.equal(shanghaiDayStart('2026-02-15'));
  });

  it('places a time of day on a Shanghai date', () => {
    expect(shanghaiTimeOn('2025-10-11', 9)).to.equal(Date.parse('2025-10-11T09:00:00+08:00'));
    expect(shanghaiTimeOn('2025-10-11', 17, 30)).to.equal(Date.parse('2025-10-11T17:30:00+08:00'));
    expect(() => shanghaiTimeOn('2025-10-11', 24)).to.throw(RangeError);
  });

  it('adds calendar days across month and year ends, leap days included', () => {
    expect(addCalendarDays('2026-02-13', 15)).to.equal('2026-02-28');
    expect(addCalendarDays('2024-02-28', 1)).to.equal('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).to.equal('2025-12-31');
  });

  it('rejects invalid dates and instants with a CalendarError', () => {
    expect(() => shanghaiDayStart('2026-13-01')).to.throw(CalendarError, /YYYY-MM-DD/);
    expect(() => shanghaiEndOfDay('20260214')).to.throw(CalendarError);
    expect(() => toShanghaiDate(Number.NaN)).to.throw(CalendarError, /时间/);
  });
});
