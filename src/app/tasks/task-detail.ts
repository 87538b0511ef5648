// One task as the clerk opens it: the task, its Camunda form, the values the form starts with and
// the petition it belongs to, with what the user may do with it. Users outside the task's
// candidates get 404, so nobody learns of another unit's work.
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import { getPetitionByNumber } from '../../domain/petitions/index.js';
import type { ApiDeps } from '../api/deps.js';
import type { SessionUser } from '../auth/sessions.js';
import { mayReleaseTask, maySeeTask } from './assignment.js';
import { loadTask, taskClosed, taskForm, taskNotFound, taskVariables } from './engine-tasks.js';
import { formInitialData } from './form-data.js';
import { formReferenceData } from './form-reference.js';
import { mayWorkTask } from '../auth/access.js';
import { urgencyOf } from './urgency.js';

export async function taskDetail(deps: ApiDeps, key: string, user: SessionUser) {
  const task = await loadTask(deps, key);
  if (!maySeeTask(user, task)) throw taskNotFound(key);
  if (task.state !== 'CREATED') throw taskClosed(key);

  const [form, variables, calendar, now] = await Promise.all([
    taskForm(deps, task),
    taskVariables(deps, key),
    loadCalendar(deps.db),
    deps.engineNow(),
  ]);
  const reference = await formReferenceData(deps, form?.schema);
  const number = typeof variables.petitionId === 'string' ? variables.petitionId : undefined;
  const petition = number === undefined ? undefined : await getPetitionByNumber(deps.db, number);
  const due = task.dueDate === null ? null : Date.parse(task.dueDate);
  const mayWork = mayWorkTask(user, task);
  return {
    task: {
      key: task.userTaskKey,
      name: task.name,
      elementId: task.elementId,
      processInstanceKey: task.processInstanceKey,
      processDefinitionId: task.processDefinitionId,
      formId: form?.formId ?? null,
      dueDate: due === null || Number.isNaN(due) ? null : new Date(due).toISOString(),
      createdAt: task.creationDate,
      assignee: task.assignee,
      candidateGroups: task.candidateGroups,
      ...urgencyOf(due, now, calendar),
    },
    form: form?.schema ?? null,
    variables: form === undefined ? {} : formInitialData(form.schema, { ...variables, ...reference }),
    petition: petition === undefined ? null : { number: petition.number, title: petition.title },
    actions: {
      complete: mayWork,
      claim: mayWork && task.assignee === null,
      release: task.assignee !== null && mayReleaseTask(user, task),
    },
  };
}
