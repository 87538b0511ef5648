// Sign-in sessions (app.sessions). A session is a random token handed to the browser (cookie) or
// an API client (bearer); the table keeps only its SHA-256, so reading the table opens nothing.
// Sessions slide: each use moves the expiry SESSION_TTL_MS ahead.
import crypto from 'node:crypto';
import type { Queryable } from '../../domain/sql.js';
import { toId } from '../../domain/sql.js';
import type { UnitKind } from '../../domain/units/index.js';
import type { Role } from '../../domain/users/index.js';

/** 12 hours without a request ends a session. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The signed-in user as the API sees it: a user record plus the kind of their unit. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
  unitKind: UnitKind | null;
}

export interface Session {
  id: number;
  user: SessionUser;
  expiresAt: Date;
}

/** A new token: 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createSession(
  db: Queryable,
  input: { token: string; userId: number; now: Date; userAgent?: string | undefined },
): Promise<{ id: number; expiresAt: Date }> {
  const expiresAt = new Date(input.now.getTime() + SESSION_TTL_MS);
  const result = await db.query<{ id: string }>(
    `INSERT INTO app.sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent)
     VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
    [tokenHash(input.token), input.userId, input.now, expiresAt, input.userAgent?.slice(0, 300) ?? null],
  );
  return { id: toId((result.rows[0] as { id: string }).id), expiresAt };
}

interface SessionRow {
  id: string;
  expires_at: Date;
  user_id: string;
  username: string;
  display_name: string;
  roles: Role[];
  unit_code: string | null;
  unit_kind: UnitKind | null;
}

/**
 * The live session of `token` with its user, its expiry moved ahead; undefined when the token is
 * unknown, expired, or its user deactivated. One statement.
 */
export async function useSession(db: Queryable, token: string, now: Date): Promise<Session | undefined> {
  const result = await db.query<SessionRow>(
    `UPDATE app.sessions s SET last_seen_at = $2, expires_at = $3
     FROM app.users u LEFT JOIN app.units un ON un.code = u.unit_code
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.id = s.user_id AND u.active
     RETURNING s.id, s.expires_at, u.id AS user_id, u.username, u.display_name, u.roles, u.unit_code,
       un.kind AS unit_kind`,
    [tokenHash(token), now, new Date(now.getTime() + SESSION_TTL_MS)],
  );
  const row = result.rows[0];
  if (row === undefined) return undefined;
  return {
    id: toId(row.id),
    expiresAt: row.expires_at,
    user: {
      id: toId(row.user_id),
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      unitCode: row.unit_code,
      unitKind: row.unit_kind,
    },
  };
}

/** Ends the session of `token`; true if there was one. */
export async function deleteSession(db: Queryable, token: string): Promise<boolean> {
  const result = await db.query('DELETE FROM app.sessions WHERE token_hash = $1', [tokenHash(token)]);
  return (result.rowCount ?? 0) > 0;
}

/** Removes sessions that ran out; returns how many. */
export async function deleteExpiredSessions(db: Queryable, now: Date): Promise<number> {
  const result = await db.query('DELETE FROM app.sessions WHERE expires_at <= $1', [now]);
  return result.rowCount ?? 0;
}

/** Ends every session of a user (new password, deactivated account); returns how many. */
export async function deleteUserSessions(db: Queryable, userId: number): Promise<number> {
  const result = await db.query('DELETE FROM app.sessions WHERE user_id = $1', [userId]);
  return result.rowCount ?? 0;
}
