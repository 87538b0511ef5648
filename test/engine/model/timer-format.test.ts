import { expect } from 'chai';
import {
  isCron,
  isIsoDateTime,
  isIsoDuration,
  isRepeatingInterval,
  staticTimerProblem,
} from '../../../src/engine/model/timer-format.js';

describe('static timer values', () => {
  it('accepts ISO 8601 durations and rejects other text', () => {
    for (const text of ['PT1H', 'P1D', 'P5D', 'PT15M', 'P1DT12H', 'P2W', 'P1Y2M3DT4H5M6S', 'PT0.5S']) {
      expect(isIsoDuration(text), text).to.equal(true);
    }
    for (const text of ['P', 'PT', 'P1DT', '1H', 'PT1H30', '5 minutes', 'pt1h', '']) {
      expect(isIsoDuration(text), text).to.equal(false);
    }
  });

  it('accepts ISO 8601 date-times with an offset', () => {
    for (const text of [
      '2026-01-01T00:00:00Z',
      '2026-01-31T09:00:00+08:00',
      '2026-01-31T09:00Z',
      '2026-01-31T09:00:00.250Z',
      '2026-01-31T09:00:00+08:00[Asia/Shanghai]',
    ]) {
      expect(isIsoDateTime(text), text).to.equal(true);
    }
    for (const text of ['2026-01-31', '2026-01-31T09:00:00', '2026-13-01T00:00:00Z', '31.01.2026 09:00']) {
      expect(isIsoDateTime(text), text).to.equal(false);
    }
  });

  it('accepts repeating intervals with a count, forever, or from a start date', () => {
    for (const text of ['R3/PT1H', 'R/P1D', 'R2/PT12H', 'R3/2026-01-01T00:00:00Z/P1D']) {
      expect(isRepeatingInterval(text), text).to.equal(true);
    }
    for (const text of ['R3', 'R3/', 'RX/PT1H', 'R3/PT1H/PT1H', 'PT1H', 'R3/2026-01-01/P1D']) {
      expect(isRepeatingInterval(text), text).to.equal(false);
    }
  });

  it('accepts six-field Spring cron expressions and macros', () => {
    for (const text of ['0 0 9 * * MON-FRI', '0 */15 * * * *', '0 0 0 L * ?', '0 0 12 ? * 6#3', '@daily']) {
      expect(isCron(text), text).to.equal(true);
    }
    for (const text of ['0 9 * * MON-FRI', '* * * * * * *', 'every day', '@sometimes']) {
      expect(isCron(text), text).to.equal(false);
    }
  });

  it('checks each value against its timer kind', () => {
    expect(staticTimerProblem('duration', 'PT1H')).to.equal(undefined);
    expect(staticTimerProblem('duration', 'R3/PT1H')).to.match(/not an ISO 8601 duration/);
    expect(staticTimerProblem('date', '2026-01-01T00:00:00Z')).to.equal(undefined);
    expect(staticTimerProblem('date', 'PT1H')).to.match(/not an ISO 8601 date-time/);
    expect(staticTimerProblem('cycle', 'R3/PT1H')).to.equal(undefined);
    expect(staticTimerProblem('cycle', '0 0 9 * * MON-FRI')).to.equal(undefined);
    expect(staticTimerProblem('cycle', 'PT1H')).to.match(/neither an ISO 8601 repeating interval/);
  });
});
