import { expect } from 'chai';
import {
  COUNTY_TARGETS,
  DeadlineRuleError,
  LEGAL_CAPS,
  describeDeadlineRule,
  parseDeadlineRule,
} from '../../../src/domain/deadlines/index.js';

function ruleError(input: unknown): DeadlineRuleError {
  try {
    parseDeadlineRule(input);
  } catch (error: unknown) {
    if (error instanceof DeadlineRuleError) return error;
    throw error;
  }
  throw new Error('expected a DeadlineRuleError');
}

describe('deadline rules', () => {
  it('sets the county targets to "520" and "210" in working days, counted from the next day', () => {
    expect(COUNTY_TARGETS).to.deep.equal({
      normal: {
        accept: { amount: 5, unit: 'working', starts: 'next-day' },
        handle: { amount: 20, unit: 'working', starts: 'next-day' },
      },
      simplified: {
        accept: { amount: 2, unit: 'working', starts: 'next-day' },
        handle: { amount: 10, unit: 'working', starts: 'next-day' },
      },
    });
  });

  it('sets the legal caps in calendar days, except the five-working-day objection', () => {
    expect(LEGAL_CAPS).to.deep.equal({
      accept: { amount: 15, unit: 'calendar', starts: 'next-day' },
      handle: { amount: 60, unit: 'calendar', starts: 'next-day' },
      extension: { amount: 30, unit: 'calendar', starts: 'next-day' },
      objection: { amount: 5, unit: 'working', starts: 'next-day' },
      recheckRequest: { amount: 30, unit: 'calendar', starts: 'next-day' },
      recheckDecision: { amount: 30, unit: 'calendar', starts: 'next-day' },
    });
  });

  it('keeps the built-in rules from being changed at run time', () => {
    expect(Object.isFrozen(COUNTY_TARGETS.normal.accept)).to.be.true;
    expect(Object.isFrozen(LEGAL_CAPS)).to.be.true;
  });

  it('describes a rule in Chinese for the UI', () => {
    expect(describeDeadlineRule(COUNTY_TARGETS.normal.accept)).to.equal('5 个工作日（次日起算）');
    expect(describeDeadlineRule({ amount: 15, unit: 'calendar', starts: 'same-day' })).to.equal(
      '15 个自然日（当日起算）',
    );
  });

  describe('parsing a rule from configuration', () => {
    it('accepts a well-formed rule and returns a copy', () => {
      const input = { amount: 20, unit: 'working', starts: 'next-day' };
      const rule = parseDeadlineRule(input);
      expect(rule).to.deep.equal(input);
      expect(rule).not.to.equal(input);
    });

    it('rejects a value that is not an object', () => {
      for (const input of [null, undefined, 5, 'working', []]) {
        const error = ruleError(input);
        expect(error.field).to.equal('');
        expect(error.message).to.match(/^期限规则必须是包含 amount、unit、starts 的对象/);
      }
    });

    it('names amount when the number of days is missing, not a whole number or out of range', () => {
      expect(ruleError({ unit: 'working', starts: 'next-day' }).message).to.equal(
        '期限规则的 amount（天数）必须是 1 到 366 之间的整数，实际为 （未填写）',
      );
      expect(ruleError({ amount: '5', unit: 'working', starts: 'next-day' }).message).to.equal(
        '期限规则的 amount（天数）必须是 1 到 366 之间的整数，实际为 “5”',
      );
      for (const amount of [0, -3, 1.5, 367, Number.NaN, Number.POSITIVE_INFINITY]) {
        const error = ruleError({ amount, unit: 'calendar', starts: 'next-day' });
        expect(error.field, String(amount)).to.equal('amount');
        expect(error.detail).to.contain('amount');
      }
    });

    it('names unit when the counting method is unknown', () => {
      const error = ruleError({ amount: 5, unit: 'days', starts: 'next-day' });
      expect(error.field).to.equal('unit');
      expect(error.message).to.equal(
        '期限规则的 unit（计算方式）必须是 calendar（自然日）或 working（工作日），实际为 “days”',
      );
    });

    it('names starts when the first day is missing or unknown', () => {
      const missing = ruleError({ amount: 5, unit: 'working' });
      expect(missing.field).to.equal('starts');
      expect(missing.message).to.equal(
        '期限规则的 starts（起算日）必须是 same-day（当日起算）或 next-day（次日起算），实际为 （未填写）',
      );
      expect(ruleError({ amount: 5, unit: 'working', starts: true }).message).to.match(
        /starts.*实际为 true$/,
      );
    });

    it('names a field it does not know, such as a misspelt one', () => {
      const error = ruleError({ amount: 5, unit: 'working', start: 'next-day' });
      expect(error.field).to.equal('start');
      expect(error.message).to.equal(
        '期限规则含有未知字段 start，只允许 amount（天数）、unit（计算方式）、starts（起算日）',
      );
    });
  });
});
