// Administration of the national holiday schedule: the years the county entered from the State
// Council notices, for years the built-in schedule (the chinese-days package) does not cover yet.
// Without next year's schedule no deadline reaching into it can be computed; see docs/operations.md.
import type { Router } from 'express';
import { z } from 'zod';
import { CountyYearError, createCalendar } from '../../domain/calendar/index.js';
import {
  listNationalYears,
  saveNationalYear,
  type EnteredNationalYear,
} from '../../domain/deadline-rules/index.js';
import { adminActor } from '../admin/actor.js';
import { requireRole, requireSession } from '../auth/middleware.js';
import { invalidInputProblem, ProblemError } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { API_SCHEMAS } from './schemas.js';
import { parseOrThrow, type FieldLabels } from './validation.js';

const nationalDay = z.strictObject({
  date: z.iso.date(),
  /** true: make-up working day (调休上班); false: holiday. */
  working: z.boolean(),
  name: z.string().trim().min(1).max(20),
});

export const nationalYearBody = z
  .strictObject({
    /** The State Council notice on gov.cn. */
    notice: z.string().trim().min(1).max(500),
    /** Every holiday and make-up working day of the notice, all in the year. */
    days: z.array(nationalDay).min(1).max(366),
  })
  .register(API_SCHEMAS, { id: 'NationalYearRequest' });

const NATIONAL_YEAR_LABELS: FieldLabels = { notice: '国务院通知网址', days: '日期列表' };

const enteredYear = z
  .object({
    year: z.number().int(),
    notice: z.string(),
    enteredBy: z.string(),
    enteredAt: z.iso.datetime({ offset: true }),
    /** The built-in schedule covers the year by now; it is used and these days are ignored. */
    supersededByPackage: z.boolean(),
    days: z.array(nationalDay),
  })
  .register(API_SCHEMAS, { id: 'NationalYear' });

z.object({
  /** The years with a known schedule, built in or entered (and not superseded), ascending. */
  publishedYears: z.array(z.number().int()),
  items: z.array(enteredYear),
}).register(API_SCHEMAS, { id: 'NationalYearList' });

const toJson = (entry: EnteredNationalYear) => ({ ...entry, enteredAt: entry.enteredAt.toISOString() });

async function listYears(deps: ApiDeps) {
  const items = await listNationalYears(deps.db);
  const calendar = createCalendar({ countyYears: items.filter((item) => !item.supersededByPackage) });
  return { publishedYears: calendar.publishedYears(), items: items.map(toJson) };
}

function yearParameter(value: unknown): number {
  const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(year)) {
    throw new ProblemError(invalidInputProblem([{ field: 'year', message: '年份应为四位数字，如 2027' }]));
  }
  return year;
}

export function adminCalendarRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);
  const admin = requireRole(['admin']);

  router.get('/admin/calendar/years', signedIn, admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listYears(deps));
  });

  router.put('/admin/calendar/years/:year', signedIn, admin, async (req, res) => {
    const year = yearParameter(req.params.year);
    const body = parseOrThrow(nationalYearBody, req.body, NATIONAL_YEAR_LABELS);
    const actor = adminActor(req, res);
    try {
      await saveNationalYear(
        deps.db,
        { year, ...body },
        { actor: actor.username, at: deps.clock(), ip: actor.ip },
      );
    } catch (error: unknown) {
      if (error instanceof CountyYearError) {
        throw new ProblemError(invalidInputProblem([{ field: error.field, message: error.message }]));
      }
      throw error;
    }
    const entered = (await listNationalYears(deps.db)).find((item) => item.year === year);
    if (entered === undefined) throw new Error(`The schedule of ${year} was saved but cannot be read back`);
    res.json(toJson(entered));
  });
}
