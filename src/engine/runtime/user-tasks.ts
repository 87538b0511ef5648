// Camunda user tasks (zeebe:userTask): created on activation with their assignment, schedule,
// priority and form; completed through the engine API; cancelled with their element.
import type { ElementNode } from '../model/types.js';
import { exprDateTime, exprNumber, exprString, exprStringList } from './expressions.js';
import { IncidentSignal, asIncident, type Runtime } from './runtime.js';
import type { ElementInstance, UserTask } from './state.js';
import { visibleVariables } from './variables.js';

const DEFAULT_PRIORITY = 50;

export function createUserTask(runtime: Runtime, element: ElementInstance, node: ElementNode): void {
  const { ctx } = runtime;
  const definition = node.userTask ?? {};
  const variables = visibleVariables(ctx, element.key);
  const evaluate = <T>(work: () => T) => asIncident('EXTRACT_VALUE_ERROR', work);

  const assignee = definition.assignee
    ? evaluate(() => exprString(definition.assignee!, variables, ctx.now))
    : null;
  const candidateGroups = definition.candidateGroups
    ? evaluate(() => exprStringList(definition.candidateGroups!, variables, ctx.now))
    : [];
  const candidateUsers = definition.candidateUsers
    ? evaluate(() => exprStringList(definition.candidateUsers!, variables, ctx.now))
    : [];
  const dueDate = definition.dueDate
    ? evaluate(() => exprDateTime(definition.dueDate!, variables, ctx.now))
    : null;
  const followUpDate = definition.followUpDate
    ? evaluate(() => exprDateTime(definition.followUpDate!, variables, ctx.now))
    : null;
  const priority = definition.priority
    ? evaluate(() => exprNumber(definition.priority!, variables, ctx.now))
    : DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
    throw new IncidentSignal(
      'EXTRACT_VALUE_ERROR',
      `Expected priority to be a number between 0 and 100, but was '${String(priority)}'`,
    );
  }
  let formKey: string | null = null;
  if (definition.formId) {
    formKey = ctx.latestFormKey(definition.formId) ?? null;
    if (formKey === null) {
      throw new IncidentSignal(
        'FORM_NOT_FOUND',
        `Expected to find a form with id '${definition.formId}', but no form with this id is found, at least a form with this id should be available.`,
      );
    }
  }
  const task: UserTask = {
    key: runtime.keys.take(),
    state: 'CREATED',
    elementInstanceKey: element.key,
    processInstanceKey: ctx.instance.key,
    processDefinitionKey: ctx.instance.processDefinitionKey,
    bpmnProcessId: ctx.instance.bpmnProcessId,
    processDefinitionVersion: ctx.instance.version,
    elementId: element.elementId,
    name: node.name ?? null,
    assignee: assignee === '' ? null : assignee,
    candidateGroups,
    candidateUsers,
    dueDate,
    followUpDate,
    priority,
    formKey,
    externalFormReference: definition.externalFormReference ?? null,
    customHeaders: node.taskHeaders,
    createdAt: ctx.now,
    completedAt: null,
  };
  ctx.userTasks.put(task);
  recordUserTask(runtime, task, 'CREATED');
}

export function cancelUserTasksOf(runtime: Runtime, element: ElementInstance): void {
  for (const task of runtime.ctx.userTasks.rows.values()) {
    if (task.elementInstanceKey === element.key && task.state === 'CREATED') {
      task.state = 'CANCELED';
      runtime.ctx.userTasks.touch(task);
      recordUserTask(runtime, task, 'CANCELED');
    }
  }
}

export function recordUserTask(runtime: Runtime, task: UserTask, intent: string): void {
  runtime.ctx.records.push({
    key: task.key,
    valueType: 'USER_TASK',
    intent,
    processInstanceKey: task.processInstanceKey,
    timestamp: runtime.ctx.now,
    value: {
      elementId: task.elementId,
      elementInstanceKey: task.elementInstanceKey,
      assignee: task.assignee,
      candidateGroups: task.candidateGroups,
      candidateUsers: task.candidateUsers,
      dueDate: task.dueDate,
      followUpDate: task.followUpDate,
      priority: task.priority,
      formKey: task.formKey,
    },
  });
}
