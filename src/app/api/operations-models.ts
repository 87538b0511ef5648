// OpenAPI operations of the designers' model routes.
import { z } from 'zod';
import '../models/model-body.js';
import type { Operation } from './openapi.js';
import { API_SCHEMAS } from './schemas.js';

const instant = z.iso.datetime({ offset: true });

export const lintResultSchema = z
  .object({
    fileName: z.string(),
    kind: z.enum(['bpmn', 'form']),
    ok: z.boolean().meta({ description: 'Nothing blocks a deployment (warnings do not)' }),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    items: z.array(
      z.object({
        elementId: z.string(),
        rule: z.string(),
        message: z.string(),
        category: z.enum(['error', 'warn', 'info', 'rule-error']),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'ModelLintResult' });

export const modelCatalogSchema = z
  .object({
    processes: z.array(
      z.object({
        processDefinitionId: z.string(),
        name: z.string().nullable(),
        latestVersion: z.number().int(),
        versions: z.array(
          z.object({
            key: z.string(),
            version: z.number().int(),
            resourceName: z.string().nullable(),
            deployedAt: instant.nullable().meta({
              description: 'Known for versions deployed through the app (audit log); null otherwise',
            }),
            deployedBy: z.string().nullable(),
            runningInstances: z.number().int(),
          }),
        ),
      }),
    ),
    forms: z.array(
      z.object({
        formId: z.string(),
        fileName: z.string().nullable().meta({ description: 'The file in forms/ (deployed at start)' }),
        versions: z.array(
          z.object({
            key: z.string(),
            version: z.number().int(),
            deployedAt: instant,
            deployedBy: z.string().nullable(),
          }),
        ),
        usedBy: z.array(
          z.object({
            processDefinitionId: z.string(),
            version: z.number().int(),
            elementIds: z.array(z.string()),
          }),
        ),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'ModelCatalog' });

export const modelDeploymentSchema = z
  .object({
    fileName: z.string(),
    kind: z.enum(['bpmn', 'form']),
    processes: z.array(
      z.object({
        processDefinitionId: z.string(),
        processDefinitionKey: z.string(),
        version: z.number().int(),
        resourceName: z.string(),
      }),
    ),
    forms: z.array(z.object({ formId: z.string(), formKey: z.string(), version: z.number().int() })),
    lint: lintResultSchema,
  })
  .register(API_SCHEMAS, { id: 'ModelDeployment' });

const DESIGNERS = ['designer', 'admin'];
const UPLOAD =
  'The body is the file itself (`application/xml`, `text/xml` or `text/plain`, name in `?fileName=`, default `model.bpmn`; at most 2 MB, else 413) or JSON `{fileName, content}` (the app reads JSON bodies up to 1 MB).';

export const MODEL_OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/models',
    summary: '已部署的流程模型与表单',
    description:
      'Every deployed process with each version (key, running instances; deployment time and user for versions deployed through the app) and the forms: those in forms/, those deployed through the app, and the user tasks that use each (latest versions).',
    roles: DESIGNERS,
    responses: { 200: 'ModelCatalog' },
    problems: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/models/{definitionKey}/xml',
    summary: '流程模型 XML',
    description:
      'The BPMN XML of a deployed process version (application/xml). A request that accepts only application/json gets `{definitionKey, xml}` instead.',
    roles: DESIGNERS,
    parameters: [{ name: 'definitionKey', description: '流程定义编号（processDefinitionKey）' }],
    responses: { 200: undefined },
    problems: [401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/api/models/lint',
    summary: '检查流程模型或表单',
    description: `Checks a .bpmn model with the project's model lint (Camunda 8.8 compatibility, bpmnlint rules, job types with a worker, forms that exist, valid timers, task headers) or a .form for its shape; one item per problem with element and rule. ${UPLOAD}`,
    roles: DESIGNERS,
    body: 'ModelUpload',
    responses: { 200: 'ModelLintResult' },
    problems: [400, 401, 403, 413],
  },
  {
    method: 'post',
    path: '/api/models/deploy',
    summary: '部署流程模型或表单',
    description: `Checks, then deploys a .bpmn or .form through the Camunda client. A file with an error is refused with 422 (\`report\` per element) and nothing is deployed; an unchanged file keeps its version. Audited as \`model.deployed\`. ${UPLOAD}`,
    roles: DESIGNERS,
    body: 'ModelUpload',
    responses: { 201: 'ModelDeployment' },
    problems: [400, 401, 403, 413, 422, 503],
  },
];
