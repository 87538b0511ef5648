// /v2/user-tasks: search, get, assign, unassign, update, complete, form, and the variables a task
// sees. Request and response shapes as Camunda 8.8 documents them.
import { Router } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { assignUserTask, unassignUserTask, updateUserTask } from '../commands/user-task-updates.js';
import { notFound } from '../errors.js';
import {
  getUserTask,
  getUserTaskForm,
  searchUserTasks,
  USER_TASK_SORT_FIELDS,
  type UserTaskView,
} from '../queries/user-tasks.js';
import { searchVisibleVariables, VARIABLE_SORT_FIELDS } from '../queries/variables.js';
import {
  bodyOf,
  compact,
  DEFAULT_TENANT,
  dateTimeFilter,
  enumFilter,
  hostOf,
  integerFilter,
  iso,
  isoText,
  keyString,
  parseSearch,
  pathKey,
  renderPage,
  search,
  searchRequest,
  stringFilter,
  variableValueFilter,
  variablesObject,
} from './common.js';
import { badRequest, parseBody } from './problem.js';
import { renderVariable, truncateValuesParam } from './variables.js';

/** Camunda 8.8's user task states; the embedded engine's tasks are CREATED, COMPLETED or CANCELED. */
const USER_TASK_STATES = [
  'CREATING',
  'CREATED',
  'ASSIGNING',
  'UPDATING',
  'COMPLETING',
  'COMPLETED',
  'CANCELING',
  'CANCELED',
  'FAILED',
] as const;

const userTaskFilter = z
  .strictObject({
    userTaskKey: keyString,
    state: enumFilter(USER_TASK_STATES),
    assignee: stringFilter,
    candidateGroup: stringFilter,
    candidateUser: stringFilter,
    elementId: z.string(),
    elementInstanceKey: keyString,
    name: z.string(),
    processInstanceKey: keyString,
    processDefinitionKey: keyString,
    processDefinitionId: z.string(),
    priority: integerFilter,
    creationDate: dateTimeFilter,
    completionDate: dateTimeFilter,
    dueDate: dateTimeFilter,
    followUpDate: dateTimeFilter,
    tenantId: stringFilter,
    processInstanceVariables: z.array(variableValueFilter),
    localVariables: z.array(variableValueFilter),
  })
  .partial();

const userTaskSearch = searchRequest(userTaskFilter, USER_TASK_SORT_FIELDS);
const variableSearch = searchRequest(z.strictObject({ name: stringFilter }).partial(), VARIABLE_SORT_FIELDS);

const assignmentBody = z.object({
  assignee: z.string().min(1, 'expected a non-empty assignee'),
  allowOverride: z.boolean().nullish(),
  action: z.string().nullish(),
});

const changedDate = z.union([z.iso.datetime({ offset: true }), z.literal('')]).nullish();
const updateBody = z.object({
  changeset: z
    .object({
      dueDate: changedDate,
      followUpDate: changedDate,
      candidateGroups: z.array(z.string()).nullish(),
      candidateUsers: z.array(z.string()).nullish(),
      priority: z.number().int().min(0).max(100).nullish(),
    })
    .nullish(),
  action: z.string().nullish(),
});

const completionBody = z.object({ variables: variablesObject, action: z.string().nullish() });

/** A user task in the shape of Camunda 8.8's UserTaskResult. */
export function renderUserTask(task: UserTaskView) {
  return compact({
    userTaskKey: task.userTaskKey,
    name: task.name,
    state: task.state,
    assignee: task.assignee,
    elementId: task.elementId,
    elementInstanceKey: task.elementInstanceKey,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    processDefinitionId: task.processDefinitionId,
    processDefinitionKey: task.processDefinitionKey,
    processDefinitionVersion: task.processDefinitionVersion,
    processName: task.processName,
    processInstanceKey: task.processInstanceKey,
    creationDate: iso(task.creationDate),
    completionDate: iso(task.completionDate),
    dueDate: isoText(task.dueDate),
    followUpDate: isoText(task.followUpDate),
    formKey: task.formKey,
    externalFormReference: task.externalFormReference,
    customHeaders: task.customHeaders,
    priority: task.priority,
    tenantId: DEFAULT_TENANT,
  });
}

const missingTask = (key: string) => notFound(`User task with key '${key}' not found`);

export function userTasksRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.post('/v2/user-tasks/search', async (req, res) => {
    const query = parseSearch(userTaskSearch, req);
    const result = await search(() => searchUserTasks(host().db, query));
    res.json(renderPage(result, renderUserTask));
  });

  router.get('/v2/user-tasks/:userTaskKey', async (req, res) => {
    const key = pathKey(req, 'userTaskKey');
    const task = await getUserTask(host().db, key);
    if (!task) throw missingTask(key);
    res.json(renderUserTask(task));
  });

  router.get('/v2/user-tasks/:userTaskKey/form', async (req, res) => {
    const key = pathKey(req, 'userTaskKey');
    const { task, form } = await getUserTaskForm(host().db, key);
    if (!task) throw missingTask(key);
    if (!task.formKey) {
      res.status(204).end();
      return;
    }
    if (!form) throw notFound(`Form with key '${task.formKey}' of user task '${key}' not found`);
    res.json({
      formKey: form.formKey,
      formId: form.formId,
      // Camunda answers the form-js document as JSON text; older clients read its id as bpmnId.
      bpmnId: form.formId,
      schema: JSON.stringify(form.schema),
      version: form.version,
      tenantId: DEFAULT_TENANT,
    });
  });

  // The 8.8 API path, and the one Camunda's web apps call (effective-variables).
  router.post(
    [
      '/v2/user-tasks/:userTaskKey/variables/search',
      '/v2/user-tasks/:userTaskKey/effective-variables/search',
    ],
    async (req, res) => {
      const key = pathKey(req, 'userTaskKey');
      const query = parseSearch(variableSearch, req);
      const truncate = truncateValuesParam(req);
      const task = await getUserTask(host().db, key);
      if (!task) throw missingTask(key);
      const result = await search(() => searchVisibleVariables(host().db, task.elementInstanceKey, query));
      res.json(renderPage(result, (variable) => renderVariable(variable, truncate)));
    },
  );

  router.post('/v2/user-tasks/:userTaskKey/assignment', async (req, res) => {
    const key = pathKey(req, 'userTaskKey');
    const body = parseBody(assignmentBody, bodyOf(req));
    await assignUserTask(host(), key, body.assignee, { allowOverride: body.allowOverride ?? true });
    res.status(204).end();
  });

  router.delete('/v2/user-tasks/:userTaskKey/assignee', async (req, res) => {
    const key = pathKey(req, 'userTaskKey');
    await unassignUserTask(host(), key);
    res.status(204).end();
  });

  router.patch('/v2/user-tasks/:userTaskKey', async (req, res) => {
    const key = pathKey(req, 'userTaskKey');
    const { changeset, action } = parseBody(updateBody, bodyOf(req));
    const changes = Object.entries(changeset ?? {}).filter(
      ([, value]) => value !== undefined && value !== null,
    );
    if (changes.length === 0 && (action === undefined || action === null)) {
      throw badRequest(
        'Invalid request body: changeset: expected at least one of dueDate, followUpDate, candidateGroups, candidateUsers, priority (or an action)',
      );
    }
    await updateUserTask(host(), key, changeset ?? {});
    res.status(204).end();
  });

  router.post('/v2/user-tasks/:userTaskKey/completion', async (req, res) => {
    const key = pathKey(req, 'userTaskKey');
    const { variables } = parseBody(completionBody, bodyOf(req));
    await engine.completeUserTask(key, variables ?? undefined);
    res.status(204).end();
  });

  return router;
}
