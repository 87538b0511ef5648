// User task commands besides completion: assign, unassign and update (schedule, candidates,
// priority). Each runs as one instance command and writes an ASSIGNED or UPDATED record.
import { failedPrecondition, invalidArgument, notFound } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type { UserTask } from '../runtime/state.js';
import { recordUserTask } from '../runtime/user-tasks.js';
import type { CommandHost } from './host.js';

export interface UserTaskChangeset {
  /** RFC 3339 date-time; '' or null clears it. */
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateGroups?: string[] | null;
  candidateUsers?: string[] | null;
  priority?: number | null;
}

/** The attributes a changeset can change, in Camunda's naming. */
export const USER_TASK_CHANGE_ATTRIBUTES = [
  'dueDate',
  'followUpDate',
  'candidateGroups',
  'candidateUsers',
  'priority',
] as const;

async function onOpenTask<T>(
  host: CommandHost,
  userTaskKey: string,
  verb: string,
  work: (runtime: Runtime, task: UserTask) => T,
): Promise<T> {
  const missing = () =>
    notFound(`Expected to ${verb} user task with key '${userTaskKey}', but no such user task was found`);
  if (!/^\d{1,19}$/.test(userTaskKey)) throw missing();
  const { rows } = await host.db.query<{ process_instance_key: string }>(
    `SELECT process_instance_key::text AS process_instance_key FROM engine.user_tasks WHERE key = $1 AND state = 'CREATED'`,
    [userTaskKey],
  );
  const instanceKey = rows[0]?.process_instance_key;
  if (!instanceKey) throw missing();
  return host.onInstance(
    instanceKey,
    (runtime) => {
      const task = runtime.ctx.userTasks.get(userTaskKey);
      if (!task || task.state !== 'CREATED') throw missing();
      return work(runtime, task);
    },
    { missing },
  );
}

/**
 * Assigns the task. With `allowOverride` false a task already assigned to someone else is not
 * taken over (FAILED_PRECONDITION); assigning it again to the same user is accepted.
 */
export async function assignUserTask(
  host: CommandHost,
  userTaskKey: string,
  assignee: string,
  options: { allowOverride?: boolean } = {},
): Promise<void> {
  if (assignee.trim() === '') {
    throw invalidArgument(
      `Expected to assign user task '${userTaskKey}' to a non-empty assignee, but got '${assignee}'`,
    );
  }
  await onOpenTask(host, userTaskKey, 'assign', (runtime, task) => {
    if (options.allowOverride === false && task.assignee !== null && task.assignee !== assignee) {
      throw failedPrecondition(
        `Expected to assign user task with key '${userTaskKey}' to '${assignee}', but it is already assigned to '${task.assignee}' and allowOverride is false`,
      );
    }
    task.assignee = assignee;
    runtime.ctx.userTasks.touch(task);
    recordUserTask(runtime, task, 'ASSIGNED');
  });
}

export async function unassignUserTask(host: CommandHost, userTaskKey: string): Promise<void> {
  await onOpenTask(host, userTaskKey, 'unassign', (runtime, task) => {
    task.assignee = null;
    runtime.ctx.userTasks.touch(task);
    recordUserTask(runtime, task, 'ASSIGNED');
  });
}

function checkDateTime(field: string, value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw invalidArgument(`Expected ${field} to be an RFC 3339 date-time with an offset, but got '${value}'`);
  }
  return value;
}

/** Applies the attributes present in the changeset; returns the names of those it changed. */
export async function updateUserTask(
  host: CommandHost,
  userTaskKey: string,
  changeset: UserTaskChangeset,
): Promise<string[]> {
  const { dueDate, followUpDate, candidateGroups, candidateUsers, priority } = changeset;
  if (dueDate) checkDateTime('dueDate', dueDate);
  if (followUpDate) checkDateTime('followUpDate', followUpDate);
  if (
    priority !== undefined &&
    priority !== null &&
    (!Number.isInteger(priority) || priority < 0 || priority > 100)
  ) {
    throw invalidArgument(`Expected priority to be an integer between 0 and 100, but got '${priority}'`);
  }
  return onOpenTask(host, userTaskKey, 'update', (runtime, task) => {
    const changed: string[] = [];
    if (dueDate !== undefined && dueDate !== null) {
      task.dueDate = dueDate === '' ? null : dueDate;
      changed.push('dueDate');
    }
    if (followUpDate !== undefined && followUpDate !== null) {
      task.followUpDate = followUpDate === '' ? null : followUpDate;
      changed.push('followUpDate');
    }
    if (candidateGroups !== undefined && candidateGroups !== null) {
      task.candidateGroups = [...candidateGroups];
      changed.push('candidateGroups');
    }
    if (candidateUsers !== undefined && candidateUsers !== null) {
      task.candidateUsers = [...candidateUsers];
      changed.push('candidateUsers');
    }
    if (priority !== undefined && priority !== null) {
      task.priority = priority;
      changed.push('priority');
    }
    runtime.ctx.userTasks.touch(task);
    recordUserTask(runtime, task, 'UPDATED');
    return changed;
  });
}
