// GET /api/dashboard: the supervision dashboard (督查督办) of a period. Every figure a chart
// shows is in the answer, so the page can show the numbers behind each chart and the export
// writes the same ones. Formulas and cohorts: docs/api.md, "Dashboard".
import { z } from 'zod';
import {
  addCalendarDays,
  shanghaiDayStart,
  toShanghaiDate,
  type WorkingDayCalendar,
} from '../../domain/calendar/index.js';
import { dateOfDayNumber, dayNumber, isoWeekdayOfDayNumber } from '../../domain/calendar/dates.js';
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import { scopeCondition, SqlConditions, type PetitionScope } from '../../domain/petitions/search.js';
import { CHANNELS, STAGES, type Channel, type Stage } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { hasAnyRole } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { apiProblem } from '../problem.js';
import { dueBoundaries } from '../search/deadlines.js';
import { codeParam, dayParam } from '../search/query-params.js';
import { petitionScopeOf } from '../search/scope.js';
import { referenceNames } from '../search/search.js';
import { CHANNEL_NAMES, STAGE_NAMES } from './labels.js';
import { shelvedPetitions, type ShelvingSource } from './shelving.js';
import type { Role } from '../../domain/users/index.js';

/** Roles that see the whole county's figures. */
export const DASHBOARD_COUNTY_ROLES: readonly Role[] = [
  'supervisor',
  'leader',
  'office',
  'office_review',
  'admin',
];
/** Every role that may open the dashboard: a unit head sees their own unit's figures only. */
export const DASHBOARD_ROLES: readonly Role[] = [...DASHBOARD_COUNTY_ROLES, 'unit_head'];

/** Longest period, in days. */
export const MAX_PERIOD_DAYS = 366;
/** Periods up to this many days are charted by day, longer ones by week. */
export const DAILY_TREND_DAYS = 62;
/** Categories in the hot-topic list. */
export const HOT_TOPICS = 10;

export const DASHBOARD_LABELS = { from: '统计开始日期', to: '统计截止日期', unit: '责任单位' } as const;

export const dashboardQuery = z
  .object({
    from: dayParam(DASHBOARD_LABELS.from).optional(),
    to: dayParam(DASHBOARD_LABELS.to).optional(),
    unit: codeParam(DASHBOARD_LABELS.unit).optional(),
  })
  .superRefine((query, context) => {
    if (query.from === undefined || query.to === undefined) return;
    if (query.to < query.from) {
      context.addIssue({ code: 'custom', path: ['to'], message: '统计截止日期不能早于统计开始日期' });
    } else if (dayNumber(query.to) - dayNumber(query.from) + 1 > MAX_PERIOD_DAYS) {
      context.addIssue({ code: 'custom', path: ['to'], message: `统计期间不能超过 ${MAX_PERIOD_DAYS} 天` });
    }
  });

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator, 4 decimals; null when the denominator is 0. */
  rate: number | null;
}

const ratio = (numerator: number, denominator: number): Ratio => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
});

export interface UnitRates {
  unit: { code: string; name: string } | null;
  /** 及时受理率 */
  timelyAcceptance: Ratio;
  /** 按期办结率 */
  onTimeReply: Ratio;
  /** 参评率 */
  ratingParticipation: Ratio;
  /** 满意率 (满意 + 基本满意) */
  satisfaction: Ratio;
  ratings: { satisfied: number; basically: number; dissatisfied: number };
}

interface Period {
  from: string;
  to: string;
  fromAt: Date;
  /** Exclusive: the start of the day after `to`. */
  toAt: Date;
  bucket: 'day' | 'week';
}

/** The user's scope and unit filter; a unit head is held to their own unit. */
function dashboardScope(
  user: SessionUser,
  unit: string | undefined,
): { scope: PetitionScope | undefined; unit: string | undefined } {
  if (hasAnyRole(user, DASHBOARD_COUNTY_ROLES)) return { scope: undefined, unit };
  if (!user.roles.includes('unit_head') || user.unitCode === null) {
    throw apiProblem('forbidden', 403, '您的角色无权查看督查统计。');
  }
  if (unit !== undefined && unit !== user.unitCode) {
    throw apiProblem('forbidden', 403, '单位负责人只能查看本单位的统计。');
  }
  return { scope: petitionScopeOf(user), unit: user.unitCode };
}

function periodOf(query: { from?: string | undefined; to?: string | undefined }, nowMs: number): Period {
  const today = toShanghaiDate(nowMs);
  const to = query.to ?? (query.from !== undefined && query.from > today ? query.from : today);
  // Default: the month so far.
  const from = query.from ?? `${to.slice(0, 8)}01`;
  const days = dayNumber(to) - dayNumber(from) + 1;
  return {
    from,
    to,
    fromAt: new Date(shanghaiDayStart(from)),
    toAt: new Date(shanghaiDayStart(addCalendarDays(to, 1))),
    bucket: days <= DAILY_TREND_DAYS ? 'day' : 'week',
  };
}

/** The buckets of the period: each day, or each week by its Monday. */
function bucketsOf(period: Period): string[] {
  const first = dayNumber(period.from);
  const last = dayNumber(period.to);
  const start = period.bucket === 'day' ? first : first - (isoWeekdayOfDayNumber(first) - 1);
  const step = period.bucket === 'day' ? 1 : 7;
  const buckets: string[] = [];
  for (let day = start; day <= last; day += step) buckets.push(dateOfDayNumber(day));
  return buckets;
}

/** The conditions every figure shares: the user's scope and the unit (as lead or co-handling unit). */
function scoped(scope: PetitionScope | undefined, unit: string | undefined): SqlConditions {
  const w = new SqlConditions();
  if (scope !== undefined) scopeCondition(w, 'p', scope);
  if (unit !== undefined) {
    const code = w.param(unit, 'text');
    w.add(`(p.lead_unit = ${code} OR ${code} = ANY (p.co_units))`);
  }
  return w;
}

const count = (value: string | number | null | undefined) => Number(value ?? 0);

async function registrations(deps: ApiDeps, base: SqlConditions, period: Period) {
  const w = new SqlConditions();
  w.values.push(...base.values);
  w.add(base.where());
  w.add(`p.registered_at >= ${w.param(period.fromAt, 'timestamptz')}`);
  w.add(`p.registered_at < ${w.param(period.toAt, 'timestamptz')}`);
  const bucket = w.param(period.bucket, 'text');
  const { rows } = await deps.db.query<{
    bucket: string;
    channel: Channel | null;
    category: string | null;
    area: string | null;
    g_channel: number;
    g_category: number;
    g_area: number;
    registrations: string;
    repeats: string;
    repeated_cases: string;
    skip_level: string;
  }>(
    `SELECT to_char(s.bucket, 'YYYY-MM-DD') AS bucket, s.channel, s.category, s.area,
            GROUPING(s.channel) AS g_channel, GROUPING(s.category) AS g_category, GROUPING(s.area) AS g_area,
            count(*) AS registrations,
            count(*) FILTER (WHERE s.repeat_of IS NOT NULL) AS repeats,
            count(*) FILTER (WHERE s.repeat_of IS NULL AND s.repeat_count > 0) AS repeated_cases,
            count(*) FILTER (WHERE s.skip_level) AS skip_level
       FROM (SELECT date_trunc(${bucket}, p.registered_at AT TIME ZONE 'Asia/Shanghai') AS bucket,
                    p.channel, p.category_code AS category, p.area_code AS area,
                    p.repeat_of, p.repeat_count, p.skip_level
               FROM app.petitions p WHERE ${w.where()}) s
      GROUP BY GROUPING SETS ((s.bucket), (s.bucket, s.channel), (s.bucket, s.category), (s.bucket, s.area))`,
    w.values,
  );
  return rows;
}

async function casesByStage(deps: ApiDeps, base: SqlConditions, period: Period) {
  const w = new SqlConditions();
  w.values.push(...base.values);
  w.add(base.where());
  w.add('p.repeat_of IS NULL');
  w.add(`p.registered_at >= ${w.param(period.fromAt, 'timestamptz')}`);
  w.add(`p.registered_at < ${w.param(period.toAt, 'timestamptz')}`);
  const { rows } = await deps.db.query<{ stage: Stage; cases: string }>(
    `SELECT p.stage, count(*) AS cases FROM app.petitions p WHERE ${w.where()} GROUP BY p.stage`,
    w.values,
  );
  const counts = new Map(rows.map((row) => [row.stage, count(row.cases)]));
  return STAGES.map((stage) => ({ stage, name: STAGE_NAMES[stage], count: counts.get(stage) ?? 0 }));
}

async function deadlineCounts(
  deps: ApiDeps,
  base: SqlConditions,
  calendar: WorkingDayCalendar,
  nowMs: number,
) {
  const { now, todayEnd, nearDueEnd } = dueBoundaries(calendar, nowMs);
  const w = new SqlConditions();
  w.values.push(...base.values);
  w.add(base.where());
  w.add(`p.stage IN ('acceptance', 'handling', 'review')`);
  const n = w.param(now, 'timestamptz');
  const t = w.param(todayEnd, 'timestamptz');
  const near = w.param(nearDueEnd, 'timestamptz');
  const states = (due: string, stage: string) => `
    count(*) FILTER (WHERE ${stage} AND ${due} > greatest(${t}, ${n}) AND ${due} < ${near}) AS ${due.replace('p.', '')}_near,
    count(*) FILTER (WHERE ${stage} AND ${due} > ${n} AND ${due} <= ${t}) AS ${due.replace('p.', '')}_today,
    count(*) FILTER (WHERE ${stage} AND ${due} <= ${n}) AS ${due.replace('p.', '')}_overdue`;
  const { rows } = await deps.db.query<Record<string, string>>(
    `SELECT ${states('p.accept_due', `p.stage = 'acceptance'`)},
            ${states('p.handle_due', `p.stage IN ('handling', 'review')`)}
       FROM app.petitions p WHERE ${w.where()}`,
    w.values,
  );
  const row = rows[0] ?? {};
  const of = (prefix: string) => ({
    nearDue: count(row[`${prefix}_near`]),
    dueToday: count(row[`${prefix}_today`]),
    overdue: count(row[`${prefix}_overdue`]),
  });
  const accept = of('accept_due');
  const handle = of('handle_due');
  return {
    accept,
    handle,
    total: {
      nearDue: accept.nearDue + handle.nearDue,
      dueToday: accept.dueToday + handle.dueToday,
      overdue: accept.overdue + handle.overdue,
    },
  };
}

interface RateRow {
  lead_unit: string | null;
  is_total: number;
  accept_denominator: string;
  accept_numerator: string;
  handle_denominator: string;
  handle_numerator: string;
  replied: string;
  rated: string;
  satisfied: string;
  basically: string;
  dissatisfied: string;
}

/** The four rates per lead unit (主办单位, who answers for the deadlines) and for all of them. */
async function rates(
  deps: ApiDeps,
  scope: PetitionScope | undefined,
  unit: string | undefined,
  period: Period,
  nowMs: number,
) {
  const w = new SqlConditions();
  if (scope !== undefined) scopeCondition(w, 'p', scope);
  if (unit !== undefined) w.add(`p.lead_unit = ${w.param(unit, 'text')}`);
  w.add('p.repeat_of IS NULL AND p.lead_unit IS NOT NULL');
  const from = w.param(period.fromAt, 'timestamptz');
  const to = w.param(period.toAt, 'timestamptz');
  const now = w.param(new Date(nowMs), 'timestamptz');
  const within = (column: string) => `(${column} >= ${from} AND ${column} < ${to})`;
  w.add(`(${within('p.accept_due')} OR ${within('p.handle_due')} OR ${within('p.replied_at')})`);
  const { rows } = await deps.db.query<RateRow>(
    `WITH cohort AS (
       SELECT p.id, p.lead_unit, p.accept_due, p.handle_due, p.replied_at,
              ${within('p.accept_due')} AS accept_in, ${within('p.handle_due')} AS handle_in,
              ${within('p.replied_at')} AS replied_in
         FROM app.petitions p WHERE ${w.where()}
     ), measured AS (
       SELECT c.*,
              -- the acceptance decision: the petition left the acceptance stage, accepted or not
              (SELECT min(t.at) FROM app.timeline t
                WHERE c.accept_in AND t.petition_id = c.id AND t.kind = 'stage-changed'
                  AND t.detail->>'from' = 'acceptance' AND t.detail->>'to' IN ('handling', 'rejected')) AS decided_at,
              -- the return visit's rating of the handling (the latest, after a redo)
              (SELECT r.rating FROM app.ratings r
                WHERE c.replied_in AND r.petition_id = c.id AND r.stage IN ('handle', 'overall')
                ORDER BY r.at DESC, r.id DESC LIMIT 1) AS rating
         FROM cohort c
     )
     SELECT lead_unit, GROUPING(lead_unit) AS is_total,
            count(*) FILTER (WHERE accept_in AND (decided_at IS NOT NULL OR accept_due <= ${now})) AS accept_denominator,
            count(*) FILTER (WHERE accept_in AND decided_at <= accept_due) AS accept_numerator,
            count(*) FILTER (WHERE handle_in AND (replied_at IS NOT NULL OR handle_due <= ${now})) AS handle_denominator,
            count(*) FILTER (WHERE handle_in AND replied_at <= handle_due) AS handle_numerator,
            count(*) FILTER (WHERE replied_in) AS replied,
            count(*) FILTER (WHERE replied_in AND rating IS NOT NULL) AS rated,
            count(*) FILTER (WHERE replied_in AND rating = 'satisfied') AS satisfied,
            count(*) FILTER (WHERE replied_in AND rating = 'basically') AS basically,
            count(*) FILTER (WHERE replied_in AND rating = 'dissatisfied') AS dissatisfied
       FROM measured GROUP BY ROLLUP (lead_unit)
      ORDER BY GROUPING(lead_unit), lead_unit`,
    w.values,
  );
  return rows;
}

function toUnitRates(row: RateRow | undefined, unit: UnitRates['unit']): UnitRates {
  const satisfied = count(row?.satisfied);
  const basically = count(row?.basically);
  const rated = count(row?.rated);
  return {
    unit,
    timelyAcceptance: ratio(count(row?.accept_numerator), count(row?.accept_denominator)),
    onTimeReply: ratio(count(row?.handle_numerator), count(row?.handle_denominator)),
    ratingParticipation: ratio(rated, count(row?.replied)),
    satisfaction: ratio(satisfied + basically, rated),
    ratings: { satisfied, basically, dissatisfied: count(row?.dissatisfied) },
  };
}

export type Dashboard = Awaited<ReturnType<typeof buildDashboard>>;

/** The dashboard for the user; `shelving` chooses how 零搁置 is checked (see shelving.ts). */
export async function buildDashboard(
  deps: ApiDeps,
  query: unknown,
  user: SessionUser,
  options: { shelving?: ShelvingSource } = {},
) {
  const params = parseOrThrow(dashboardQuery, query, DASHBOARD_LABELS);
  const { scope, unit } = dashboardScope(user, params.unit);
  const [calendar, nowMs, names] = await Promise.all([
    loadCalendar(deps.db),
    deps.engineNow(),
    referenceNames(deps),
  ]);
  const period = periodOf(params, nowMs);
  const base = scoped(scope, unit);

  const [registered, byStage, deadlines, rateRows, shelving] = await Promise.all([
    registrations(deps, base, period),
    casesByStage(deps, base, period),
    deadlineCounts(deps, base, calendar, nowMs),
    rates(deps, scope, unit, period, nowMs),
    shelvedPetitions(deps, base.where(), base.values, options.shelving),
  ]);

  const buckets = bucketsOf(period);
  const index = new Map(buckets.map((bucket, i) => [bucket, i]));
  const series = () => buckets.map(() => 0);
  const total = series();
  const byChannel = new Map<string, number[]>(CHANNELS.map((channel) => [channel, series()]));
  const byCategory = new Map<string, number[]>();
  const byArea = new Map<string, number[]>();
  let repeats = 0;
  let repeatedCases = 0;
  let skipLevel = 0;
  for (const row of registered) {
    const i = index.get(row.bucket);
    if (i === undefined) continue;
    const n = count(row.registrations);
    if (row.g_channel === 0 && row.channel !== null) (byChannel.get(row.channel) ?? [])[i] = n;
    else if (row.g_category === 0 && row.category !== null) {
      if (!byCategory.has(row.category)) byCategory.set(row.category, series());
      byCategory.get(row.category)![i] = n;
    } else if (row.g_area === 0 && row.area !== null) {
      if (!byArea.has(row.area)) byArea.set(row.area, series());
      byArea.get(row.area)![i] = n;
    } else {
      total[i] = n;
      repeats += count(row.repeats);
      repeatedCases += count(row.repeated_cases);
      skipLevel += count(row.skip_level);
    }
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const seriesOf = (map: Map<string, number[]>, name: (code: string) => { code: string; name: string }) =>
    [...map.entries()]
      .map(([code, counts]) => ({ ...name(code), total: sum(counts), counts }))
      .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
  const categories = seriesOf(byCategory, names.category);
  const registrationsTotal = sum(total);

  const unitRows = rateRows.filter((row) => row.is_total === 0 && row.lead_unit !== null);
  const totalRow = rateRows.find((row) => row.is_total === 1);

  return {
    period: { from: period.from, to: period.to, bucket: period.bucket },
    unit: unit === undefined ? null : names.unit(unit),
    generatedAt: new Date(nowMs).toISOString(),
    registrations: {
      total: registrationsTotal,
      /** Registrations merged into an open case as its repeat (重复信访). */
      repeats,
      /** Cases registered in the period that were repeated since. */
      repeatedCases,
      /** 越级访 */
      skipLevel,
    },
    byStage,
    deadlines,
    rates: {
      total: toUnitRates(totalRow, null),
      units: unitRows.map((row) => toUnitRates(row, names.unit(row.lead_unit!))),
    },
    trends: {
      bucket: period.bucket,
      periods: buckets,
      total,
      channel: CHANNELS.map((channel) => {
        const counts = byChannel.get(channel) ?? series();
        return { code: channel, name: CHANNEL_NAMES[channel], total: sum(counts), counts };
      }),
      category: categories,
      area: seriesOf(byArea, names.area),
    },
    hotTopics: categories.slice(0, HOT_TOPICS).map(({ code, name, total: n }) => ({
      code,
      name,
      count: n,
      share: registrationsTotal === 0 ? 0 : Math.round((n / registrationsTotal) * 10_000) / 10_000,
    })),
    zeroShelving: shelving,
  };
}
