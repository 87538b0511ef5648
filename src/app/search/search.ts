// GET /api/petitions: the petition search of the list page. Full text in Chinese, filters,
// deadlines in force and paging, over the petitions the user may see (the scope is part of the
// SQL, so neither the page nor the total counts a petition the user may not open).
import { z } from 'zod';
import { addCalendarDays, shanghaiDayStart } from '../../domain/calendar/index.js';
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import type { Petition } from '../../domain/petitions/index.js';
import { DUE_STATUSES, searchPetitions, type PetitionFilter } from '../../domain/petitions/search.js';
import { listAreas, listCategories } from '../../domain/reference/index.js';
import { listUnits } from '../../domain/units/index.js';
import { CHANNELS, STAGES } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import type { SessionUser } from '../auth/sessions.js';
import { currentDeadline, dueBoundaries } from './deadlines.js';
import { codeParam, dayParam, flagParam, intParam, listParam } from './query-params.js';
import { petitionScopeOf } from './scope.js';

export const PETITION_STATUSES = ['open', 'closed', ...DUE_STATUSES] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export const SEARCH_SORTS = [
  'registeredAt',
  'registeredAt:asc',
  'registeredAt:desc',
  'dueAt',
  'dueAt:asc',
  'dueAt:desc',
] as const;

export const MAX_SEARCH_PAGE_SIZE = 100;
export const DEFAULT_SEARCH_PAGE_SIZE = 20;

export const SEARCH_LABELS = {
  q: '关键词',
  stage: '办理阶段',
  channel: '信访渠道',
  category: '问题类别',
  area: '所属地区',
  unit: '责任单位',
  status: '办理状态',
  registeredFrom: '登记日期起',
  registeredTo: '登记日期止',
  repeat: '重复信访',
  skipLevel: '越级访',
  page: '页码',
  size: '每页条数',
  sort: '排序',
} as const;

const L = SEARCH_LABELS;

/** Query parameters of GET /api/petitions; unknown ones are ignored (caches and tools add their own). */
export const petitionSearchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .max(100, { message: `${L.q}太长（不超过 100 个字）` })
      .optional(),
    stage: listParam(STAGES, L.stage).optional(),
    channel: z.enum(CHANNELS).optional(),
    category: codeParam(L.category).optional(),
    area: codeParam(L.area).optional(),
    unit: codeParam(L.unit).optional(),
    status: z.enum(PETITION_STATUSES).optional(),
    registeredFrom: dayParam(L.registeredFrom).optional(),
    registeredTo: dayParam(L.registeredTo).optional(),
    repeat: flagParam(L.repeat).optional(),
    skipLevel: flagParam(L.skipLevel).optional(),
    page: intParam(L.page, 1, 100_000).optional(),
    size: intParam(L.size, 1, MAX_SEARCH_PAGE_SIZE).optional(),
    sort: z.enum(SEARCH_SORTS).optional(),
  })
  .superRefine((query, context) => {
    if (query.registeredFrom !== undefined && query.registeredTo !== undefined) {
      if (query.registeredTo < query.registeredFrom) {
        context.addIssue({
          code: 'custom',
          path: ['registeredTo'],
          message: `${L.registeredTo}不能早于${L.registeredFrom}`,
        });
      }
    }
  });

/** Names of codes for the items of a page: categories, areas and units (few, and read together). */
export async function referenceNames(deps: Pick<ApiDeps, 'db'>) {
  const [categories, areas, units] = await Promise.all([
    listCategories(deps.db),
    listAreas(deps.db),
    listUnits(deps.db, { includeInactive: true }),
  ]);
  const named = (entries: { code: string; name: string }[]) => {
    const names = new Map(entries.map((entry) => [entry.code, entry.name]));
    return (code: string) => ({ code, name: names.get(code) ?? code });
  };
  return { category: named(categories), area: named(areas), unit: named(units) };
}

export async function searchPetitionsFor(deps: ApiDeps, query: unknown, user: SessionUser) {
  const params = parseOrThrow(petitionSearchQuery, query, SEARCH_LABELS);
  const scope = petitionScopeOf(user);
  const [calendar, now, names] = await Promise.all([
    loadCalendar(deps.db),
    deps.engineNow(),
    referenceNames(deps),
  ]);
  const size = params.size ?? DEFAULT_SEARCH_PAGE_SIZE;
  const page = params.page ?? 1;
  const filter: PetitionFilter = {
    text: params.q,
    stages: params.stage === undefined || params.stage.length === 0 ? undefined : params.stage,
    channel: params.channel,
    category: params.category,
    area: params.area,
    unit: params.unit,
    registeredFrom:
      params.registeredFrom === undefined ? undefined : new Date(shanghaiDayStart(params.registeredFrom)),
    registeredBefore:
      params.registeredTo === undefined
        ? undefined
        : new Date(shanghaiDayStart(addCalendarDays(params.registeredTo, 1))),
    repeat: params.repeat,
    skipLevel: params.skipLevel,
    scope,
    limit: size,
    offset: (page - 1) * size,
  };
  if (params.status === 'open') filter.open = true;
  else if (params.status === 'closed') filter.open = false;
  else if (params.status !== undefined) {
    filter.due = { status: params.status, at: dueBoundaries(calendar, now) };
  }
  if (params.sort !== undefined) {
    const [field, order] = params.sort.split(':') as ['registeredAt' | 'dueAt', 'asc' | 'desc' | undefined];
    filter.sort = { field, order: order ?? (field === 'dueAt' ? 'asc' : 'desc') };
  }
  const { items, total } = await searchPetitions(deps.db, filter);
  return {
    total,
    page,
    size,
    items: items.map((petition: Petition) => ({
      number: petition.number,
      title: petition.title,
      channel: petition.channel,
      category: names.category(petition.categoryCode),
      area: names.area(petition.areaCode),
      stage: petition.stage,
      leadUnit: petition.leadUnit === null ? null : names.unit(petition.leadUnit),
      registeredAt: petition.registeredAt.toISOString(),
      deadline: currentDeadline(petition, calendar, now),
      repeatCount: petition.repeatCount,
      riskLevel: petition.riskLevel,
      skipLevel: petition.skipLevel,
    })),
  };
}
