// OpenAPI operations of the supervision routes: petition search, repeat hints, the dashboard and
// its export. Their answers' schemas are registered here.
import { PETITION_VIEW_ROLES, REGISTER_ROLES } from '../auth/access.js';
import { DASHBOARD_ROLES } from '../dashboard/dashboard.js';
import { z } from 'zod';
import { CHANNELS, RISK_LEVELS, STAGES } from '../../domain/vocabulary.js';
import { URGENCIES } from '../tasks/urgency.js';
import type { Operation } from './openapi.js';
import { API_SCHEMAS } from './schemas.js';

const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();
const named = z.object({ code: z.string(), name: z.string() });

export const petitionSearchResponse = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(
      z.object({
        number: z.string(),
        title: z.string(),
        channel: z.enum(CHANNELS),
        category: named,
        area: named,
        stage: z.enum(STAGES),
        leadUnit: named.nullable(),
        registeredAt: instant,
        deadline: z
          .object({
            stage: z.enum(['accept', 'handle']),
            due: instant,
            workingDaysLeft: z.number().int().nullable(),
            urgency: z.enum(URGENCIES),
          })
          .nullable()
          .meta({
            description:
              'The deadline in force: acceptance while awaiting acceptance, handling while handled',
          }),
        repeatCount: z.number().int(),
        riskLevel: z.enum(RISK_LEVELS),
        skipLevel: z.boolean(),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'PetitionSearchResult' });

export const petitionHintsResponse = z
  .object({
    petitionerMatchedBy: z.enum(['idNumber', 'phone']).nullable(),
    items: z.array(
      z.object({
        number: z.string(),
        title: z.string(),
        stage: z.enum(STAGES),
        open: z.boolean(),
        registeredAt: instant,
        similarity: z.number().min(0).max(1).nullable(),
        reasons: z.array(z.enum(['same_petitioner', 'similar_content'])),
        reasonText: z.string().meta({ description: '同一信访人、内容相似' }),
        likelyRepeat: z.boolean(),
        petitioner: z.object({ name: z.string(), idNumberMasked: z.string() }).nullable(),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'PetitionHints' });

const ratio = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
});
const unitRates = z.object({
  unit: named.nullable(),
  timelyAcceptance: ratio,
  onTimeReply: ratio,
  ratingParticipation: ratio,
  satisfaction: ratio,
  ratings: z.object({
    satisfied: z.number().int(),
    basically: z.number().int(),
    dissatisfied: z.number().int(),
  }),
});
const dueCounts = z.object({
  nearDue: z.number().int(),
  dueToday: z.number().int(),
  overdue: z.number().int(),
});
const series = named.extend({ total: z.number().int(), counts: z.array(z.number().int()) });

export const dashboardResponse = z
  .object({
    period: z.object({ from: day, to: day, bucket: z.enum(['day', 'week']) }),
    unit: named.nullable(),
    generatedAt: instant,
    registrations: z.object({
      total: z.number().int(),
      repeats: z.number().int(),
      repeatedCases: z.number().int(),
      skipLevel: z.number().int(),
    }),
    byStage: z.array(z.object({ stage: z.enum(STAGES), name: z.string(), count: z.number().int() })),
    deadlines: z.object({ accept: dueCounts, handle: dueCounts, total: dueCounts }),
    rates: z.object({ total: unitRates, units: z.array(unitRates) }),
    trends: z.object({
      bucket: z.enum(['day', 'week']),
      periods: z.array(day),
      total: z.array(z.number().int()),
      channel: z.array(series),
      category: z.array(series),
      area: z.array(series),
    }),
    hotTopics: z.array(named.extend({ count: z.number().int(), share: z.number() })),
    zeroShelving: z.object({
      count: z.number().int(),
      numbers: z.array(z.string()),
      source: z.enum(['database', 'engine-api', 'both', 'none']),
    }),
  })
  .register(API_SCHEMAS, { id: 'Dashboard' });

export const unitList = z
  .object({ items: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })) })
  .register(API_SCHEMAS, { id: 'UnitList' });

const query = (name: string, description: string) => ({ name, description, in: 'query' as const });
const periodParameters = [
  query('from', '统计开始日期 YYYY-MM-DD（默认本月 1 日）'),
  query('to', '统计截止日期 YYYY-MM-DD（含当日，默认今天；期间不超过 366 天）'),
  query('unit', '责任单位代码（主办或协办；单位负责人只能是本单位）'),
];

export const SUPERVISION_OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/units',
    summary: '责任单位（有效的）',
    description: 'Active units by code, name and kind, for the unit filters of the search and the dashboard.',
    responses: { 200: 'UnitList' },
    problems: [401],
  },
  {
    method: 'get',
    path: '/api/petitions',
    summary: '信访事项查询（全文检索）',
    description:
      'Full-text search in Chinese (every character pair of `q` must occur in number, title or content; a single character is a substring search), with filters and paging. Ordered by relevance when `q` is given, else newest first. Unit users see only the petitions of their unit (lead or co-handling); accusations only the discipline unit.',
    roles: PETITION_VIEW_ROLES,
    parameters: [
      query('q', '关键词（不超过 100 字）'),
      query('stage', '办理阶段，可重复或以逗号分隔'),
      query('channel', '信访渠道'),
      query('category', '问题类别代码'),
      query('area', '所属地区代码'),
      query('unit', '责任单位代码（主办或协办）'),
      query('status', 'open | closed | near_due（2 个工作日内到期，不含今日）| due_today | overdue'),
      query('registeredFrom', '登记日期起 YYYY-MM-DD'),
      query('registeredTo', '登记日期止 YYYY-MM-DD（含当日）'),
      query('repeat', 'true：只看重复信访'),
      query('skipLevel', 'true：只看越级访'),
      query('page', '页码，从 1 开始'),
      query('size', '每页条数，1–100（默认 20）'),
      query('sort', 'registeredAt | dueAt，可加 :asc 或 :desc'),
    ],
    responses: { 200: 'PetitionSearchResult' },
    problems: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/petitions/hints',
    summary: '登记时的重复件提示',
    description:
      "While registering: the same petitioner's open and recent petitions (matched by the ID number's blind index, or by phone and name) and recent petitions with a similar title or content (character-pair similarity ≥ 0.3, last 6 months). Masked identity only. Incomplete ID numbers and phones are ignored.",
    roles: REGISTER_ROLES,
    parameters: [
      query('name', '信访人姓名'),
      query('idNumber', '身份证号码'),
      query('phone', '联系电话'),
      query('title', '标题'),
      query('content', '信访内容（前 1000 字）'),
      query('category', '问题类别代码'),
    ],
    responses: { 200: 'PetitionHints' },
    problems: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/dashboard',
    summary: '督查统计',
    description:
      'Counts by stage, deadline warnings, 及时受理率 / 按期办结率 / 参评率 / 满意率 per lead unit, registration trends by channel, category and area, repeat and skip-level counts, hot topics and the 零搁置 check. A unit head sees their own unit only.',
    roles: DASHBOARD_ROLES,
    parameters: periodParameters,
    responses: { 200: 'Dashboard' },
    problems: [400, 401, 403, 503],
  },
  {
    method: 'get',
    path: '/api/dashboard/export',
    summary: '导出督查统计（Excel）',
    description:
      'The dashboard as an .xlsx workbook, one sheet per table, with the same numbers as `GET /api/dashboard`. Audited (`report.exported`).',
    roles: DASHBOARD_ROLES,
    parameters: periodParameters,
    responses: { 200: undefined },
    problems: [400, 401, 403, 503],
  },
];
