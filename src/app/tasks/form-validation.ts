// Checks the variables submitted for a user task against the task's Camunda Form (form-js JSON),
// as the form in the browser would: required fields present and not empty, choices among the
// declared options, numbers as numbers, text as text within its limits, no keys the form does not
// have and no values for read-only fields. Fields hidden by their `conditional.hide` (FEEL) are not
// required; the condition sees the process variables with the submitted ones laid over them.
import { evaluate } from 'feelin';
import type { FieldError } from '../problem.js';

interface FormComponent {
  type?: unknown;
  key?: unknown;
  path?: unknown;
  label?: unknown;
  validate?: {
    required?: unknown;
    min?: unknown;
    max?: unknown;
    minLength?: unknown;
    maxLength?: unknown;
    pattern?: unknown;
    validationType?: unknown;
  };
  values?: unknown;
  valuesKey?: unknown;
  valuesExpression?: unknown;
  conditional?: { hide?: unknown };
  disabled?: unknown;
  readonly?: unknown;
  components?: unknown;
  subtype?: unknown;
  serializeToString?: unknown;
}

/** Components that hold no value: they never take a key in the submission. */
const PRESENTATION_TYPES = new Set([
  'text',
  'html',
  'image',
  'separator',
  'spacer',
  'table',
  'iframe',
  'button',
  'documentPreview',
]);
const CHOICE_TYPES = new Set(['radio', 'select']);
const MULTI_CHOICE_TYPES = new Set(['checklist', 'taglist']);
const TEXT_TYPES = new Set(['textfield', 'textarea']);

type Data = Record<string, unknown>;

interface Field {
  /** The variable path: key segments, under the paths of enclosing groups. */
  path: string[];
  component: FormComponent;
  hidden: boolean;
}

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function feel(expression: unknown, context: Data): { ok: true; value: unknown } | { ok: false } {
  if (typeof expression !== 'string') return { ok: false };
  const text = expression.trim().replace(/^=/, '');
  try {
    return { ok: true, value: evaluate(text, context).value };
  } catch {
    return { ok: false };
  }
}

/** A component's hide condition; one that cannot be evaluated leaves the field shown (and so checked). */
function isHidden(component: FormComponent, context: Data): boolean {
  const hide = component.conditional?.hide;
  if (hide === undefined || hide === null || hide === '') return false;
  const result = feel(hide, context);
  return result.ok && result.value === true;
}

function collectFields(
  components: unknown,
  prefix: string[],
  context: Data,
  hiddenAbove: boolean,
  into: Field[],
): void {
  if (!Array.isArray(components)) return;
  for (const raw of components as unknown[]) {
    if (!isObject(raw)) continue;
    const component = raw as FormComponent;
    const hidden = hiddenAbove || isHidden(component, context);
    const type = typeof component.type === 'string' ? component.type : '';
    if (type === 'group' || type === 'dynamiclist') {
      const path =
        typeof component.path === 'string' && component.path !== '' ? component.path.split('.') : [];
      if (type === 'dynamiclist' && path.length > 0) {
        into.push({ path: [...prefix, ...path], component, hidden });
      } else {
        collectFields(component.components, [...prefix, ...path], context, hidden, into);
      }
      continue;
    }
    if (PRESENTATION_TYPES.has(type)) continue;
    if (typeof component.key !== 'string' || component.key === '') continue;
    into.push({ path: [...prefix, ...component.key.split('.')], component, hidden });
  }
}

function valueAt(data: Data, path: readonly string[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (!isObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** The declared options (static values, a variable named by valuesKey, or a FEEL valuesExpression); undefined when unknown. */
function optionsOf(component: FormComponent, context: Data): unknown[] | undefined {
  let list: unknown;
  if (Array.isArray(component.values)) list = component.values;
  else if (typeof component.valuesKey === 'string') list = valueAt(context, component.valuesKey.split('.'));
  else if (component.valuesExpression !== undefined) {
    const result = feel(component.valuesExpression, context);
    list = result.ok ? result.value : undefined;
  }
  if (!Array.isArray(list)) return undefined;
  return (list as unknown[]).map((option) => (isObject(option) && 'value' in option ? option.value : option));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function labelOf(field: Field): string {
  const label = field.component.label;
  return typeof label === 'string' && label.trim() !== '' ? label.trim() : field.path.join('.');
}

function checkValue(field: Field, value: unknown, context: Data): string | undefined {
  const { component } = field;
  const type = typeof component.type === 'string' ? component.type : '';
  const label = `“${labelOf(field)}”`;
  const rules = component.validate ?? {};
  if (TEXT_TYPES.has(type)) {
    if (typeof value !== 'string') return `${label}应为文字`;
    const length = [...value].length;
    if (typeof rules.minLength === 'number' && length < rules.minLength)
      return `${label}至少需要 ${rules.minLength} 个字`;
    if (typeof rules.maxLength === 'number' && length > rules.maxLength)
      return `${label}不能超过 ${rules.maxLength} 个字`;
    if (typeof rules.pattern === 'string' && rules.pattern !== '') {
      try {
        if (!new RegExp(rules.pattern).test(value)) return `${label}的格式不正确`;
      } catch {
        // A pattern JavaScript cannot read is the form's problem, not the clerk's.
      }
    }
    if (rules.validationType === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
      return `${label}应为电子邮件地址`;
    if (rules.validationType === 'phone' && !/^\+?[\d\s-]{5,20}$/.test(value)) return `${label}应为电话号码`;
    return undefined;
  }
  if (type === 'number') {
    const number = typeof value === 'string' && component.serializeToString === true ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) return `${label}应为数字`;
    if (typeof rules.min === 'number' && number < rules.min) return `${label}不能小于 ${rules.min}`;
    if (typeof rules.max === 'number' && number > rules.max) return `${label}不能大于 ${rules.max}`;
    return undefined;
  }
  if (type === 'checkbox') return typeof value === 'boolean' ? undefined : `${label}应为“是”或“否”`;
  if (CHOICE_TYPES.has(type) || MULTI_CHOICE_TYPES.has(type)) {
    const options = optionsOf(component, context);
    const chosen = MULTI_CHOICE_TYPES.has(type) ? value : [value];
    if (!Array.isArray(chosen)) return `${label}应为列表`;
    if (options === undefined) return undefined;
    const wrong = (chosen as unknown[]).filter((item) => !options.some((option) => sameValue(option, item)));
    if (wrong.length > 0) {
      return `${label}的取值无效：${wrong.map((item) => JSON.stringify(item)).join('、')}；可选：${options.map(String).join('、')}`;
    }
    return undefined;
  }
  if (type === 'datetime') {
    if (typeof value !== 'string') return `${label}应为日期或时间`;
    const subtype = component.subtype;
    const valid =
      subtype === 'date'
        ? /^\d{4}-\d{2}-\d{2}$/.test(value)
        : subtype === 'time'
          ? /^\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$/.test(value)
          : !Number.isNaN(Date.parse(value));
    return valid ? undefined : `${label}的日期格式不正确`;
  }
  if (type === 'dynamiclist') {
    return Array.isArray(value) && value.every(isObject) ? undefined : `${label}应为列表`;
  }
  return undefined;
}

function checkUnknownKeys(
  submitted: Data,
  fields: readonly Field[],
  prefix: string[],
  errors: FieldError[],
): void {
  for (const [key, value] of Object.entries(submitted)) {
    const path = [...prefix, key];
    const exact = fields.some(
      (field) => field.path.length === path.length && field.path.every((s, i) => s === path[i]),
    );
    if (exact) continue;
    const above = fields.some(
      (field) => field.path.length > path.length && path.every((s, i) => s === field.path[i]),
    );
    if (above && isObject(value)) {
      checkUnknownKeys(value, fields, path, errors);
      continue;
    }
    errors.push({ field: `variables.${path.join('.')}`, message: `表单中没有字段“${path.join('.')}”` });
  }
}

/** Parses a form-js schema as the REST API gives it: JSON text (Camunda 8.8) or an object. */
export function parseFormSchema(schema: unknown): Data | undefined {
  if (typeof schema === 'string') {
    try {
      const parsed: unknown = JSON.parse(schema);
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isObject(schema) ? schema : undefined;
}

/**
 * Field errors of `submitted` against the form; empty when it may be submitted. `processVariables`
 * are the values the task sees (for hide conditions and option lists).
 */
export function validateFormSubmission(form: Data, submitted: Data, processVariables: Data): FieldError[] {
  const context: Data = { ...processVariables, ...submitted };
  const fields: Field[] = [];
  collectFields(form.components, [], context, false, fields);
  const errors: FieldError[] = [];
  checkUnknownKeys(submitted, fields, [], errors);
  for (const field of fields) {
    const name = `variables.${field.path.join('.')}`;
    const value = valueAt(submitted, field.path);
    const present = value !== undefined;
    const readOnly = field.component.disabled === true || field.component.readonly === true;
    if (present && readOnly) {
      errors.push({ field: name, message: `“${labelOf(field)}”是只读字段，不能提交` });
      continue;
    }
    if (!field.hidden && !readOnly && field.component.validate?.required === true && isEmpty(value)) {
      const type = field.component.type;
      const verb =
        typeof type === 'string' && (CHOICE_TYPES.has(type) || MULTI_CHOICE_TYPES.has(type))
          ? '请选择'
          : '请填写';
      errors.push({ field: name, message: `${verb}“${labelOf(field)}”` });
      continue;
    }
    // An optional field left empty is fine; its length and pattern rules apply to what is written.
    if (isEmpty(value)) continue;
    const problem = checkValue(field, value, context);
    if (problem !== undefined) errors.push({ field: name, message: problem });
  }
  return errors;
}

/** The submitted values of the form's choice fields (radio, select, checkbox …): the decisions, for the timeline. */
export function submittedChoices(form: Data, submitted: Data): Data {
  const fields: Field[] = [];
  collectFields(form.components, [], {}, false, fields);
  const choices: Data = {};
  for (const field of fields) {
    const type = typeof field.component.type === 'string' ? field.component.type : '';
    if (!CHOICE_TYPES.has(type) && !MULTI_CHOICE_TYPES.has(type) && type !== 'checkbox') continue;
    const value = valueAt(submitted, field.path);
    if (value !== undefined) choices[field.path.join('.')] = value;
  }
  return choices;
}
