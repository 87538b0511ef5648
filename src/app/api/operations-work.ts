// OpenAPI operations of the task routes added beside the task list: one task with its form,
// claiming and releasing. Their answers' schemas are registered here.
import { z } from 'zod';
import { URGENCIES } from '../tasks/urgency.js';
import type { Operation } from './openapi.js';
import { API_SCHEMAS } from './schemas.js';

const instant = z.iso.datetime({ offset: true });

export const taskDetailResponse = z
  .object({
    task: z.object({
      key: z.string(),
      name: z.string().nullable(),
      elementId: z.string(),
      processInstanceKey: z.string(),
      processDefinitionId: z.string(),
      formId: z.string().nullable(),
      dueDate: instant.nullable(),
      createdAt: instant.nullable(),
      assignee: z.string().nullable(),
      candidateGroups: z.array(z.string()),
      workingDaysLeft: z.number().int().nullable(),
      urgency: z.enum(URGENCIES),
    }),
    /** The Camunda Form (form-js schema) of the task; null for a task without a form. */
    form: z.record(z.string(), z.unknown()).nullable(),
    /**
     * The process variables the form shows or refers to (its initial data), with the reference
     * lists it mentions: unitOptions, categoryOptions, areaOptions, channelOptions.
     */
    variables: z.record(z.string(), z.unknown()),
    petition: z.object({ number: z.string(), title: z.string() }).nullable(),
    /** What the user may do with the task now. */
    actions: z.object({ complete: z.boolean(), claim: z.boolean(), release: z.boolean() }),
  })
  .register(API_SCHEMAS, { id: 'TaskDetail' });

export const taskAssignmentResponse = z
  .object({
    task: z.object({
      key: z.string(),
      name: z.string().nullable(),
      elementId: z.string(),
      assignee: z.string().nullable(),
    }),
  })
  .register(API_SCHEMAS, { id: 'TaskAssignment' });

const taskKey = { name: 'key', description: '任务编号（userTaskKey）' };

export const WORK_OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/tasks/{key}',
    summary: '任务详情（含表单）',
    description:
      "One open task with its Camunda Form (form-js schema, from the engine's user-task form), the variables the form needs as initial data (with the reference lists it mentions as select options: `unitOptions`, `categoryOptions`, `areaOptions`, `channelOptions`), the petition and what the user may do (`actions`). Users outside the task's candidates (and its groups) get 404; a task no longer open answers 409.",
    parameters: [taskKey],
    responses: { 200: 'TaskDetail' },
    problems: [401, 404, 409, 503],
  },
  {
    method: 'post',
    path: '/api/tasks/{key}/claim',
    summary: '认领任务',
    description:
      "Assigns an open group task to the user. Claiming one's own task again changes nothing; a task someone else holds answers 409 naming them. Recorded on the petition's timeline.",
    parameters: [taskKey],
    responses: { 200: 'TaskAssignment' },
    problems: [401, 403, 404, 409, 503],
  },
  {
    method: 'post',
    path: '/api/tasks/{key}/release',
    summary: '释放任务',
    description:
      "Gives a claimed task back to its candidate groups. Only its holder or the head (unit_head) of the task's unit may; others get 403. Recorded on the petition's timeline.",
    parameters: [taskKey],
    responses: { 200: 'TaskAssignment' },
    problems: [401, 403, 404, 409, 503],
  },
];
