// The shapes of the API: request bodies (parsed with these schemas) and responses (described with
// them in the OpenAPI document). Field names follow docs/lifecycle.md and the domain.
import { z } from 'zod';
import { MAX_CONTENT_LENGTH, MAX_TITLE_LENGTH } from '../../domain/petitions/index.js';
import { normalizeIdNumber, normalizePhone } from '../../domain/petitioners/index.js';
import { ROLES } from '../../domain/users/index.js';
import { CHANNELS, LINES, PETITION_KINDS, PROCEDURES, RISK_LEVELS, STAGES } from '../../domain/vocabulary.js';
import type { FieldLabels } from './validation.js';

/** The named schemas of the OpenAPI document (components.schemas). */
export const API_SCHEMAS = z.registry<{ id: string }>();

/** A check that throws a DomainError (normalizeIdNumber …) as a zod issue with the domain's Chinese message. */
function domainCheck(check: (value: string) => unknown) {
  return (value: string, context: z.core.$RefinementCtx<string>) => {
    try {
      check(value);
    } catch (error: unknown) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : '格式不正确' });
    }
  };
}

const requiredText = (max: number) => z.string().trim().min(1).max(max);

// ---- requests ----------------------------------------------------------------------------

export const loginBody = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
    /** API clients: also answer the session token, to send as `Authorization: Bearer <token>`. */
    bearer: z.boolean().optional(),
  })
  .register(API_SCHEMAS, { id: 'LoginRequest' });

export const LOGIN_LABELS: FieldLabels = { username: '用户名', password: '密码', bearer: '是否返回令牌' };

export const registerPetitionBody = z
  .strictObject({
    channel: z.enum(CHANNELS),
    petitioner: z.strictObject({
      name: requiredText(50),
      idNumber: z.string().superRefine(domainCheck(normalizeIdNumber)),
      phone: z.string().superRefine(domainCheck(normalizePhone)),
      address: z.string().trim().max(200).optional(),
    }),
    title: requiredText(MAX_TITLE_LENGTH),
    content: requiredText(MAX_CONTENT_LENGTH),
    /** A category code (GET /api/categories). */
    category: z.string().trim().min(1).max(64),
    /** An area code (GET /api/areas). */
    area: z.string().trim().min(1).max(64),
    /** 初信初访; by default: the petitioner's first petition in this category. */
    firstTime: z.boolean().optional(),
    /** 越级访 */
    skipLevel: z.boolean().optional(),
  })
  .register(API_SCHEMAS, { id: 'RegisterPetitionRequest' });

export type RegisterPetitionBody = z.output<typeof registerPetitionBody>;

export const PETITION_LABELS: FieldLabels = {
  channel: '信访渠道',
  petitioner: '信访人',
  'petitioner.name': '信访人姓名',
  'petitioner.idNumber': '身份证号码',
  'petitioner.phone': '联系电话',
  'petitioner.address': '住址',
  title: '标题',
  content: '信访内容',
  category: '信访事项类别',
  area: '属地（乡镇/街道）',
  firstTime: '初信初访',
  skipLevel: '越级访',
};

export const completeTaskBody = z
  .strictObject({
    /** The form's fields, by key; checked against the task's form. */
    variables: z.record(z.string(), z.unknown()).optional(),
  })
  .register(API_SCHEMAS, { id: 'CompleteTaskRequest' });

export const COMPLETE_TASK_LABELS: FieldLabels = { variables: '表单内容' };

// ---- responses ---------------------------------------------------------------------------

const instant = z.iso.datetime({ offset: true });
const coded = z.object({ code: z.string(), name: z.string() });

export const userSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    unitCode: z.string().nullable(),
  })
  .register(API_SCHEMAS, { id: 'User' });

export const sessionResponse = z
  .object({
    user: userSchema,
    expiresAt: instant,
    /** For the header X-CSRF-Token of unsafe requests signed in by the cookie. */
    csrfToken: z.string(),
    /** Only when the login asked for it (`bearer: true`). */
    token: z.string().optional(),
  })
  .register(API_SCHEMAS, { id: 'Session' });

export const petitionSummary = z
  .object({
    number: z.string(),
    title: z.string(),
    channel: z.enum(CHANNELS),
    category: z.string(),
    area: z.string(),
    stage: z.enum(STAGES),
    firstTime: z.boolean(),
    skipLevel: z.boolean(),
    repeatCount: z.number().int(),
    riskLevel: z.enum(RISK_LEVELS),
    processInstanceKey: z.string().nullable(),
    registeredAt: instant,
    registeredBy: z.string(),
  })
  .register(API_SCHEMAS, { id: 'PetitionSummary' });

export const registeredResponse = z
  .object({
    petition: petitionSummary,
    /** started: the process runs; pending: the engine did not answer, the start is retried. */
    processStart: z.enum(['started', 'pending']),
  })
  .register(API_SCHEMAS, { id: 'PetitionRegistered' });

export const repeatResponse = z
  .object({
    petition: petitionSummary,
    repeatOf: z.object({ number: z.string(), repeatCount: z.number().int() }),
    /** Whether the open case's process has been told (otherwise retried). */
    messagePublished: z.boolean(),
  })
  .register(API_SCHEMAS, { id: 'PetitionRepeat' });

const deadline = z
  .object({
    due: instant,
    /** Working days from today (Asia/Shanghai) to the due day: 0 due today, negative overdue; null beyond the published holiday schedule. */
    workingDaysLeft: z.number().int().nullable(),
  })
  .nullable();

export const petitionDetail = z
  .object({
    number: z.string(),
    title: z.string(),
    content: z.string(),
    channel: z.enum(CHANNELS),
    category: coded,
    area: coded,
    kind: z.enum(PETITION_KINDS).nullable(),
    line: z.enum(LINES),
    procedure: z.enum(PROCEDURES).nullable(),
    riskLevel: z.enum(RISK_LEVELS),
    stage: z.enum(STAGES),
    firstTime: z.boolean(),
    skipLevel: z.boolean(),
    repeatCount: z.number().int(),
    repeatOf: z.object({ number: z.string() }).nullable(),
    processInstanceKey: z.string().nullable(),
    registeredAt: instant,
    registeredBy: z.string(),
    repliedAt: instant.nullable(),
    closedAt: instant.nullable(),
    leadUnit: coded.nullable(),
    coUnits: z.array(coded),
    deadlines: z.object({ accept: deadline, handle: deadline }),
    petitioner: z.object({
      name: z.string(),
      idNumberMasked: z.string(),
      phoneMasked: z.string().nullable(),
    }),
    letters: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        kind: z.string(),
        stage: z.string(),
        unit: coded,
        issuedAt: instant,
        replyDue: instant,
        status: z.string(),
      }),
    ),
    timeline: z.array(
      z.object({
        at: instant,
        kind: z.string(),
        actor: z.string(),
        detail: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'PetitionDetail' });

export const taskItem = z
  .object({
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
    petition: z.object({ number: z.string(), title: z.string() }).nullable(),
    /** Of the petition: its channel, stage and lead unit. */
    channel: z.enum(CHANNELS).nullable(),
    stage: z.enum(STAGES).nullable(),
    leadUnit: coded.nullable(),
    /** Working days from today to the due day: 0 due today, negative overdue; null without a due date or beyond the published holiday schedule. */
    workingDaysLeft: z.number().int().nullable(),
    /** overdue; near_due: due within 2 working days; normal. */
    urgency: z.enum(['overdue', 'near_due', 'normal']),
  })
  .register(API_SCHEMAS, { id: 'Task' });

const taskCount = z.number().int();

export const taskList = z
  .object({
    /** Tasks of the scope asked for that pass the filters; `items` is one page of them. */
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    /** Tasks of each list under the same filters. */
    counts: z.object({ mine: taskCount, unit: taskCount, claimable: taskCount, all: taskCount }),
    items: z.array(taskItem),
  })
  .register(API_SCHEMAS, { id: 'TaskList' });

export const completedTask = z
  .object({
    task: z.object({ key: z.string(), name: z.string().nullable(), elementId: z.string() }),
    petition: z.object({ number: z.string() }).nullable(),
  })
  .register(API_SCHEMAS, { id: 'CompletedTask' });

export const categoryList = z
  .object({
    items: z.array(
      z.object({ code: z.string(), name: z.string(), line: z.enum(LINES), accusation: z.boolean() }),
    ),
  })
  .register(API_SCHEMAS, { id: 'CategoryList' });

export const areaList = z
  .object({ items: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })) })
  .register(API_SCHEMAS, { id: 'AreaList' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z
      .string()
      .optional()
      .meta({ description: 'On 5xx answers: the X-Request-Id of the request, as in the server log' }),
  })
  .register(API_SCHEMAS, { id: 'Problem' });
