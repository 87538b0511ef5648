// Authentication of /api requests: a session cookie (browsers) or `Authorization: Bearer <token>`
// (API clients), checked against app.sessions on every request; for the cookie, the CSRF check of
// unsafe requests (csrf.ts); then the roles a route needs.
import type { Request, RequestHandler, Response } from 'express';
import type { Queryable } from '../../domain/sql.js';
import type { Role } from '../../domain/users/index.js';
import { apiProblem } from '../problem.js';
import { hasAnyRole } from './access.js';
import { checkCsrf } from './csrf.js';
import { useSession, type Session, type SessionUser } from './sessions.js';

export const SESSION_COOKIE = 'xf_session';

/** A token of ours: base64url, 43 characters (32 bytes). Anything else is not looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** The session token a request carries, and how: the bearer token if there is one, else the cookie. */
export function requestCredential(req: Request): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const authorization = req.get('authorization');
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const via = bearer === undefined ? 'cookie' : 'bearer';
  const token = bearer ?? cookieValue(req.get('cookie'), SESSION_COOKIE);
  return token !== undefined && TOKEN_PATTERN.test(token) ? { token, via } : undefined;
}

/** Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/**
 * Requires a live session; puts it in res.locals.session. An unsafe request signed in by the
 * cookie must pass the CSRF check, before the session is even looked up.
 */
export function requireSession(db: Queryable, clock: () => Date): RequestHandler {
  return async (req, res, next) => {
    const credential = requestCredential(req);
    if (credential === undefined) throw apiProblem('unauthenticated', 401, '请先登录。');
    const { token } = credential;
    if (credential.via === 'cookie') checkCsrf(req, token);
    const session = await useSession(db, token, clock());
    if (session === undefined) throw apiProblem('unauthenticated', 401, '登录已失效，请重新登录。');
    res.locals.session = session;
    res.locals.token = token;
    next();
  };
}

export function sessionOf(res: Response): Session {
  const session = res.locals.session as Session | undefined;
  if (session === undefined) throw new Error('sessionOf called on a route without requireSession');
  return session;
}

export function userOf(res: Response): SessionUser {
  return sessionOf(res).user;
}

/** Requires one of `roles`. */
export function requireRole(roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!hasAnyRole(userOf(res), roles)) throw apiProblem('forbidden', 403, '您的角色无权进行此操作。');
    next();
  };
}
