// The search's filters live in the address (?q=…&stage=…&page=…), so a search can be bookmarked,
// shared and gone back to. Defaults are left out of the address; what the server refuses (an
// unknown code) is still sent, so its message explains the problem.
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { STAGES, type Stage } from '../../../domain/vocabulary';
import type { Query } from '../../api/client';

export const PAGE_SIZES = [20, 50, 100] as const;
export const SORTS = ['', 'registeredAt:desc', 'registeredAt:asc', 'dueAt:asc', 'dueAt:desc'] as const;
export const STATUSES = ['open', 'closed', 'near_due', 'due_today', 'overdue'] as const;

export interface SearchFilters {
  q: string;
  stage: Stage[];
  channel: string;
  category: string;
  area: string;
  unit: string;
  status: string;
  registeredFrom: string;
  registeredTo: string;
  repeat: boolean;
  skipLevel: boolean;
  /** '' = the server's order: relevance with `q`, else newest first. */
  sort: string;
  page: number;
  size: number;
}

export function emptyFilters(): SearchFilters {
  return {
    q: '',
    stage: [],
    channel: '',
    category: '',
    area: '',
    unit: '',
    status: '',
    registeredFrom: '',
    registeredTo: '',
    repeat: false,
    skipLevel: false,
    sort: '',
    page: 1,
    size: PAGE_SIZES[0],
  };
}

type QueryItem = LocationQuery[string] | undefined;

function texts(value: QueryItem): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && item !== '');
}

const text = (value: QueryItem) => texts(value)[0] ?? '';

export function filtersFromQuery(query: LocationQuery): SearchFilters {
  const page = Number.parseInt(text(query.page), 10);
  const size = Number.parseInt(text(query.size), 10);
  const stages = texts(query.stage).flatMap((item) => item.split(','));
  return {
    q: text(query.q),
    stage: STAGES.filter((stage) => stages.includes(stage)),
    channel: text(query.channel),
    category: text(query.category),
    area: text(query.area),
    unit: text(query.unit),
    status: text(query.status),
    registeredFrom: text(query.registeredFrom),
    registeredTo: text(query.registeredTo),
    repeat: text(query.repeat) === 'true',
    skipLevel: text(query.skipLevel) === 'true',
    sort: text(query.sort),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: PAGE_SIZES.find((allowed) => allowed === size) ?? PAGE_SIZES[0],
  };
}

/** The address query of the filters, without the defaults. */
export function queryOfFilters(filters: SearchFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  const trimmed = filters.q.trim();
  if (trimmed !== '') query.q = trimmed;
  if (filters.stage.length > 0) query.stage = [...filters.stage];
  for (const key of [
    'channel',
    'category',
    'area',
    'unit',
    'status',
    'registeredFrom',
    'registeredTo',
    'sort',
  ] as const) {
    if (filters[key] !== '') query[key] = filters[key];
  }
  if (filters.repeat) query.repeat = 'true';
  if (filters.skipLevel) query.skipLevel = 'true';
  if (filters.page > 1) query.page = String(filters.page);
  if (filters.size !== PAGE_SIZES[0]) query.size = String(filters.size);
  return query;
}

/** The parameters of GET /api/petitions. */
export function apiQueryOf(filters: SearchFilters): Query {
  const query = queryOfFilters(filters);
  return {
    ...(query as Record<string, string | string[]>),
    page: filters.page,
    size: filters.size,
  };
}
