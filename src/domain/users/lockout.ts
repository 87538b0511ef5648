// Sign-in with a lock against online guessing: MAX_FAILED_SIGN_INS wrong passwords in a row lock
// the account for LOCKOUT_MS; while it is locked every sign-in is refused, right password or not,
// and the failures are not counted (the lock does not grow). A successful sign-in clears the count;
// an administrator can lift a lock early.
import type { Queryable } from '../sql.js';
import { verifyAgainstDecoy, verifyPassword } from './password.js';
import { normalizeUsername, toUser, USER_COLUMNS, type User, type UserRow } from './users.js';

/** Wrong passwords in a row that lock an account. */
export const MAX_FAILED_SIGN_INS = 5;
/** How long a lock lasts: 15 minutes. */
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInResult =
  | { outcome: 'signed-in'; user: User }
  /** Unknown username, wrong password or deactivated account: answered alike. */
  | { outcome: 'failed'; reason: 'unknown-user' | 'wrong-password' | 'inactive'; user: User | undefined }
  /** Locked, before this attempt or by it (`lockedNow`). */
  | { outcome: 'locked'; user: User; lockedUntil: Date; lockedNow: boolean };

/** Whether the account is locked at `now`. */
export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

/**
 * Checks the password and keeps the failure count. An unknown username costs the time of a
 * password check too, so the answer's timing does not tell whether the user exists.
 */
export async function signIn(
  db: Queryable,
  username: string,
  password: string,
  now: Date,
): Promise<SignInResult> {
  const found = await db.query<UserRow & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM app.users WHERE username = $1`,
    [normalizeUsername(username)],
  );
  const row = found.rows[0];
  if (row === undefined) {
    await verifyAgainstDecoy(password);
    return { outcome: 'failed', reason: 'unknown-user', user: undefined };
  }
  const user = toUser(row);
  const matches = await verifyPassword(row.password_hash, password);
  if (isLocked(user, now)) {
    return { outcome: 'locked', user, lockedUntil: user.lockedUntil as Date, lockedNow: false };
  }
  if (!user.active) return { outcome: 'failed', reason: 'inactive', user };
  if (matches) {
    const updated = await db.query<UserRow>(
      `UPDATE app.users SET failed_logins = 0, locked_until = NULL, last_login_at = $2
        WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [user.id, now],
    );
    return { outcome: 'signed-in', user: updated.rows[0] === undefined ? user : toUser(updated.rows[0]) };
  }
  return recordFailure(db, user, now);
}

/**
 * Counts a wrong password in one statement, so that concurrent attempts each count once; the
 * attempt that reaches the limit sets the lock and starts a new count. An attempt that finds the
 * account locked by a concurrent one meanwhile reports that lock.
 */
async function recordFailure(db: Queryable, user: User, now: Date): Promise<SignInResult> {
  const until = new Date(now.getTime() + LOCKOUT_MS);
  const updated = await db.query<UserRow>(
    `UPDATE app.users SET
        failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= $3 THEN $4 ELSE locked_until END
      WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
      RETURNING ${USER_COLUMNS}`,
    [user.id, now, MAX_FAILED_SIGN_INS, until],
  );
  const row = updated.rows[0];
  if (row === undefined) {
    const current = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM app.users WHERE id = $1`, [user.id]);
    const locked = current.rows[0] === undefined ? user : toUser(current.rows[0]);
    return { outcome: 'locked', user: locked, lockedUntil: locked.lockedUntil ?? until, lockedNow: false };
  }
  const after = toUser(row);
  return isLocked(after, now)
    ? { outcome: 'locked', user: after, lockedUntil: after.lockedUntil as Date, lockedNow: true }
    : { outcome: 'failed', reason: 'wrong-password', user: after };
}

/** Lifts a lock and clears the failure count; undefined for an unknown user. */
export async function unlockUser(db: Queryable, id: number): Promise<User | undefined> {
  const result = await db.query<UserRow>(
    `UPDATE app.users SET failed_logins = 0, locked_until = NULL WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toUser(row);
}
