// An audit record's details as lines a person reads: known keys by their name, roles and codes in
// words, instants in Beijing time, and a change as "old → new".
import { formatInstant } from '../../lib/time';

export interface DetailLine {
  key: string;
  label: string;
  text: string;
}

type Translate = (key: string) => string;
type Has = (key: string) => boolean;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Keys whose string values are codes with a name in admin.audit.values. */
const CODED_KEYS = new Set(['reason', 'fields']);
/** Keys whose values are unit codes. */
const UNIT_KEYS = new Set(['unitCode', 'parentCode', 'unit']);

/** `unitLabel` names a unit code (its name), or answers undefined for a code it does not know. */
export function detailLines(
  details: Record<string, unknown>,
  t: Translate,
  has: Has,
  unitLabel: (code: string) => string | undefined = () => undefined,
): DetailLine[] {
  const label = (key: string) => (has(`admin.audit.keys.${key}`) ? t(`admin.audit.keys.${key}`) : key);

  function text(key: string, value: unknown): string {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return t(value ? 'admin.common.yes' : 'admin.common.no');
    if (Array.isArray(value))
      return value.length === 0 ? '—' : value.map((item) => text(key, item)).join('、');
    if (typeof value === 'string') {
      if (key === 'roles' && has(`role.${value}`)) return t(`role.${value}`);
      if (CODED_KEYS.has(key) && has(`admin.audit.values.${value}`)) return t(`admin.audit.values.${value}`);
      if (key === 'kind' && has(`admin.units.kinds.${value}`)) return t(`admin.units.kinds.${value}`);
      if (UNIT_KEYS.has(key)) return unitLabel(value) ?? value;
      return ISO_INSTANT.test(value) ? formatInstant(value) : value;
    }
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    return JSON.stringify(value);
  }

  const lines: DetailLine[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === 'changes' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [field, change] of Object.entries(value as Record<string, unknown>)) {
        const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
        lines.push({ key: field, label: label(field), text: `${text(field, from)} → ${text(field, to)}` });
      }
    } else lines.push({ key, label: label(key), text: text(key, value) });
  }
  return lines;
}
