// The audit log (app.audit_log): append-only records of sign-ins, unmasked views of a petitioner's
// identity, and administrative changes. Written in the same transaction as the change it records
// when there is one, so a change is never left unaudited.
import type { Queryable } from '../sql.js';

import { AUDIT_ACTIONS, type AuditAction } from './actions.js';

export { AUDIT_ACTIONS, type AuditAction };

export interface AuditEntry {
  at: Date;
  /** Username of whoever acted; null when unknown (a failed sign-in under a name that does not exist). */
  actor: string | null;
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  id: number;
  details: Record<string, unknown>;
}

export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO app.audit_log (at, actor, action, target, details, ip) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.at,
      entry.actor,
      entry.action,
      entry.target ?? null,
      JSON.stringify(entry.details ?? {}),
      entry.ip ?? null,
    ],
  );
}

export interface AuditFilter {
  actor?: string | undefined;
  /** An action, or a group prefix such as `session`. */
  action?: string | undefined;
  target?: string | undefined;
  from?: Date | undefined;
  before?: Date | undefined;
  limit: number;
  offset: number;
}

/** Newest first, with the total count of matching rows for paging. */
export async function listAudit(
  db: Queryable,
  filter: AuditFilter,
): Promise<{ total: number; items: AuditRecord[] }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (filter.actor !== undefined) add((p) => `actor = ${p}`, filter.actor);
  if (filter.action !== undefined) {
    if (filter.action.includes('.')) add((p) => `action = ${p}`, filter.action);
    else add((p) => `action LIKE ${p} || '.%'`, filter.action);
  }
  if (filter.target !== undefined) add((p) => `target = ${p}`, filter.target);
  if (filter.from !== undefined) add((p) => `at >= ${p}`, filter.from);
  if (filter.before !== undefined) add((p) => `at < ${p}`, filter.before);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const total = await db.query<{ count: string }>(
    `SELECT count(*) AS count FROM app.audit_log ${where}`,
    values,
  );
  const rows = await db.query<AuditRecord>(
    `SELECT id, at, actor, action, target, details, ip FROM app.audit_log ${where}
      ORDER BY at DESC, id DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, filter.limit, filter.offset],
  );
  return {
    total: Number(total.rows[0]?.count ?? 0),
    items: rows.rows.map((row) => ({ ...row, id: Number(row.id) })),
  };
}
