import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import {
  idNumberCheckCharacter,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../../src/domain/petitioners/index.js';

function code(work: () => unknown): string {
  try {
    work();
  } catch (error: unknown) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'none';
}

describe('identity fields', () => {
  it('computes the GB 11643 check character', () => {
    // The standard's own example.
    expect(idNumberCheckCharacter('11010519491231002')).to.equal('X');
  });

  it('accepts an ID number with a lower-case x and blanks, and normalises it', () => {
    expect(normalizeIdNumber(' 110105 19491231 002x ')).to.equal('11010519491231002X');
  });

  it('rejects an ID number with a wrong check digit or length', () => {
    expect(code(() => normalizeIdNumber('110105194912310021'))).to.equal('invalid-input');
    expect(code(() => normalizeIdNumber('11010519491231'))).to.equal('invalid-input');
  });

  it('masks an ID number to its region code and last four characters', () => {
    expect(maskIdNumber('110101199003071234')).to.equal('110101********1234');
  });

  it('masks a mobile number to its first three and last four digits', () => {
    expect(maskPhone(normalizePhone('138 1234 5678'))).to.equal('138****5678');
  });

  it('accepts a mobile number with the country code and a landline with its area code', () => {
    expect(normalizePhone('+86 138-1234-5678')).to.equal('13812345678');
    expect(normalizePhone('0571-88889999')).to.equal('057188889999');
    expect(maskPhone('057188889999')).to.equal('057*****9999');
  });

  it('rejects what is not a phone number', () => {
    expect(code(() => normalizePhone('12345'))).to.equal('invalid-input');
    expect(code(() => normalizePhone('23812345678'))).to.equal('invalid-input');
  });
});
