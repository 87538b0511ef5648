// POST /api/session (sign in), GET /api/session (who am I), DELETE /api/session (sign out).
import type { Router } from 'express';
import { authenticate } from '../../domain/users/index.js';
import { clearSessionCookie, requireSession, sessionOf, setSessionCookie } from '../auth/middleware.js';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  newSessionToken,
  type SessionUser,
} from '../auth/sessions.js';
import { apiProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { LOGIN_LABELS, loginBody } from './schemas.js';
import { parseOrThrow } from './validation.js';

function userView(user: Pick<SessionUser, 'username' | 'displayName' | 'roles' | 'unitCode'>) {
  return {
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    unitCode: user.unitCode,
  };
}

export function sessionRoutes(router: Router, deps: ApiDeps): void {
  router.post('/session', async (req, res) => {
    const body = parseOrThrow(loginBody, req.body, LOGIN_LABELS);
    const user = await authenticate(deps.db, body.username, body.password);
    if (user === undefined) {
      // The same answer for an unknown user, a wrong password and a deactivated account.
      throw apiProblem('badCredentials', 401, '用户名或密码不正确。', '登录失败');
    }
    const now = deps.clock();
    await deleteExpiredSessions(deps.db, now);
    const token = newSessionToken();
    const session = await createSession(deps.db, {
      token,
      userId: user.id,
      now,
      userAgent: req.get('user-agent'),
    });
    setSessionCookie(req, res, token);
    res.set('Cache-Control', 'no-store').json({
      user: userView(user),
      expiresAt: session.expiresAt.toISOString(),
      ...(body.bearer === true ? { token } : {}),
    });
  });

  const signedIn = requireSession(deps.db, deps.clock);

  router.get('/session', signedIn, (_req, res) => {
    const session = sessionOf(res);
    res
      .set('Cache-Control', 'no-store')
      .json({ user: userView(session.user), expiresAt: session.expiresAt.toISOString() });
  });

  router.delete('/session', signedIn, async (req, res) => {
    await deleteSession(deps.db, res.locals.token as string);
    clearSessionCookie(req, res);
    res.status(204).end();
  });
}
