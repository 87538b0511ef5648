import { expect } from 'chai';
import { planTimer } from '../../../src/engine/timers/index.js';
import { NOW, at, iso } from './helpers.js';

const due = (text: string) => iso(planTimer('date', text, NOW).dueAt);

describe('timer dates', () => {
  it('fire once at the given UTC instant', () => {
    expect(planTimer('date', '2026-02-05T10:00:00Z', NOW)).to.deep.equal({
      dueAt: at('2026-02-05T10:00:00Z'),
      repetitions: 1,
    });
  });

  it('honour an offset', () => {
    expect(due('2026-02-05T18:00:00+08:00')).to.equal('2026-02-05T10:00:00.000Z');
    expect(due('2026-02-05T05:30:00-04:30')).to.equal('2026-02-05T10:00:00.000Z');
  });

  it('read a date-time without zone as UTC, as Camunda does', () => {
    expect(due('2026-02-05T10:00:00')).to.equal('2026-02-05T10:00:00.000Z');
    expect(due('2026-02-05T10:00')).to.equal('2026-02-05T10:00:00.000Z');
  });

  it('read a wall clock in a bracketed zone id', () => {
    expect(due('2026-01-05T10:00:00[Asia/Shanghai]')).to.equal('2026-01-05T02:00:00.000Z');
    expect(due('2026-07-05T10:00:00[Europe/Berlin]')).to.equal('2026-07-05T08:00:00.000Z');
  });

  it('take the instant from the offset when both an offset and a zone id are given', () => {
    expect(due('2026-01-05T18:00:00+08:00[Asia/Shanghai]')).to.equal('2026-01-05T10:00:00.000Z');
  });

  it('resolve daylight-saving gaps and overlaps in a zone id as java.time does', () => {
    // clocks jump 02:00 -> 03:00: 02:30 becomes 03:30 summer time
    expect(due('2026-03-29T02:30:00[Europe/Berlin]')).to.equal('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice: the earlier one (still summer time) wins
    expect(due('2026-10-25T02:30:00[Europe/Berlin]')).to.equal('2026-10-25T00:30:00.000Z');
  });

  it('keep milliseconds and drop finer fractions', () => {
    expect(due('2026-02-05T10:00:00.123456789Z')).to.equal('2026-02-05T10:00:00.123Z');
  });

  it('are due at that past instant when the date has passed, so the scheduler fires them at once', () => {
    expect(planTimer('date', '2026-01-05T10:00:00Z', NOW)).to.deep.equal({
      dueAt: at('2026-01-05T10:00:00Z'),
      repetitions: 1,
    });
  });

  it('ignore surrounding whitespace', () => {
    expect(due(' 2026-02-05T10:00:00Z \t')).to.equal('2026-02-05T10:00:00.000Z');
  });
});
