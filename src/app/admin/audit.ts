// The administrator's view of the audit log: filtered by who, what (an action or a group such as
// `session`), on what, and when; newest first, page by page.
import { listAudit } from '../../domain/audit/index.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { invalidInputProblem, ProblemError } from '../problem.js';
import { AUDIT_QUERY_LABELS, auditQuery } from './schemas.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The start of a day in Beijing time (UTC+8, no daylight saving), or the instant itself. */
function startOf(value: string): Date {
  return new Date(isDay(value) ? `${value}T00:00:00+08:00` : value);
}

/** The first instant after `to`: the next day for a day (the whole day counts), else 1 ms later. */
function endOf(value: string): Date {
  return new Date(startOf(value).getTime() + (isDay(value) ? DAY_MS : 1));
}

export async function auditForAdmin(deps: ApiDeps, query: unknown) {
  const filter = parseOrThrow(auditQuery, query, AUDIT_QUERY_LABELS);
  const from = filter.from === undefined ? undefined : startOf(filter.from);
  const before = filter.to === undefined ? undefined : endOf(filter.to);
  if (from !== undefined && before !== undefined && from.getTime() >= before.getTime()) {
    throw new ProblemError(invalidInputProblem([{ field: 'to', message: '结束时间应晚于开始时间' }]));
  }
  const page = await listAudit(deps.db, {
    actor: filter.actor,
    action: filter.action,
    target: filter.target,
    from,
    before,
    limit: filter.limit,
    offset: filter.offset,
  });
  return {
    total: page.total,
    limit: filter.limit,
    offset: filter.offset,
    items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })),
  };
}
