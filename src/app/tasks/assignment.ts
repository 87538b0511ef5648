// Claiming (认领) and releasing tasks. A group task is claimed by one of its candidates, and then
// only they work it; the holder, or the head of the task's unit, may give it back to the group.
// The petition's timeline records both.
import { addTimelineEntry, getPetitionByNumber } from '../../domain/petitions/index.js';
import { findUserByUsername } from '../../domain/users/index.js';
import type { ApiDeps } from '../api/deps.js';
import { candidateGroupsOf, mayWorkTask } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { callEngine, engineStatus } from '../engine/rest.js';
import { apiProblem } from '../problem.js';
import { loadTask, taskClosed, taskNotFound, taskVariables, type UserTask } from './engine-tasks.js';

type TaskAssignment = Pick<UserTask, 'assignee' | 'candidateGroups' | 'candidateUsers'>;

/** Whether the user may open the task: they may work it, or it is offered to one of their groups. */
export function maySeeTask(user: SessionUser, task: TaskAssignment): boolean {
  if (mayWorkTask(user, task)) return true;
  const groups = candidateGroupsOf(user);
  return task.candidateGroups.some((group) => groups.includes(group));
}

/** Whether the user may release the task: its holder, or the head of a unit it is offered to. */
export function mayReleaseTask(user: SessionUser, task: TaskAssignment): boolean {
  if (task.assignee !== null && task.assignee === user.username) return true;
  const unit = user.unitCode;
  if (unit === null || !user.roles.includes('unit_head')) return false;
  return task.candidateGroups.includes(`unit:${unit}`) || task.candidateGroups.includes(`unit-head:${unit}`);
}

async function displayName(deps: ApiDeps, username: string): Promise<string> {
  const holder = await findUserByUsername(deps.db, username);
  return holder === undefined ? username : `${holder.displayName}（${username}）`;
}

async function heldByOther(deps: ApiDeps, key: string, assignee: string) {
  return apiProblem(
    'conflict',
    409,
    `任务 ${key} 已由 ${await displayName(deps, assignee)} 认领，请联系其本人或单位负责人释放后再认领。`,
    '任务已被他人认领',
  );
}

async function recordOnTimeline(
  deps: ApiDeps,
  task: UserTask,
  kind: 'task-claimed' | 'task-released',
  user: SessionUser,
  detail: Record<string, unknown>,
): Promise<{ number: string } | null> {
  const number = (await taskVariables(deps, task.userTaskKey)).petitionId;
  const petition = typeof number === 'string' ? await getPetitionByNumber(deps.db, number) : undefined;
  if (petition === undefined) return null;
  await addTimelineEntry(
    deps.db,
    petition.id,
    kind,
    { at: new Date(await deps.engineNow()), actor: user.username },
    {
      task: task.name ?? task.elementId,
      elementId: task.elementId,
      userTaskKey: task.userTaskKey,
      actorName: user.displayName,
      ...detail,
    },
  );
  return { number: petition.number };
}

/** Assigns an open group task to the user. Claiming one's own task again changes nothing. */
export async function claimTask(deps: ApiDeps, key: string, user: SessionUser) {
  const task = await loadTask(deps, key);
  if (!maySeeTask(user, task)) throw taskNotFound(key);
  if (task.state !== 'CREATED') throw taskClosed(key);
  if (task.assignee === user.username) {
    return { task: { key, name: task.name, elementId: task.elementId, assignee: user.username } };
  }
  if (task.assignee !== null) throw await heldByOther(deps, key, task.assignee);
  if (!mayWorkTask(user, task)) throw apiProblem('forbidden', 403, '这项任务不属于您或您所在的单位。');
  try {
    await callEngine(() =>
      deps.engine.assignUserTask({ userTaskKey: key, assignee: user.username, allowOverride: false }),
    );
  } catch (error: unknown) {
    const status = engineStatus(error);
    if (status !== 404 && status !== 409) throw error;
    // Someone was quicker, or the task ended meanwhile: say which.
    const now = await loadTask(deps, key);
    if (now.state !== 'CREATED') throw taskClosed(key);
    if (now.assignee !== null && now.assignee !== user.username)
      throw await heldByOther(deps, key, now.assignee);
    throw error;
  }
  await recordOnTimeline(deps, task, 'task-claimed', user, {});
  return { task: { key, name: task.name, elementId: task.elementId, assignee: user.username } };
}

/** Gives a claimed task back to its candidate groups. */
export async function releaseTask(deps: ApiDeps, key: string, user: SessionUser) {
  const task = await loadTask(deps, key);
  if (!maySeeTask(user, task)) throw taskNotFound(key);
  if (task.state !== 'CREATED') throw taskClosed(key);
  if (task.assignee === null) {
    return { task: { key, name: task.name, elementId: task.elementId, assignee: null } };
  }
  if (!mayReleaseTask(user, task)) {
    throw apiProblem('forbidden', 403, '只有任务的认领人或本单位负责人可以释放任务。');
  }
  try {
    await callEngine(() => deps.engine.unassignUserTask({ userTaskKey: key }));
  } catch (error: unknown) {
    const status = engineStatus(error);
    if (status === 404 || status === 409) throw taskClosed(key);
    throw error;
  }
  await recordOnTimeline(deps, task, 'task-released', user, { previousAssignee: task.assignee });
  return { task: { key, name: task.name, elementId: task.elementId, assignee: null } };
}
