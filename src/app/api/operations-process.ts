// OpenAPI operations of the process view and the administrators' repairs of running processes.
import { PETITION_VIEW_ROLES } from '../auth/access.js';
import { z } from 'zod';
import '../process/process-actions.js';
import type { Operation } from './openapi.js';
import { API_SCHEMAS } from './schemas.js';

const instant = z.iso.datetime({ offset: true });

export const petitionProcessResponse = z
  .object({
    petition: z.object({ number: z.string(), title: z.string(), stage: z.string() }),
    instances: z.array(
      z.object({
        key: z.string(),
        processDefinitionId: z.string(),
        processDefinitionName: z.string().nullable(),
        processDefinitionKey: z.string(),
        processDefinitionVersion: z.number().int(),
        state: z.string(),
        startDate: instant.nullable(),
        endDate: instant.nullable(),
        parentProcessInstanceKey: z.string().nullable(),
        hasIncident: z.boolean(),
        bpmnXml: z.string(),
        elements: z.array(
          z.object({
            key: z.string(),
            elementId: z.string(),
            elementName: z.string().nullable(),
            type: z.string(),
            state: z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']),
            startDate: instant.nullable(),
            endDate: instant.nullable(),
            incidentKey: z.string().nullable(),
          }),
        ),
        activeElementIds: z.array(z.string()),
        sequenceFlows: z.array(z.string()),
        sequenceFlowsSource: z.enum(['engine', 'derived']).meta({
          description:
            'engine: the flows the engine recorded; derived: inferred from completed element instances',
        }),
        incidents: z.array(
          z.object({
            key: z.string(),
            elementId: z.string(),
            elementInstanceKey: z.string(),
            type: z.string(),
            message: z.string(),
            jobKey: z.string().nullable(),
            state: z.string(),
            createdAt: instant.nullable(),
          }),
        ),
      }),
    ),
    history: z.array(
      z.union([
        z.object({
          at: instant,
          source: z.literal('process'),
          event: z.enum(['started', 'completed', 'terminated']),
          processInstanceKey: z.string(),
          elementId: z.string(),
          elementName: z.string().nullable(),
          type: z.string(),
        }),
        z.object({
          at: instant,
          source: z.literal('petition'),
          kind: z.string(),
          actor: z.string(),
          detail: z.record(z.string(), z.unknown()),
        }),
      ]),
    ),
  })
  .register(API_SCHEMAS, { id: 'PetitionProcess' });

export const processActionResponse = z
  .record(z.string(), z.unknown())
  .meta({ description: 'What was changed: { incident }, { job } or { processInstance }' })
  .register(API_SCHEMAS, { id: 'ProcessActionResult' });

export const PROCESS_OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/petitions/{number}/process',
    summary: '信访事项的流程实例（流程图、节点状态、异常、历史）',
    description:
      "The petition's process instances (main process, 复查 process, called processes): each with its model's BPMN XML, element instances (ACTIVE / COMPLETED / TERMINATED with start and end), the sequence flows taken, incidents, and one history in time order of the engine's steps and the petition's timeline. Visible as GET /api/petitions/{number}: a unit outside the case gets 404.",
    roles: PETITION_VIEW_ROLES,
    parameters: [{ name: 'number', description: '信访事项编号' }],
    responses: { 200: 'PetitionProcess' },
    problems: [401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/api/process/incidents/{key}/resolve',
    summary: '处理流程异常（incident）',
    description:
      'Resolves an incident. For a failed job the job first gets `retries` again (default 1), as Operate does, so it runs again. Audited as `process.incident_resolved`.',
    roles: ['admin'],
    parameters: [{ name: 'key', description: '异常编号（incidentKey）' }],
    body: 'ResolveIncidentRequest',
    responses: { 200: 'ProcessActionResult' },
    problems: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'post',
    path: '/api/process/jobs/{key}/retries',
    summary: '设置作业重试次数',
    description: 'Sets the retries of a job (1–100). Audited as `process.job_retried`.',
    roles: ['admin'],
    parameters: [{ name: 'key', description: '作业编号（jobKey）' }],
    body: 'JobRetriesRequest',
    responses: { 200: 'ProcessActionResult' },
    problems: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'post',
    path: '/api/process/instances/{key}/modify',
    summary: '修改流程实例（移动节点）',
    description:
      'Moves a stuck instance: activates elements of its model and terminates its active element instances, in one engine command. Unknown elements or element instances are named in a 400 and nothing changes. Audited as `process.instance_modified`.',
    roles: ['admin'],
    parameters: [{ name: 'key', description: '流程实例编号（processInstanceKey）' }],
    body: 'ModifyInstanceRequest',
    responses: { 200: 'ProcessActionResult' },
    problems: [400, 401, 403, 404, 409, 503],
  },
];
