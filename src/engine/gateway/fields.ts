// Reading request fields: JSON variable documents, int64 strings, tenants. Every rejection is an
// INVALID_ARGUMENT that names the field.
import type { Variables } from '../api.js';
import { invalidArgument, toError } from '../errors.js';
import { DEFAULT_TENANT } from './context.js';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Parses a JSON variables document. An empty string means no variables. Anything but a JSON object
 * is rejected, e.g. "variables must be a JSON object, got array".
 */
export function parseVariables(json: string, field = 'variables'): Variables {
  if (json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (thrown: unknown) {
    throw invalidArgument(`${field} must be a JSON object, got invalid JSON (${toError(thrown).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(`${field} must be a JSON object, got ${kindOf(value)}`);
  }
  return value as Variables;
}

/**
 * An int64 field (decimal string, as proto-loader delivers it with `longs: String`) as a number.
 * Durations this large are far beyond any meaningful value, so clamping to the safe range is exact
 * enough.
 */
export function int64ToNumber(value: string | number, field: string): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(parsed)) throw invalidArgument(`${field} must be an integer, got '${String(value)}'`);
  return Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Math.trunc(parsed)));
}

/** True when an int64 key field was left out (proto3 default "0"). */
export function isUnsetKey(value: string): boolean {
  return value === '' || value === '0';
}

/** Requires a non-blank string field. */
export function requireText(value: string, field: string, method: string): string {
  if (value.trim() === '')
    throw invalidArgument(`Expected ${method} with a non-blank ${field}, but it was blank`);
  return value;
}

function isDefaultTenant(tenantId: string): boolean {
  return tenantId === '' || tenantId === DEFAULT_TENANT;
}

/** The engine has no multi-tenancy: only the default tenant (or none) is accepted. */
export function checkTenant(tenantId: string, method: string): void {
  if (!isDefaultTenant(tenantId)) {
    throw invalidArgument(
      `Expected ${method} for the tenant '${DEFAULT_TENANT}', but got tenantId '${tenantId}': multi-tenancy is disabled`,
    );
  }
}

export function checkTenantIds(tenantIds: readonly string[], method: string): void {
  for (const tenantId of tenantIds) checkTenant(tenantId, method);
}
