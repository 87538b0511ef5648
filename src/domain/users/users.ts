import { conflict, invalidInput, notFound } from '../errors.js';
import { toId, type Queryable } from '../sql.js';
import { unknownUnitCodes } from '../units/units.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './password.js';
import { UNIT_ROLES, parseRoles, type Role } from './roles.js';

/** A user as the app sees it; the password hash never leaves this module. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  /** The unit a unit handler or head works for (or any user's home unit). */
  unitCode: string | null;
  active: boolean;
  createdAt: Date;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: readonly string[];
  unitCode?: string | null | undefined;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  unit_code: string | null;
  active: boolean;
  created_at: Date;
}

const COLUMNS = 'id, username, display_name, roles, unit_code, active, created_at';
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

const toUser = (row: UserRow): User => ({
  id: toId(row.id),
  username: row.username,
  displayName: row.display_name,
  roles: row.roles,
  unitCode: row.unit_code,
  active: row.active,
  createdAt: row.created_at,
});

/** Usernames are compared in lower case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

async function checkNewUser(db: Queryable, user: NewUser): Promise<{ username: string; roles: Role[] }> {
  const username = normalizeUsername(user.username);
  if (!USERNAME_PATTERN.test(username)) {
    throw invalidInput(
      '用户名应为 2 到 64 位小写字母、数字或 . _ -，并以字母或数字开头',
      'A username has 2 to 64 characters: a-z, 0-9, . _ -, starting with a letter or digit',
    );
  }
  if (user.displayName.trim() === '') throw invalidInput('姓名不能为空', 'The display name is empty');
  const roles = parseRoles(user.roles);
  const unitCode = user.unitCode ?? null;
  if (unitCode === null && roles.some((role) => UNIT_ROLES.includes(role))) {
    throw invalidInput('责任单位经办人和负责人必须指定所属单位', 'Unit handlers and heads belong to a unit');
  }
  if (unitCode !== null && (await unknownUnitCodes(db, [unitCode])).length > 0) {
    throw invalidInput(`单位不存在或已停用：${unitCode}`, `Unknown or inactive unit "${unitCode}"`);
  }
  return { username, roles };
}

/** Creates a user with an Argon2id hash of the password; conflict if the username is taken. */
export async function createUser(db: Queryable, user: NewUser, at: Date): Promise<User> {
  const { username, roles } = await checkNewUser(db, user);
  const passwordHash = await hashPassword(user.password);
  const result = await db.query<UserRow>(
    `INSERT INTO app.users (username, display_name, password_hash, roles, unit_code, active, created_at)
     VALUES ($1, $2, $3, $4, $5, true, $6)
     ON CONFLICT (username) DO NOTHING
     RETURNING ${COLUMNS}`,
    [username, user.displayName.trim(), passwordHash, roles, user.unitCode ?? null, at],
  );
  const row = result.rows[0];
  if (row === undefined) throw conflict(`用户名 ${username} 已被使用`, `Username "${username}" is taken`);
  return toUser(row);
}

export async function findUserByUsername(db: Queryable, username: string): Promise<User | undefined> {
  const result = await db.query<UserRow>(`SELECT ${COLUMNS} FROM app.users WHERE username = $1`, [
    normalizeUsername(username),
  ]);
  const row = result.rows[0];
  return row === undefined ? undefined : toUser(row);
}

export async function getUser(db: Queryable, id: number): Promise<User | undefined> {
  const result = await db.query<UserRow>(`SELECT ${COLUMNS} FROM app.users WHERE id = $1`, [id]);
  const row = result.rows[0];
  return row === undefined ? undefined : toUser(row);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const result = await db.query<UserRow>(`SELECT ${COLUMNS} FROM app.users ORDER BY username`);
  return result.rows.map(toUser);
}

/**
 * The active user with this username and password, or undefined. An unknown username costs the
 * same time as a wrong password.
 */
export async function authenticate(
  db: Queryable,
  username: string,
  password: string,
): Promise<User | undefined> {
  const result = await db.query<UserRow & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM app.users WHERE username = $1`,
    [normalizeUsername(username)],
  );
  const row = result.rows[0];
  if (row === undefined) return verifyAgainstDecoy(password).then(() => undefined);
  const matches = await verifyPassword(row.password_hash, password);
  return matches && row.active ? toUser(row) : undefined;
}

export async function setPassword(db: Queryable, id: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const result = await db.query('UPDATE app.users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  if (result.rowCount !== 1) throw notFound('找不到该用户', `No user ${id}`);
}

export async function setUserActive(db: Queryable, id: number, active: boolean): Promise<User> {
  const result = await db.query<UserRow>(
    `UPDATE app.users SET active = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, active],
  );
  const row = result.rows[0];
  if (row === undefined) throw notFound('找不到该用户', `No user ${id}`);
  return toUser(row);
}
