import { conflict, invalidInput, notFound } from '../errors.js';
import { toId, type Queryable } from '../sql.js';
import { unknownUnitCodes } from '../units/units.js';
import { checkPasswordStrength, hashPassword, verifyAgainstDecoy, verifyPassword } from './password.js';
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
  /** Failed sign-ins in a row since the last successful one (or the last lock). */
  failedLogins: number;
  /** Until when sign-ins are refused after too many failures; null when never locked. */
  lockedUntil: Date | null;
  passwordChangedAt: Date | null;
  lastLoginAt: Date | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: readonly string[];
  unitCode?: string | null | undefined;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  unit_code: string | null;
  active: boolean;
  created_at: Date;
  failed_logins: number;
  locked_until: Date | null;
  password_changed_at: Date | null;
  last_login_at: Date | null;
}

export const USER_COLUMNS =
  'id, username, display_name, roles, unit_code, active, created_at, failed_logins, locked_until, password_changed_at, last_login_at';
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const toUser = (row: UserRow): User => ({
  id: toId(row.id),
  username: row.username,
  displayName: row.display_name,
  roles: row.roles,
  unitCode: row.unit_code,
  active: row.active,
  createdAt: row.created_at,
  failedLogins: row.failed_logins,
  lockedUntil: row.locked_until,
  passwordChangedAt: row.password_changed_at,
  lastLoginAt: row.last_login_at,
});

/** Usernames are compared in lower case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** One bad field of a user's details, named as in NewUser, with what is wrong (Chinese). */
export interface UserFieldError {
  field: 'username' | 'displayName' | 'password' | 'roles' | 'unitCode';
  message: string;
}

const USERNAME_RULE = '用户名应为 2 到 64 位小写字母、数字或 . _ -，并以字母或数字开头';

/**
 * What is wrong with these details of a user (those given), so that the API can name each bad
 * field before anything is changed. Roles and unit are checked together when either is given: a
 * unit handler or head needs a unit, and a unit must be active — except `keptUnit`, the unit the
 * user already has, which stays acceptable after it was deactivated.
 */
export async function userFieldErrors(
  db: Queryable,
  input: Partial<Omit<NewUser, 'roles'>> & { roles?: readonly unknown[] | undefined },
  keptUnit?: string | null,
): Promise<UserFieldError[]> {
  const errors: UserFieldError[] = [];
  if (input.username !== undefined && !USERNAME_PATTERN.test(normalizeUsername(input.username))) {
    errors.push({ field: 'username', message: USERNAME_RULE });
  }
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (name === '' || name.length > 50) {
      errors.push({ field: 'displayName', message: '姓名不能为空，且不超过 50 个字' });
    }
  }
  if (input.password !== undefined) {
    try {
      checkPasswordStrength(input.password);
    } catch (error: unknown) {
      errors.push({ field: 'password', message: (error as Error).message });
    }
  }
  let roles: Role[] | undefined;
  if (input.roles !== undefined) {
    try {
      roles = parseRoles(input.roles);
    } catch (error: unknown) {
      errors.push({ field: 'roles', message: (error as Error).message });
    }
  }
  const unitCode = input.unitCode ?? null;
  if (unitCode !== null && unitCode !== keptUnit && (await unknownUnitCodes(db, [unitCode])).length > 0) {
    errors.push({ field: 'unitCode', message: `单位不存在或已停用：${unitCode}` });
  } else if (unitCode === null && roles?.some((role) => UNIT_ROLES.includes(role)) === true) {
    errors.push({ field: 'unitCode', message: '责任单位经办人和负责人必须指定所属单位' });
  }
  return errors;
}

/** Throws the first of `errors` as invalid input. */
export function throwFirst(errors: readonly UserFieldError[]): void {
  const first = errors[0];
  if (first !== undefined) throw invalidInput(first.message, `Invalid ${first.field}`);
}

async function checkNewUser(db: Queryable, user: NewUser): Promise<{ username: string; roles: Role[] }> {
  throwFirst(await userFieldErrors(db, { ...user, password: undefined }));
  return { username: normalizeUsername(user.username), roles: parseRoles(user.roles) };
}

/** Creates a user with an Argon2id hash of the password; conflict if the username is taken. */
export async function createUser(db: Queryable, user: NewUser, at: Date): Promise<User> {
  const { username, roles } = await checkNewUser(db, user);
  const passwordHash = await hashPassword(user.password);
  const result = await db.query<UserRow>(
    `INSERT INTO app.users (username, display_name, password_hash, roles, unit_code, active, created_at,
        password_changed_at)
     VALUES ($1, $2, $3, $4, $5, true, $6, $6)
     ON CONFLICT (username) DO NOTHING
     RETURNING ${USER_COLUMNS}`,
    [username, user.displayName.trim(), passwordHash, roles, user.unitCode ?? null, at],
  );
  const row = result.rows[0];
  if (row === undefined) throw conflict(`用户名 ${username} 已被使用`, `Username "${username}" is taken`);
  return toUser(row);
}

export async function findUserByUsername(db: Queryable, username: string): Promise<User | undefined> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app.users WHERE username = $1`, [
    normalizeUsername(username),
  ]);
  const row = result.rows[0];
  return row === undefined ? undefined : toUser(row);
}

export async function getUser(db: Queryable, id: number): Promise<User | undefined> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app.users WHERE id = $1`, [id]);
  const row = result.rows[0];
  return row === undefined ? undefined : toUser(row);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app.users ORDER BY username`);
  return result.rows.map(toUser);
}

/**
 * The active user with this username and password, or undefined. An unknown username costs the
 * same time as a wrong password. Checks the password only: sign-ins go through signIn
 * (lockout.ts), which also keeps the failure count and the lock.
 */
export async function authenticate(
  db: Queryable,
  username: string,
  password: string,
): Promise<User | undefined> {
  const result = await db.query<UserRow & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM app.users WHERE username = $1`,
    [normalizeUsername(username)],
  );
  const row = result.rows[0];
  if (row === undefined) return verifyAgainstDecoy(password).then(() => undefined);
  const matches = await verifyPassword(row.password_hash, password);
  return matches && row.active ? toUser(row) : undefined;
}

/**
 * Replaces the password; with `at`, records it as the time of the change. A new password also
 * lifts a lock: whoever set it knows it.
 */
export async function setPassword(db: Queryable, id: number, password: string, at?: Date): Promise<void> {
  const passwordHash = await hashPassword(password);
  const result = await db.query(
    `UPDATE app.users SET password_hash = $2, password_changed_at = COALESCE($3, password_changed_at),
        failed_logins = 0, locked_until = NULL
      WHERE id = $1`,
    [id, passwordHash, at ?? null],
  );
  if (result.rowCount !== 1) throw notFound('找不到该用户', `No user ${id}`);
}

export async function setUserActive(db: Queryable, id: number, active: boolean): Promise<User> {
  const result = await db.query<UserRow>(
    `UPDATE app.users SET active = $2 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, active],
  );
  const row = result.rows[0];
  if (row === undefined) throw notFound('找不到该用户', `No user ${id}`);
  return toUser(row);
}
