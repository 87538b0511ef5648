// Account administration: finding users page by page, and changing a user's name, roles, unit and
// whether the account is active. Changes are checked with the same rules as new accounts.
import { notFound } from '../errors.js';
import type { Queryable } from '../sql.js';
import { parseRoles, type Role } from './roles.js';
import {
  normalizeUsername,
  throwFirst,
  toUser,
  USER_COLUMNS,
  userFieldErrors,
  type User,
  type UserRow,
} from './users.js';

export interface UserFilter {
  unitCode?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  /** Part of the username or the display name. */
  text?: string | undefined;
  limit: number;
  offset: number;
}

/** Users by username, with the count of all that match for paging. */
export async function searchUsers(
  db: Queryable,
  filter: UserFilter,
): Promise<{ total: number; items: User[] }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (filter.unitCode !== undefined) add((p) => `unit_code = ${p}`, filter.unitCode);
  if (filter.role !== undefined) add((p) => `${p} = ANY (roles)`, filter.role);
  if (filter.active !== undefined) add((p) => `active = ${p}`, filter.active);
  if (filter.text !== undefined) {
    // The text is matched literally: % and _ typed by the administrator are not wildcards.
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add((p) => `(username ILIKE ${p} OR display_name ILIKE ${p})`, pattern);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const total = await db.query<{ count: string }>(`SELECT count(*) AS count FROM app.users ${where}`, values);
  const rows = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM app.users ${where}
      ORDER BY username LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, filter.limit, filter.offset],
  );
  return { total: Number(total.rows[0]?.count ?? 0), items: rows.rows.map(toUser) };
}

/** The user, with the row locked until the transaction of `db` ends: for a change that reads first. */
export async function getUserForUpdate(db: Queryable, username: string): Promise<User | undefined> {
  const result = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM app.users WHERE username = $1 FOR UPDATE`,
    [normalizeUsername(username)],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toUser(row);
}

export interface UserChanges {
  displayName?: string | undefined;
  roles?: readonly string[] | undefined;
  unitCode?: string | null | undefined;
  active?: boolean | undefined;
}

/**
 * Applies the changes given (undefined: unchanged) to `current`, read in the same transaction; the
 * roles and unit that result are checked together. Throws invalid input, or not found.
 */
export async function updateUser(db: Queryable, current: User, changes: UserChanges): Promise<User> {
  const roles = changes.roles ?? current.roles;
  const unitCode = changes.unitCode === undefined ? current.unitCode : changes.unitCode;
  const input = {
    roles,
    unitCode,
    ...(changes.displayName === undefined ? {} : { displayName: changes.displayName }),
  };
  throwFirst(await userFieldErrors(db, input, current.unitCode));
  const result = await db.query<UserRow>(
    `UPDATE app.users SET display_name = $2, roles = $3, unit_code = $4, active = $5
      WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [
      current.id,
      changes.displayName?.trim() ?? current.displayName,
      parseRoles(roles),
      unitCode,
      changes.active ?? current.active,
    ],
  );
  const row = result.rows[0];
  if (row === undefined) throw notFound('找不到该用户', `No user ${current.id}`);
  return toUser(row);
}
