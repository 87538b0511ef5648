// Account administration: list, create, change, reset a password, lift a lock. Each change is
// checked in full before anything is written (a 400 names every bad field), runs in one
// transaction with its audit record, and the record says what changed — never a password.
import { recordAudit } from '../../domain/audit/index.js';
import { withTransaction, type Queryable } from '../../domain/sql.js';
import {
  createUser,
  isLocked,
  getUserForUpdate,
  searchUsers,
  setPassword,
  unlockUser,
  updateUser,
  userFieldErrors,
  type User,
  type UserFieldError,
} from '../../domain/users/index.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { deleteUserSessions } from '../auth/sessions.js';
import { apiProblem, invalidInputProblem, ProblemError, type FieldError } from '../problem.js';
import type { AdminActor } from './actor.js';
import {
  USER_LABELS,
  USER_QUERY_LABELS,
  newUserBody,
  passwordResetBody,
  userChangesBody,
  userQuery,
} from './schemas.js';

const iso = (instant: Date | null) => instant?.toISOString() ?? null;

/** A user as the administrator sees it; the lock only while it lasts. */
export function adminUserView(user: User, now: Date) {
  return {
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    unitCode: user.unitCode,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: iso(user.lastLoginAt),
    passwordChangedAt: iso(user.passwordChangedAt),
    failedLogins: user.failedLogins,
    lockedUntil: isLocked(user, now) ? iso(user.lockedUntil) : null,
  };
}

function throwFieldErrors(errors: readonly (FieldError | UserFieldError)[]): void {
  if (errors.length > 0) throw new ProblemError(invalidInputProblem([...errors]));
}

const missingUser = (username: string) => apiProblem('notFound', 404, `没有用户名为 ${username} 的用户。`);

async function userForUpdate(db: Queryable, username: string): Promise<User> {
  const user = await getUserForUpdate(db, username);
  if (user === undefined) throw missingUser(username);
  return user;
}

export async function listUsersForAdmin(deps: ApiDeps, query: unknown) {
  const filter = parseOrThrow(userQuery, query, USER_QUERY_LABELS);
  const page = await searchUsers(deps.db, {
    unitCode: filter.unit,
    role: filter.role,
    active: filter.active === undefined ? undefined : filter.active === 'true',
    text: filter.q,
    limit: filter.limit,
    offset: filter.offset,
  });
  const now = deps.clock();
  return {
    total: page.total,
    limit: filter.limit,
    offset: filter.offset,
    items: page.items.map((user) => adminUserView(user, now)),
  };
}

export async function createUserAsAdmin(deps: ApiDeps, input: unknown, actor: AdminActor) {
  const body = parseOrThrow(newUserBody, input, USER_LABELS);
  throwFieldErrors(await userFieldErrors(deps.db, body));
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const user = await createUser(client, body, now);
    await recordAudit(client, {
      at: now,
      actor: actor.username,
      action: 'user.created',
      target: user.username,
      details: { displayName: user.displayName, roles: user.roles, unitCode: user.unitCode },
      ip: actor.ip,
    });
    return adminUserView(user, now);
  });
}

/** Field → {from, to} for the fields whose value differs. */
function differences(before: User, after: User): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const fields = ['displayName', 'roles', 'unitCode', 'active'] as const;
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { from: before[field], to: after[field] };
    }
  }
  return changes;
}

export async function updateUserAsAdmin(deps: ApiDeps, username: string, input: unknown, actor: AdminActor) {
  const body = parseOrThrow(userChangesBody, input, USER_LABELS);
  if (Object.keys(body).length === 0) {
    throwFieldErrors([{ field: '(body)', message: '请至少给出一项要修改的内容' }]);
  }
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const before = await userForUpdate(client, username);
    const errors: FieldError[] = [];
    // An administrator cannot lock themselves out of administration.
    if (before.id === actor.userId) {
      if (body.active === false) errors.push({ field: 'active', message: '不能停用自己的账户' });
      if (body.roles !== undefined && !body.roles.includes('admin')) {
        errors.push({ field: 'roles', message: '不能取消自己的系统管理员角色' });
      }
    }
    const roles = body.roles ?? before.roles;
    const unitCode = body.unitCode === undefined ? before.unitCode : body.unitCode;
    const checks = {
      roles,
      unitCode,
      ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
    };
    errors.push(...(await userFieldErrors(client, checks, before.unitCode)));
    throwFieldErrors(errors);

    const after = await updateUser(client, before, body);
    const changes = differences(before, after);
    const sessionsEnded = after.active ? 0 : await deleteUserSessions(client, after.id);
    if (Object.keys(changes).length > 0) {
      await recordAudit(client, {
        at: now,
        actor: actor.username,
        action: 'user.updated',
        target: after.username,
        details: { changes, ...(sessionsEnded > 0 ? { sessionsEnded } : {}) },
        ip: actor.ip,
      });
    }
    return adminUserView(after, now);
  });
}

/** A new password chosen by the administrator; the user's sessions end, and a lock is lifted. */
export async function resetPasswordAsAdmin(
  deps: ApiDeps,
  username: string,
  input: unknown,
  actor: AdminActor,
) {
  const body = parseOrThrow(passwordResetBody, input, USER_LABELS);
  throwFieldErrors(await userFieldErrors(deps.db, { password: body.password }));
  const now = deps.clock();
  await withTransaction(deps.db, async (client) => {
    const user = await userForUpdate(client, username);
    await setPassword(client, user.id, body.password, now);
    const sessionsEnded = await deleteUserSessions(client, user.id);
    await recordAudit(client, {
      at: now,
      actor: actor.username,
      action: 'user.password_reset',
      target: user.username,
      details: { sessionsEnded, unlocked: isLocked(user, now) },
      ip: actor.ip,
    });
  });
}

export async function unlockUserAsAdmin(deps: ApiDeps, username: string, actor: AdminActor) {
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const before = await userForUpdate(client, username);
    const after = (await unlockUser(client, before.id)) ?? before;
    await recordAudit(client, {
      at: now,
      actor: actor.username,
      action: 'user.unlocked',
      target: before.username,
      details: {
        wasLocked: isLocked(before, now),
        lockedUntil: isLocked(before, now) ? iso(before.lockedUntil) : null,
        failedLogins: before.failedLogins,
      },
      ip: actor.ip,
    });
    return adminUserView(after, now);
  });
}
