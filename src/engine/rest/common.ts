// What the /v2 resource routers share: access to the engine's read side, path keys, tenant
// checks, date-time rendering, and the zod schemas of Camunda 8.8 search requests (filter
// operators, sort, page).
import type { Request } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import type { CommandHost } from '../commands/host.js';
import { QueryError, type SearchQuery, type SearchResult } from '../queries/sql.js';
import { badRequest, HttpProblem, parseBody } from './problem.js';

/** The only tenant of an engine without multi-tenancy. */
export const DEFAULT_TENANT = '<default>';

/** An engine with its database and instance commands (the embedded Engine). */
export type EngineHost = EngineApi & CommandHost;

function isEngineHost(engine: EngineApi): engine is EngineHost {
  const candidate = engine as Partial<CommandHost>;
  return (
    typeof candidate.db === 'object' &&
    candidate.db !== null &&
    typeof candidate.onInstance === 'function' &&
    typeof candidate.definitions === 'object'
  );
}

/**
 * The engine as a host of searches and task updates. An engine without them (a test double) gets
 * 501 on those endpoints; its plain commands still work.
 */
export function hostOf(engine: EngineApi): () => EngineHost {
  return () => {
    if (isEngineHost(engine)) return engine;
    throw new HttpProblem(
      501,
      'NOT_IMPLEMENTED',
      'This engine has no read side: searches and task updates are unavailable',
    );
  };
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/** A key as the API carries it: a non-negative int64 in decimal. */
function isKey(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= INT64_MAX;
}

/** A key from the path: a non-negative int64 in decimal, otherwise 400 naming the parameter. */
export function pathKey(req: Request, name: string): string {
  const value = (req.params as Record<string, string | undefined>)[name] ?? '';
  if (!isKey(value)) throw badRequest(`Expected ${name} to be a numeric key, but got '${value}'`);
  return value;
}

/** Without multi-tenancy only the default tenant may be named. */
export function checkTenant(tenantId: string | undefined | null): void {
  if (tenantId === undefined || tenantId === null || tenantId === DEFAULT_TENANT) return;
  throw badRequest(
    `Expected to handle request with tenant identifier '${tenantId}', but multi-tenancy is disabled; use '${DEFAULT_TENANT}' or none`,
  );
}

/** Epoch ms as an ISO 8601 instant in UTC. */
export function iso(ms: number): string;
export function iso(ms: number | undefined): string | undefined;
export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** A stored RFC 3339 date-time (with its offset) as an instant in UTC. */
export function isoText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

/** Drops undefined properties, so that absent optional fields are left out of the JSON. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A body that may be absent (no content type, or empty): then `{}`. */
export function bodyOf(req: Request): unknown {
  const body: unknown = req.body;
  return body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)
    ? {}
    : body;
}

/** Runs a search, turning a malformed cursor into 400. */
export async function search<T>(run: () => Promise<SearchResult<T>>): Promise<SearchResult<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QueryError) throw badRequest(error.message);
    throw error;
  }
}

// ---- zod schemas of search requests ------------------------------------------------------

export const keyString = z.string().refine(isKey, 'expected a numeric key (an int64 in decimal)');
export const dateTimeString = z.iso.datetime({ offset: true });
/** Variables of a command: a JSON object (null is none). */
export const variablesObject = z.record(z.string(), z.unknown()).nullish();
/** int64 values sent as numbers or decimal strings. */
export const int64 = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

export const stringFilter = z.union([
  z.string(),
  z
    .strictObject({
      $eq: z.string(),
      $neq: z.string(),
      $exists: z.boolean(),
      $in: z.array(z.string()),
      $notIn: z.array(z.string()),
      $like: z.string(),
    })
    .partial(),
]);

export const keyFilter = z.union([
  keyString,
  z
    .strictObject({
      $eq: keyString,
      $neq: keyString,
      $exists: z.boolean(),
      $in: z.array(keyString),
      $notIn: z.array(keyString),
    })
    .partial(),
]);

export const integerFilter = z.union([
  z.number().int(),
  z
    .strictObject({
      $eq: z.number().int(),
      $neq: z.number().int(),
      $exists: z.boolean(),
      $gt: z.number().int(),
      $gte: z.number().int(),
      $lt: z.number().int(),
      $lte: z.number().int(),
      $in: z.array(z.number().int()),
    })
    .partial(),
]);

export const dateTimeFilter = z.union([
  dateTimeString,
  z
    .strictObject({
      $eq: dateTimeString,
      $neq: dateTimeString,
      $exists: z.boolean(),
      $gt: dateTimeString,
      $gte: dateTimeString,
      $lt: dateTimeString,
      $lte: dateTimeString,
      $in: z.array(dateTimeString),
    })
    .partial(),
]);

export function enumFilter<const T extends readonly [string, ...string[]]>(values: T) {
  const value = z.enum(values);
  return z.union([
    value,
    z
      .strictObject({
        $eq: value,
        $neq: value,
        $exists: z.boolean(),
        $in: z.array(value),
        $notIn: z.array(value),
        $like: z.string(),
      })
      .partial(),
  ]);
}

export const variableValueFilter = z.strictObject({ name: z.string(), value: stringFilter });

const sortOrder = z
  .string()
  .transform((order) => order.toLowerCase())
  .pipe(z.enum(['asc', 'desc']));

const MAX_LIMIT = 10_000;

const pageSchema = z
  .strictObject({
    from: z.number().int().min(0),
    limit: z.number().int().min(0).max(MAX_LIMIT),
    after: z.string().min(1),
    before: z.string().min(1),
  })
  .partial()
  .refine((page) => !(page.after !== undefined && page.before !== undefined), {
    message: 'give either after or before, not both',
  })
  .refine((page) => !(page.from !== undefined && (page.after !== undefined || page.before !== undefined)), {
    message: 'give either from (offset paging) or after/before (cursor paging), not both',
  });

/** The body of a POST …/search: `filter`, `sort` ([{field, order}]) and `page`. */
export function searchRequest<F extends z.ZodType, const S extends readonly [string, ...string[]]>(
  filter: F,
  sortFields: S,
) {
  return z.strictObject({
    filter: filter.optional(),
    sort: z.array(z.strictObject({ field: z.enum(sortFields), order: sortOrder.optional() })).optional(),
    page: pageSchema.optional(),
  });
}

/** Parses a search body; an absent body is an empty search. */
export function parseSearch<Filter, F extends string>(
  schema: z.ZodType<SearchQuery<Filter, F>>,
  req: Request,
): SearchQuery<Filter, F> {
  return parseBody(schema, bodyOf(req));
}

/** A search result with each item rendered for the API. */
export function renderPage<T, R>(result: SearchResult<T>, render: (item: T) => R) {
  return { items: result.items.map(render), page: { ...result.page, hasMoreTotalItems: false } };
}
