import { expect } from 'chai';
import fc from 'fast-check';
import { beijingDay, formatInstant } from '../../src/web/lib/time.js';

// The pages' own Beijing-time formatting must agree with the time-zone database on every instant
// the system can hold.
const ZONED = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('web: Beijing time', () => {
  it('agrees with the time-zone database from 1992 to 2100', () => {
    const from = Date.parse('1992-01-01T00:00:00Z');
    const to = Date.parse('2100-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(formatInstant(iso)).to.equal(ZONED.format(ms));
        expect(beijingDay(ms)).to.equal(ZONED.format(ms).slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns the day at 16:00 UTC, and answers the stand-in for a missing or unreadable instant', () => {
    expect(formatInstant('2026-12-31T15:59:59.999Z')).to.equal('2026-12-31 23:59');
    expect(formatInstant('2026-12-31T16:00:00.000Z')).to.equal('2027-01-01 00:00');
    expect(formatInstant(null, '—')).to.equal('—');
    expect(formatInstant('', '—')).to.equal('—');
    expect(formatInstant('not a date')).to.equal('not a date');
  });
});
