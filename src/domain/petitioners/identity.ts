// ID numbers (居民身份证号码, GB 11643) and phone numbers: normalisation, validation, masking.
import { invalidInput } from '../errors.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

/** The check character (0–9 or X) of the first 17 digits of an ID number. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('Expected the first 17 digits of an ID number');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARACTERS[sum % 11] ?? '';
}

/** The 18-character ID number without blanks and with an upper-case X; throws if it is not valid. */
export function normalizeIdNumber(input: string): string {
  const value = input.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) {
    throw invalidInput(
      '身份证号码应为 18 位（最后一位可以是 X）',
      'An ID number has 17 digits and a check digit or X',
    );
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) {
    throw invalidInput('身份证号码校验位不正确，请核对', 'The ID number check digit does not match');
  }
  return value;
}

/** 110101********1234: the region code and the last four characters. */
export function maskIdNumber(normalized: string): string {
  return `${normalized.slice(0, 6)}${'*'.repeat(Math.max(normalized.length - 10, 1))}${normalized.slice(-4)}`;
}

/** A mainland mobile number (11 digits) or a landline with its area code, digits only. */
export function normalizePhone(input: string): string {
  const value = input.replace(/[\s-]+/g, '').replace(/^(\+86|0086)/, '');
  if (!/^1[3-9]\d{9}$/.test(value) && !/^0\d{9,11}$/.test(value)) {
    throw invalidInput(
      '电话号码无效：应为 11 位手机号码，或带区号的固定电话',
      'A phone number is an 11-digit mobile number or a landline with its area code',
    );
  }
  return value;
}

/** 138****5678: the first three and the last four digits. */
export function maskPhone(normalized: string): string {
  return `${normalized.slice(0, 3)}${'*'.repeat(Math.max(normalized.length - 7, 1))}${normalized.slice(-4)}`;
}
