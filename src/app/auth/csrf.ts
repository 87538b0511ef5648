// Cross-site request forgery. A browser sends the session cookie with every request to the app,
// also one a page of another site makes it send; so an unsafe request (POST, PUT, PATCH, DELETE)
// that a cookie authenticates must also carry the header X-CSRF-Token, which only a page of the
// app can know: GET /api/session answers it. The token is derived from the session token
// (base64url of SHA-256("csrf:" + token)): nothing to store, different per session, and it does
// not reveal the session token. A request with `Authorization: Bearer` is exempt: no browser adds
// that header by itself. Besides, an unsafe request whose Origin header names another host is
// refused outright (the browsers that send Origin say so for every cross-site POST).
import crypto from 'node:crypto';
import type { Request } from 'express';
import { ProblemError } from '../problem.js';

export const CSRF_HEADER = 'X-CSRF-Token';
export const CSRF_PROBLEM_TYPE = 'urn:xinfang-flow:problem:csrf';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHash('sha256').update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function csrfProblem(detail: string): ProblemError {
  return new ProblemError({ type: CSRF_PROBLEM_TYPE, title: '请求被拒绝', status: 403, detail });
}

/** Whether the request's Origin, when it has one, is the app's own host (as the client addressed it). */
export function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true;
  const host = req.host;
  if (host === undefined) return false;
  try {
    const from = new URL(origin);
    // Parsed with the origin's scheme, so that default ports (80, 443) compare equal.
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    // `Origin: null` (a sandboxed frame, a redirect across sites) or garbage.
    return false;
  }
}

/** Refuses an unsafe request from a page of another site. */
export function checkOrigin(req: Request): void {
  if (isUnsafeMethod(req.method) && !sameOrigin(req)) {
    throw csrfProblem('请求来自其他网站，已拒绝。请在本系统的页面中操作。');
  }
}

/** Refuses an unsafe cookie-authenticated request without the session's CSRF token. */
export function checkCsrf(req: Request, sessionToken: string): void {
  if (!isUnsafeMethod(req.method)) return;
  checkOrigin(req);
  const sent = req.get(CSRF_HEADER);
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  if (sent === undefined || sent === '') {
    throw csrfProblem('请求缺少安全校验码（X-CSRF-Token），请刷新页面后重试。');
  }
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw csrfProblem('安全校验码（X-CSRF-Token）不正确，请刷新页面后重试。');
  }
}
