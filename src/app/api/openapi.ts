// The OpenAPI 3.1 description of /api, served at GET /api/openapi.json. The schemas are the zod
// schemas the routes parse with (and describe their answers with), converted by zod's own JSON
// Schema output (draft 2020-12, the dialect of OpenAPI 3.1); the operations are listed here.
import { PETITION_VIEW_ROLES, REGISTER_ROLES } from '../auth/access.js';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/middleware.js';
import { ADMIN_OPERATIONS } from './operations-admin.js';
import { ATTACHMENT_OPERATIONS } from './operations-attachments.js';
import { MODEL_OPERATIONS } from './operations-models.js';
import { PROCESS_OPERATIONS } from './operations-process.js';
import { SUPERVISION_OPERATIONS } from './operations-supervision.js';
import { WORK_OPERATIONS } from './operations-work.js';
import { API_SCHEMAS } from './schemas.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  /** OpenAPI path template under /api. */
  path: string;
  summary: string;
  description?: string;
  /** Roles needed besides a session; empty: any signed-in user. */
  roles?: readonly string[];
  public?: boolean;
  /** Path parameters by default; `in: 'query'` for query parameters (optional unless `required`). */
  parameters?: { name: string; description: string; in?: 'path' | 'query'; required?: boolean }[];
  body?: string;
  /** status → schema id (undefined: no body). */
  responses: Record<number, string | undefined>;
  problems: number[];
}

/** The operations of the first routes (sessions, petitions, tasks, letters, reference data). */
const CORE_OPERATIONS: readonly Operation[] = [
  {
    method: 'post',
    path: '/api/session',
    summary: '登录',
    description:
      'Signs in with username and password. Sets an HttpOnly, SameSite=Strict session cookie (Secure over HTTPS) and answers the `csrfToken` that unsafe requests signed in by the cookie must send as `X-CSRF-Token`; with `bearer: true` the answer also carries the token for `Authorization: Bearer`. Sessions end after 12 hours without a request. Wrong credentials answer 401 without saying which part was wrong; 5 wrong passwords in a row lock the account for 15 minutes (423, with `lockedUntil`). A sign-in posted from a page of another site (`Origin`) answers 403.',
    public: true,
    body: 'LoginRequest',
    responses: { 200: 'Session' },
    problems: [400, 401, 403, 423],
  },
  {
    method: 'get',
    path: '/api/session',
    summary: '当前用户',
    responses: { 200: 'Session' },
    problems: [401],
  },
  {
    method: 'delete',
    path: '/api/session',
    summary: '退出登录',
    responses: { 204: undefined },
    problems: [401],
  },
  {
    method: 'post',
    path: '/api/petitions',
    summary: '登记信访事项',
    description:
      "Registers a petition. Every bad field is named in `errors`, and nothing is stored. A new case answers 201 and starts its `petition` process (`processStart: pending` when the engine did not answer: the start is retried). A repeat of an open case is linked to it and answers 200 with `repeatOf`; the open case's process receives the message `petition-repeated`.",
    roles: REGISTER_ROLES,
    body: 'RegisterPetitionRequest',
    responses: { 201: 'PetitionRegistered', 200: 'PetitionRepeat' },
    problems: [400, 401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/petitions/{number}',
    summary: '信访事项详情',
    description:
      'A petition with its units, deadlines (working days left), letters, timeline and the petitioner with masked identity. Unit users see only the petitions of their unit (others answer 404); accusations only the discipline unit.',
    roles: PETITION_VIEW_ROLES,
    parameters: [{ name: 'number', description: '信访事项编号，如 XF-2026-000123' }],
    responses: { 200: 'PetitionDetail' },
    problems: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/tasks',
    summary: '我的待办任务',
    description:
      "Open user tasks assigned to the user or offered to their candidate groups (office, office-review, supervision, discipline, recheck, unit:<code>, unit-head:<code>), soonest due first, each with its petition, the working days left and its urgency (`overdue`; `near_due`: due within 2 working days; `normal`). `scope`: `mine` (assigned to the user), `unit` (open tasks of the user's groups, whoever holds them), `claimable` (nobody holds them), `all` (default: every task the user may work). One page of the scope's tasks (`page`, `size`), its `total`, and the `counts` of all four lists under the same filters (for tabs).",
    parameters: [
      { name: 'scope', in: 'query', description: 'mine | unit | claimable | all（默认）' },
      {
        name: 'stage',
        in: 'query',
        description: '信访事项所处阶段（registered, triage, acceptance, handling …）',
      },
      { name: 'overdue', in: 'query', description: 'true：只看已逾期的' },
      {
        name: 'nearDue',
        in: 'query',
        description: 'true：只看临期的（2 个工作日内到期）；与 overdue 同时为 true 时两者都列出',
      },
      { name: 'q', in: 'query', description: '信访事项编号、标题或任务名称中的文字' },
      { name: 'page', in: 'query', description: '页码，从 1 开始' },
      { name: 'size', in: 'query', description: '每页条数（1–100，默认 20）' },
    ],
    responses: { 200: 'TaskList' },
    problems: [400, 401, 503],
  },
  {
    method: 'post',
    path: '/api/tasks/{key}/complete',
    summary: '办理任务',
    description:
      "Completes a user task with the values of its form. The values are checked against the task's Camunda Form (required fields, options, types, unknown keys), with the reference lists the form mentions (unitOptions, categoryOptions, areaOptions, channelOptions) as its options; the petition's timeline records who completed it and the choices made. Completing the triage task also records its decisions on the petition (kind, line, lead and co-handling units, procedure, risk level), and refuses a lead unit that is not active or an accusation sent anywhere but the discipline commission. A task that is no longer open answers 409.",
    parameters: [{ name: 'key', description: '任务编号（userTaskKey）' }],
    body: 'CompleteTaskRequest',
    responses: { 200: 'CompletedTask' },
    problems: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'post',
    path: '/api/petitions/{number}/recheck',
    summary: '请求复查或复核',
    description:
      "Registers the petitioner's request for a review (复查, within 30 days of the reply: starts the petition-recheck process) or a re-review (复核, within 30 days of the review decision). A request outside its period, or a second review request, answers 409.",
    roles: REGISTER_ROLES,
    parameters: [{ name: 'number', description: '信访事项编号' }],
    body: 'RecheckRequest',
    responses: { 201: undefined },
    problems: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'get',
    path: '/api/letters',
    summary: '函件（督办函、风险提醒函、问责建议函）',
    description:
      'Letters of one petition (`?petition=<number>`) or all visible ones. Units see the letters addressed to them.',
    responses: { 200: undefined },
    problems: [401, 403],
  },
  {
    method: 'get',
    path: '/api/letters/{id}/document',
    summary: '下载函件（.docx）',
    parameters: [{ name: 'id', description: '函件编号' }],
    responses: { 200: undefined },
    problems: [401, 404],
  },
  {
    method: 'post',
    path: '/api/letters/{id}/reply',
    summary: '书面回复函件',
    description: 'The addressed unit answers a letter in writing, once.',
    parameters: [{ name: 'id', description: '函件编号' }],
    body: 'LetterReplyRequest',
    responses: { 200: undefined },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/categories',
    summary: '信访事项类别',
    responses: { 200: 'CategoryList' },
    problems: [401],
  },
  {
    method: 'get',
    path: '/api/areas',
    summary: '属地（乡镇/街道）',
    responses: { 200: 'AreaList' },
    problems: [401],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: '接口说明（OpenAPI 3.1）',
    responses: { 200: undefined },
    problems: [401],
  },
];

// Each area of routes lists its operations in its own file; they are joined here.
export const API_OPERATIONS: readonly Operation[] = [
  ...CORE_OPERATIONS,
  ...WORK_OPERATIONS,
  ...PROCESS_OPERATIONS,
  ...MODEL_OPERATIONS,
  ...ADMIN_OPERATIONS,
  ...SUPERVISION_OPERATIONS,
  ...ATTACHMENT_OPERATIONS,
];

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: '请求有误：errors 列出每个有问题的字段',
  401: '未登录或登录已失效（登录时：用户名或密码不正确）',
  403: '无权进行此操作',
  404: '未找到',
  409: '状态冲突',
  413: '请求内容过大',
  415: '文件类型不允许，或内容与扩展名不符',
  422: '内容未通过检查，未做任何处理',
  423: '账户已锁定（连续多次密码错误）',
  503: '流程引擎暂不可用',
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(API_SCHEMAS, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function operationObject(operation: Operation) {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(operation.responses)) {
    responses[status] =
      schema === undefined
        ? { description: status === '204' ? 'No content' : 'OK' }
        : { description: 'OK', content: { 'application/json': { schema: ref(schema) } } };
  }
  for (const status of operation.problems) {
    responses[String(status)] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  const roles = operation.roles ?? [];
  return {
    operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: operation.summary,
    ...(operation.description === undefined && roles.length === 0
      ? {}
      : {
          description: [operation.description, roles.length > 0 ? `Roles: ${roles.join(', ')}.` : undefined]
            .filter((part) => part !== undefined)
            .join('\n\n'),
        }),
    ...(operation.public === true ? { security: [] } : {}),
    ...(operation.parameters === undefined
      ? {}
      : {
          parameters: operation.parameters.map((parameter) => ({
            name: parameter.name,
            in: parameter.in ?? 'path',
            required: (parameter.in ?? 'path') === 'path' || parameter.required === true,
            description: parameter.description,
            schema: { type: 'string' },
          })),
        }),
    ...(operation.body === undefined
      ? {}
      : {
          requestBody: { required: true, content: { 'application/json': { schema: ref(operation.body) } } },
        }),
    responses,
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached !== undefined) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of API_OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = operationObject(operation);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'xinfang-flow API',
      version: '0.1.0',
      description:
        '信访事项登记、办理与任务接口。错误以 RFC 9457 problem details 返回（application/problem+json）。',
    },
    servers: [{ url: '/' }],
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearerToken: { type: 'http', scheme: 'bearer' },
      },
    },
  };
  return cached;
}
