import { expect } from 'chai';
import {
  FeelError,
  evaluateCondition,
  evaluateDateTime,
  evaluateFeel,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  feelSyntaxError,
} from '../../../src/engine/feel/index.js';

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

function failure(run: () => unknown): FeelError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(FeelError);
    return error as FeelError;
  }
  expect.fail('expected a FeelError');
}

describe('evaluateFeel', () => {
  it('evaluates against plain JSON variables, including names with spaces', () => {
    const variables = { petition: { level: 2, tags: ['a', 'b'] }, 'due days': 15 };
    expect(evaluateFeel('petition.level * due days', variables, NOW)).to.equal(30);
    expect(evaluateFeel('{n: count(petition.tags), first: petition.tags[1]}', variables, NOW)).to.deep.equal({
      n: 2,
      first: 'a',
    });
  });

  it('finds names written with other spacing, and names with operators in them', () => {
    const variables = { 'due  days': 15, 'unit-code': 'A7', unit: 1, code: 2, other: { big: [1, 2, 3] } };
    expect(evaluateFeel('due days + 1', variables, NOW)).to.equal(16);
    expect(evaluateFeel('unit-code', variables, NOW)).to.equal('A7');
    expect(evaluateFeel('unit - code', variables, NOW)).to.equal('A7');
    expect(evaluateFeel('get or else(missing, "none")', variables, NOW)).to.equal('none');
    expect(evaluateFeel('get  or   else(null, 1)', variables, NOW)).to.equal(1);
  });

  it('evaluates an undefined variable to null', () => {
    expect(evaluateFeel('missing', {}, NOW)).to.equal(null);
    expect(evaluateFeel('missing.field', {}, NOW)).to.equal(null);
  });

  it('converts temporal results to ISO 8601 strings', () => {
    const source = `{
      utc: date and time("2026-01-05T10:00:00Z"),
      offset: date and time("2026-01-05T10:00:00+08:00"),
      zone: date and time("2026-01-05T10:00:00@Asia/Shanghai"),
      local: date and time("2026-01-05T10:00:00"),
      day: date("2026-01-05"),
      clock: time("08:30:00Z"),
      days: duration("P1D"),
      hours: duration("PT2H"),
      months: duration("P14M"),
      list: [date("2026-02-01")]
    }`;
    expect(evaluateFeel(source, {}, NOW)).to.deep.equal({
      utc: '2026-01-05T10:00:00Z',
      offset: '2026-01-05T10:00:00+08:00',
      zone: '2026-01-05T10:00:00+08:00',
      local: '2026-01-05T10:00:00',
      day: '2026-01-05',
      clock: '08:30:00Z',
      days: 'P1D',
      hours: 'PT2H',
      months: 'P1Y2M',
      list: ['2026-02-01'],
    });
  });

  it('does duration arithmetic on dates and times', () => {
    expect(evaluateFeel('date and time("2026-01-05T10:00:00Z") - duration("P1D")', {}, NOW)).to.equal(
      '2026-01-04T10:00:00Z',
    );
    expect(evaluateFeel('now() + duration("PT36H")', {}, NOW)).to.equal('2026-01-06T22:00:00Z');
    expect(evaluateFeel('date("2026-01-31") + duration("P1M")', {}, NOW)).to.equal('2026-02-28');
    expect(
      evaluateFeel('date and time("2026-01-05T10:00:00Z") - date and time("2026-01-04T08:00:00Z")', {}, NOW),
    ).to.equal('P1DT2H');
  });

  it('keeps built-in functions callable when a variable has the same name', () => {
    const variables = { count: 3, now: 'stored', items: [1, 2] };
    expect(evaluateFeel('[count, count(items), now, now()]', variables, NOW)).to.deep.equal([
      3,
      2,
      'stored',
      '2026-01-05T10:00:00Z',
    ]);
  });

  it('throws a FeelError naming the expression on a syntax error', () => {
    const error = failure(() => evaluateFeel('a +', { a: 1 }, NOW));
    expect(error.expression).to.equal('a +');
    expect(error.message).to.equal(
      "failed to evaluate expression 'a +': unexpected end of expression at column 4 (incomplete arithmetic expression)",
    );
  });
});

describe('feelSyntaxError', () => {
  it('describes the first syntax error and accepts valid expressions', () => {
    expect(feelSyntaxError('a +')).to.equal(
      'unexpected end of expression at column 4 (incomplete arithmetic expression)',
    );
    expect(feelSyntaxError('1 2')).to.equal("unexpected '2' at column 3");
    expect(feelSyntaxError('')).to.equal('the expression is empty');
    expect(feelSyntaxError('get or else(order total, 0) > 100')).to.equal(undefined);
  });
});

describe('evaluateCondition', () => {
  it('returns the boolean result', () => {
    expect(evaluateCondition('level >= 2', { level: 3 }, NOW)).to.equal(true);
  });

  it('rejects a non-boolean result with Zeebe wording and the warnings', () => {
    expect(failure(() => evaluateCondition('level >= 2', {}, NOW)).message).to.equal(
      "Expected result of the expression 'level >= 2' to be 'BOOLEAN', but was 'NULL'." +
        ' The evaluation reported the following warnings:\n' +
        "[NO_VARIABLE_FOUND] No variable found with name 'level'",
    );
    expect(failure(() => evaluateCondition('"yes"', {}, NOW)).message).to.equal(
      "Expected result of the expression '\"yes\"' to be 'BOOLEAN', but was 'STRING'.",
    );
  });
});

describe('typed evaluation', () => {
  it('evaluateString and evaluateNumber name the actual type of a wrong result', () => {
    expect(evaluateString('"xf-" + kind', { kind: 'intake' }, NOW)).to.equal('xf-intake');
    expect(evaluateNumber('days * 2', { days: 7 }, NOW)).to.equal(14);
    expect(failure(() => evaluateString('days', { days: 7 }, NOW)).message).to.equal(
      "Expected result of the expression 'days' to be 'STRING', but was 'NUMBER'.",
    );
    expect(failure(() => evaluateNumber('duration("P1D")', {}, NOW)).message).to.equal(
      "Expected result of the expression 'duration(\"P1D\")' to be 'NUMBER', but was 'DURATION'.",
    );
  });

  it('evaluateStringList accepts a list of strings', () => {
    expect(evaluateStringList('groups', { groups: ['county', 'township'] }, NOW)).to.deep.equal([
      'county',
      'township',
    ]);
    expect(failure(() => evaluateStringList('[1]', {}, NOW)).message).to.contain("containing 'STRING' items");
  });

  it('evaluateStringList accepts a comma-separated string', () => {
    expect(evaluateStringList('"county,township"', {}, NOW)).to.deep.equal(['county', 'township']);
    expect(evaluateStringList('groups', { groups: 'county, township, ' }, NOW)).to.deep.equal([
      'county',
      'township',
    ]);
  });

  it('evaluateDateTime reads zone-less date-times as UTC', () => {
    expect(evaluateDateTime('"2026-01-05T10:00:00"', {}, NOW)).to.equal('2026-01-05T10:00:00Z');
    expect(evaluateDateTime('date and time("2026-01-05T10:00:00")', {}, NOW)).to.equal(
      '2026-01-05T10:00:00Z',
    );
  });

  it('evaluateDateTime keeps offsets and resolves zone names', () => {
    expect(evaluateDateTime('due', { due: '2026-01-05T10:00:00+08:00' }, NOW)).to.equal(
      '2026-01-05T10:00:00+08:00',
    );
    expect(evaluateDateTime('"2026-07-05T10:00:00@Europe/Berlin"', {}, NOW)).to.equal(
      '2026-07-05T10:00:00+02:00',
    );
    expect(evaluateDateTime('now() + duration("P3D")', {}, NOW)).to.equal('2026-01-08T10:00:00Z');
  });

  it('evaluateDateTime rejects text that is not a date-time', () => {
    expect(failure(() => evaluateDateTime('"2026-01-05"', {}, NOW)).message).to.equal(
      "Invalid date-time format '2026-01-05' for expression '\"2026-01-05\"'.",
    );
    expect(failure(() => evaluateDateTime('date("2026-01-05")', {}, NOW)).message).to.equal(
      "Expected result of the expression 'date(\"2026-01-05\")' to be one of '[DATE_TIME, STRING]', but was 'DATE'.",
    );
  });
});
