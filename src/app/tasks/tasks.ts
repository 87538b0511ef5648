// Task completion. Tasks live in the engine; the app reads them through the Camunda REST API and
// completes them after checking who asks and what they submit. The task list is in task-list.ts.
import { objectionTooLate } from './objection-window.js';
import { addTimelineEntry, getPetitionByNumber } from '../../domain/petitions/index.js';
import type { ApiDeps } from '../api/deps.js';
import { COMPLETE_TASK_LABELS, completeTaskBody } from '../api/schemas.js';
import { parseOrThrow } from '../api/validation.js';
import { mayWorkTask } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { callEngine, engineStatus } from '../engine/rest.js';
import { apiProblem, invalidInputProblem, ProblemError, type FieldError } from '../problem.js';
import { loadTask, TASK_KEY, taskClosed, taskForm, taskNotFound, taskVariables } from './engine-tasks.js';
import { formReferenceData } from './form-reference.js';
import { submittedChoices, validateFormSubmission } from './form-validation.js';
import { isTriageTask, recordTriage, triageUnitErrors } from './triage-record.js';

export { bySoonestDue, listTasks } from './task-list.js';

/**
 * Completes a task for the user: it must be open (409 otherwise) and theirs (403), and the
 * variables must fit its form (400 naming each field). The petition's timeline records who did it.
 */
export async function completeTask(deps: ApiDeps, key: string, input: unknown, user: SessionUser) {
  if (!TASK_KEY.test(key)) throw taskNotFound(key);
  const body = parseOrThrow(completeTaskBody, input, COMPLETE_TASK_LABELS);
  const variables = body.variables ?? {};
  const task = await loadTask(deps, key);

  if (task.state !== 'CREATED') throw taskClosed(key);
  if (!mayWorkTask(user, task)) throw apiProblem('forbidden', 403, '这项任务不属于您或您所在的单位。');

  const [seen, form] = await Promise.all([
    taskVariables(deps, key),
    taskForm(deps, task).then((found) => found?.schema),
  ]);
  const reference = await formReferenceData(deps, form);
  const errors: FieldError[] =
    form === undefined
      ? Object.keys(variables).map((name) => ({
          field: `variables.${name}`,
          message: `该任务没有表单，不能提交“${name}”`,
        }))
      : validateFormSubmission(form, variables, { ...seen, ...reference });
  const lateObjection = await objectionTooLate(deps, task, variables);
  if (lateObjection) errors.push(lateObjection);
  if (isTriageTask(task) && errors.length === 0) errors.push(...(await triageUnitErrors(deps, variables)));
  if (errors.length > 0) throw new ProblemError(invalidInputProblem(errors));

  try {
    await callEngine(() => deps.engine.completeUserTask({ userTaskKey: key, variables }));
  } catch (error: unknown) {
    const status = engineStatus(error);
    // Completed (or cancelled) by someone else between our check and our call.
    if (status === 404 || status === 409) throw taskClosed(key);
    throw error;
  }

  const number = typeof seen.petitionId === 'string' ? seen.petitionId : undefined;
  const petition = number === undefined ? undefined : await getPetitionByNumber(deps.db, number);
  if (petition !== undefined) {
    const act = { at: new Date(await deps.engineNow()), actor: user.username };
    if (isTriageTask(task)) await recordTriage(deps, petition, variables, act);
    await addTimelineEntry(deps.db, petition.id, 'task-completed', act, {
      task: task.name ?? task.elementId,
      elementId: task.elementId,
      userTaskKey: key,
      actorName: user.displayName,
      ...(form === undefined ? {} : { decisions: submittedChoices(form, variables) }),
    });
  }
  return {
    task: { key, name: task.name ?? null, elementId: task.elementId },
    petition: petition === undefined ? null : { number: petition.number },
  };
}
