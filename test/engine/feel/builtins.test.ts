import { expect } from 'chai';
import { FeelError, evaluateFeel } from '../../../src/engine/feel/index.js';

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const feel = (source: string, variables: Record<string, unknown> = {}, now = NOW) =>
  evaluateFeel(source, variables, now);

describe('FEEL built-ins', () => {
  it('is defined returns false for a missing variable and true for a present one', () => {
    expect(feel('is defined(x)')).to.equal(false);
    expect(feel('is defined(x.y)', { x: { z: 1 } })).to.equal(false);
    expect(feel('is defined(x)', { x: 0 })).to.equal(true);
  });

  it('get or else returns the default only for null', () => {
    expect(feel('get or else(x, "fallback")')).to.equal('fallback');
    expect(feel('get or else(x, "fallback")', { x: '' })).to.equal('');
  });

  it('assert returns the value when the condition holds and fails the evaluation otherwise', () => {
    expect(feel('assert(x, x > 0)', { x: 2 })).to.equal(2);
    expect(() => feel('assert(x, x > 0, "x must be positive")', { x: -1 }))
      .to.throw(FeelError)
      .with.property('message')
      .that.contains('x must be positive');
  });

  it('now follows the injected engine clock as a UTC date and time', () => {
    expect(feel('now()', {}, Date.UTC(2026, 0, 5, 10, 0, 0))).to.equal('2026-01-05T10:00:00Z');
    expect(feel('now()', {}, Date.UTC(2027, 6, 1, 23, 30, 15, 250))).to.equal('2027-07-01T23:30:15.25Z');
  });

  it('today follows the injected engine clock as the UTC calendar date', () => {
    expect(feel('today()', {}, Date.UTC(2026, 0, 5, 23, 59))).to.equal('2026-01-05');
    expect(feel('today()', {}, Date.UTC(2026, 0, 6, 0, 1))).to.equal('2026-01-06');
  });

  it('cycle builds ISO 8601 repeating intervals with and without repetitions', () => {
    expect(feel('cycle(3, duration("P1D"))')).to.equal('R3/P1D');
    expect(feel('cycle(duration("PT2H"))')).to.equal('R/PT2H');
    expect(feel('cycle(interval: duration("P1M"))')).to.equal('R/P1M');
  });

  it('last day of month gives the last date of the month, leap years included', () => {
    expect(feel('last day of month(date("2024-02-10"))')).to.equal('2024-02-29');
    expect(feel('last day of month(date and time("2026-04-10T10:00:00Z"))')).to.equal('2026-04-30');
  });

  it('years and months duration counts whole months only', () => {
    expect(feel('years and months duration(date("2026-01-04"), date("2027-03-05"))')).to.equal('P1Y2M');
    expect(feel('years and months duration(date("2026-01-04"), date("2027-03-01"))')).to.equal('P1Y1M');
  });

  it('date and time with a time zone converts a date and time into that zone', () => {
    expect(feel('date and time(now(), "Asia/Shanghai")')).to.equal('2026-01-05T18:00:00+08:00');
    expect(feel('date and time(date and time("2026-07-31T14:27:30"), "Z")')).to.equal('2026-07-31T14:27:30Z');
    expect(feel('date and time("2026-07-31T14:27:30+02:00")')).to.equal('2026-07-31T14:27:30+02:00');
  });

  it('is empty tells an empty list from a non-empty one', () => {
    expect(feel('is empty([])')).to.equal(true);
    expect(feel('is empty(items)', { items: ['a'] })).to.equal(false);
  });

  it('trim removes leading and trailing whitespace', () => {
    expect(feel('trim(s)', { s: '  信访 事项 \t\n' })).to.equal('信访 事项');
  });

  it('uuid returns a fresh random UUID on every call', () => {
    const [a, b] = feel('[uuid(), uuid()]') as string[];
    expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).to.not.equal(b);
  });

  it('to base64 encodes the UTF-8 bytes of a string', () => {
    expect(feel('to base64("FEEL")')).to.equal('RkVFTA==');
    expect(feel('to base64("信访")')).to.equal('5L+h6K6/');
  });

  it('is blank is true for empty and whitespace-only strings', () => {
    expect(feel('is blank("")')).to.equal(true);
    expect(feel('is blank(s)', { s: ' \t\u3000' })).to.equal(true);
    expect(feel('is blank(" a ")')).to.equal(false);
  });

  it('extract returns every match of a pattern', () => {
    expect(feel('extract("XF-2026-001, XF-2026-017", "XF-\\\\d{4}-\\\\d{3}")')).to.deep.equal([
      'XF-2026-001',
      'XF-2026-017',
    ]);
  });

  it('partition splits a list into sublists of the given size', () => {
    expect(feel('partition([1, 2, 3, 4, 5], 2)')).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(feel('partition([1, 2], 0)')).to.equal(null);
  });

  it('duplicate values lists each repeated value once', () => {
    expect(feel('duplicate values([1, 2, 1, "a", {k: 1}, "a", {k: 1}, 3, 1])')).to.deep.equal([
      1,
      'a',
      { k: 1 },
    ]);
  });

  it('string join accepts a delimiter, a prefix and a suffix and skips nulls', () => {
    expect(feel('string join(["a", null, "b"])')).to.equal('ab');
    expect(feel('string join(["a", "b"], ", ")')).to.equal('a, b');
    expect(feel('string join(["a", "b"], ", ", "[", "]")')).to.equal('[a, b]');
  });

  it('get value reads a key or a path of keys', () => {
    expect(feel('get value({a: 1}, "a")')).to.equal(1);
    expect(feel('get value(x, ["a", "b"])', { x: { a: { b: 'deep' } } })).to.equal('deep');
    expect(feel('get value(x, ["a", "missing"])', { x: { a: {} } })).to.equal(null);
  });

  it('context put adds a key and creates missing contexts along a key path', () => {
    expect(feel('context put({a: 1}, "b", 2)')).to.deep.equal({ a: 1, b: 2 });
    expect(feel('context put(x, ["a", "b", "c"], 3)', { x: { a: { k: 0 } } })).to.deep.equal({
      a: { k: 0, b: { c: 3 } },
    });
  });

  it('random number returns a number in [0, 1)', () => {
    const value = feel('random number()') as number;
    expect(value).to.be.a('number').within(0, 1).and.not.equal(1);
  });
});

describe('FEEL built-ins provided by feelin', () => {
  it('context merge merges a list of contexts, later entries winning', () => {
    expect(feel('context merge([{a: 1, b: 1}, {b: 2}])')).to.deep.equal({ a: 1, b: 2 });
  });

  it('get entries lists the key and value of each entry', () => {
    expect(feel('get entries({a: 1})')).to.deep.equal([{ key: 'a', value: 1 }]);
  });

  it('distinct values drops repeated values', () => {
    expect(feel('distinct values([1, 2, 1])')).to.deep.equal([1, 2]);
  });

  it('split splits a string at a delimiter pattern', () => {
    expect(feel('split("a, b,c", ",\\\\s*")')).to.deep.equal(['a', 'b', 'c']);
  });
});
