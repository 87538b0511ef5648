// Query-string parameters as the list pages send them: repeatable or comma-separated lists,
// yes/no flags, calendar days and page numbers, each refused with a message in Chinese that
// names the parameter.
import { z } from 'zod';
import { dayNumber } from '../../domain/calendar/dates.js';

/** A code of the reference data (category, area, unit). */
export const codeParam = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, { message: `${label}的代码格式不正确` });

/** `a,b` or `?x=a&x=b`: each value must be one of `values`. */
export function listParam<const T extends readonly string[]>(values: T, label: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((input) =>
      (Array.isArray(input) ? input : [input])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .superRefine((items, context) => {
      const unknown = items.filter((item) => !values.includes(item));
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `${label}的取值无效：${unknown.join('、')}，应为：${values.join('、')}`,
        });
      }
    })
    .transform((items) => [...new Set(items)] as T[number][]);
}

export const flagParam = (label: string) =>
  z
    .string()
    .refine((value) => ['true', 'false', '1', '0'].includes(value), {
      message: `${label}应为 true 或 false`,
    })
    .transform((value) => value === 'true' || value === '1');

/** A calendar day YYYY-MM-DD (Asia/Shanghai). */
export const dayParam = (label: string) =>
  z.string().superRefine((value, context) => {
    let valid = /^\d{4}-\d{2}-\d{2}$/.test(value);
    if (valid) {
      try {
        dayNumber(value);
      } catch {
        valid = false;
      }
    }
    if (!valid) context.addIssue({ code: 'custom', message: `${label}应为有效日期，格式 YYYY-MM-DD` });
  });

/** A whole number from `min` to `max`. */
export const intParam = (label: string, min: number, max: number) =>
  z
    .string()
    .refine((value) => /^\d{1,9}$/.test(value) && Number(value) >= min && Number(value) <= max, {
      message: `${label}应为 ${min} 到 ${max} 之间的整数`,
    })
    .transform(Number);
