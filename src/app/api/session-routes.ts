// POST /api/session (sign in), GET /api/session (who am I), DELETE /api/session (sign out). Every
// sign-in, failed sign-in, lock and sign-out is written to the audit log; the sign-in's outcome and
// its audit record are one transaction.
import type { Request, Router } from 'express';
import { recordAudit, type AuditEntry } from '../../domain/audit/index.js';
import { withTransaction } from '../../domain/sql.js';
import { MAX_FAILED_SIGN_INS, signIn, type SignInResult } from '../../domain/users/index.js';
import { checkOrigin, csrfTokenFor } from '../auth/csrf.js';
import { clearSessionCookie, requireSession, sessionOf, setSessionCookie } from '../auth/middleware.js';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  newSessionToken,
  type SessionUser,
} from '../auth/sessions.js';
import { apiProblem, ProblemError, type ProblemDetails } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { LOGIN_LABELS, loginBody } from './schemas.js';
import { parseOrThrow } from './validation.js';

export const ACCOUNT_LOCKED_PROBLEM_TYPE = 'urn:xinfang-flow:problem:account-locked';

function userView(user: Pick<SessionUser, 'username' | 'displayName' | 'roles' | 'unitCode'>) {
  return {
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    unitCode: user.unitCode,
  };
}

/** 2026-12-04 15:30, Beijing time (no daylight saving: a fixed +8 hours). */
function beijingMinute(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function lockedProblem(lockedUntil: Date): ProblemError {
  const problem: ProblemDetails & { lockedUntil: string } = {
    type: ACCOUNT_LOCKED_PROBLEM_TYPE,
    title: '账户已锁定',
    status: 423,
    detail: `因连续 ${MAX_FAILED_SIGN_INS} 次密码错误，该账户已锁定至 ${beijingMinute(lockedUntil)}（北京时间）。请届时再试，或请系统管理员解锁。`,
    lockedUntil: lockedUntil.toISOString(),
  };
  return new ProblemError(problem);
}

/** The audit records of a sign-in attempt. */
function signInAudit(result: SignInResult, at: Date, ip: string | null, bearer: boolean): AuditEntry[] {
  switch (result.outcome) {
    case 'signed-in':
      return [{ at, actor: result.user.username, action: 'session.login', details: { bearer }, ip }];
    case 'failed':
      // An unknown name is not kept: people type their password into the name field too.
      return [
        {
          at,
          actor: result.user?.username ?? null,
          action: 'session.login_failed',
          details: {
            reason: result.reason,
            ...(result.reason === 'wrong-password' ? { failedLogins: result.user?.failedLogins } : {}),
          },
          ip,
        },
      ];
    case 'locked': {
      const actor = result.user.username;
      const failed: AuditEntry = {
        at,
        actor,
        action: 'session.login_failed',
        details: { reason: result.lockedNow ? 'wrong-password' : 'locked' },
        ip,
      };
      if (!result.lockedNow) return [failed];
      const lockedUntil = result.lockedUntil.toISOString();
      return [
        failed,
        {
          at,
          actor,
          action: 'session.locked',
          target: actor,
          details: { lockedUntil, failures: MAX_FAILED_SIGN_INS },
          ip,
        },
      ];
    }
  }
}

const ipOf = (req: Request) => req.ip ?? null;

export function sessionRoutes(router: Router, deps: ApiDeps): void {
  router.post('/session', async (req, res) => {
    // No CSRF token before signing in, but a sign-in posted by another site is refused all the same.
    checkOrigin(req);
    const body = parseOrThrow(loginBody, req.body, LOGIN_LABELS);
    const now = deps.clock();
    const token = newSessionToken();
    const { result, session } = await withTransaction(deps.db, async (client) => {
      const result = await signIn(client, body.username, body.password, now);
      for (const entry of signInAudit(result, now, ipOf(req), body.bearer === true)) {
        await recordAudit(client, entry);
      }
      if (result.outcome !== 'signed-in') return { result, session: undefined };
      await deleteExpiredSessions(client, now);
      const session = await createSession(client, {
        token,
        userId: result.user.id,
        now,
        userAgent: req.get('user-agent'),
      });
      return { result, session };
    });
    if (result.outcome === 'locked') throw lockedProblem(result.lockedUntil);
    if (result.outcome === 'failed' || session === undefined) {
      // The same answer for an unknown user, a wrong password and a deactivated account.
      throw apiProblem('badCredentials', 401, '用户名或密码不正确。', '登录失败');
    }
    setSessionCookie(req, res, token);
    res.set('Cache-Control', 'no-store').json({
      user: userView(result.user),
      expiresAt: session.expiresAt.toISOString(),
      csrfToken: csrfTokenFor(token),
      ...(body.bearer === true ? { token } : {}),
    });
  });

  const signedIn = requireSession(deps.db, deps.clock);

  router.get('/session', signedIn, (_req, res) => {
    const session = sessionOf(res);
    res.set('Cache-Control', 'no-store').json({
      user: userView(session.user),
      expiresAt: session.expiresAt.toISOString(),
      csrfToken: csrfTokenFor(res.locals.token as string),
    });
  });

  router.delete('/session', signedIn, async (req, res) => {
    const user = sessionOf(res).user;
    await withTransaction(deps.db, async (client) => {
      await deleteSession(client, res.locals.token as string);
      await recordAudit(client, {
        at: deps.clock(),
        actor: user.username,
        action: 'session.logout',
        ip: ipOf(req),
      });
    });
    clearSessionCookie(req, res);
    res.status(204).end();
  });
}
