// Unit administration: the county's units with their contact phone (for SMS reminders to the
// unit), created, renamed, re-parented, deactivated. Routing skips inactive units by itself; the
// kinds that exist once per county (the petition office, the 政法委, the discipline commission, the
// re-check office) stay unique among active units, because routing and access look them up by kind.
import { recordAudit } from '../../domain/audit/index.js';
import { withTransaction, type Queryable } from '../../domain/sql.js';
import type { UnitKind } from '../../domain/units/index.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { apiProblem, invalidInputProblem, ProblemError, type FieldError } from '../problem.js';
import type { AdminActor } from './actor.js';
import { UNIT_LABELS, newUnitBody, unitChangesBody } from './schemas.js';

/** Kinds of which a county has one active unit. */
const SOLE_KINDS: ReadonlySet<UnitKind> = new Set(['office', 'law', 'discipline', 'recheck']);

const KIND_NAMES: Record<UnitKind, string> = {
  office: '信访局',
  department: '县直部门',
  township: '乡镇（街道）',
  law: '政法委',
  discipline: '纪委监委',
  recheck: '复查复核机关',
};

interface UnitRow {
  code: string;
  name: string;
  kind: UnitKind;
  parent_code: string | null;
  contact_phone: string | null;
  active: boolean;
  active_users: string;
}

interface AdminUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  contactPhone: string | null;
  active: boolean;
  activeUsers: number;
}

const SELECT_UNITS = `
  SELECT u.code, u.name, u.kind, u.parent_code, u.contact_phone, u.active,
    (SELECT count(*) FROM app.users us WHERE us.unit_code = u.code AND us.active) AS active_users
  FROM app.units u`;

const toUnit = (row: UnitRow): AdminUnit => ({
  code: row.code,
  name: row.name,
  kind: row.kind,
  parentCode: row.parent_code,
  contactPhone: row.contact_phone,
  active: row.active,
  activeUsers: Number(row.active_users),
});

async function readUnit(db: Queryable, code: string, forUpdate = false): Promise<AdminUnit | undefined> {
  const result = await db.query<UnitRow>(
    `${SELECT_UNITS} WHERE u.code = $1${forUpdate ? ' FOR UPDATE OF u' : ''}`,
    [code],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toUnit(row);
}

export async function listUnitsForAdmin(deps: ApiDeps) {
  const result = await deps.db.query<UnitRow>(`${SELECT_UNITS} ORDER BY u.code`);
  return { items: result.rows.map(toUnit) };
}

/** What is wrong with a unit as it would be after the change: its parent, and a second sole unit. */
async function unitErrors(db: Queryable, unit: Omit<AdminUnit, 'activeUsers'>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (unit.parentCode !== null) {
    // The parent exists, is active, and does not have the unit among its own parents.
    const parent = await db.query<{ active: boolean; loop: boolean }>(
      `WITH RECURSIVE up(code, parent_code) AS (
         SELECT code, parent_code FROM app.units WHERE code = $1
         UNION SELECT u.code, u.parent_code FROM app.units u JOIN up ON u.code = up.parent_code
       )
       SELECT (SELECT active FROM app.units WHERE code = $1) AS active,
              EXISTS (SELECT 1 FROM up WHERE code = $2) AS loop`,
      [unit.parentCode, unit.code],
    );
    const row = parent.rows[0];
    if (row?.active !== true) {
      errors.push({ field: 'parentCode', message: `上级单位不存在或已停用：${unit.parentCode}` });
    } else if (row.loop) {
      errors.push({ field: 'parentCode', message: '上级单位不能是本单位或本单位的下级单位' });
    }
  }
  if (unit.active && SOLE_KINDS.has(unit.kind)) {
    const other = await db.query<{ code: string }>(
      'SELECT code FROM app.units WHERE kind = $1 AND active AND code <> $2 ORDER BY code LIMIT 1',
      [unit.kind, unit.code],
    );
    const existing = other.rows[0]?.code;
    if (existing !== undefined) {
      errors.push({
        field: 'kind',
        message: `全县只能有一个启用的${KIND_NAMES[unit.kind]}单位，已有：${existing}`,
      });
    }
  }
  return errors;
}

function throwFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw new ProblemError(invalidInputProblem(errors));
}

export async function createUnitAsAdmin(deps: ApiDeps, input: unknown, actor: AdminActor) {
  const body = parseOrThrow(newUnitBody, input, UNIT_LABELS);
  const unit = {
    code: body.code,
    name: body.name,
    kind: body.kind,
    parentCode: body.parentCode ?? null,
    contactPhone: body.contactPhone ?? null,
    active: true,
  };
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    throwFieldErrors(await unitErrors(client, unit));
    const inserted = await client.query(
      `INSERT INTO app.units (code, name, kind, parent_code, contact_phone, active)
       VALUES ($1, $2, $3, $4, $5, true) ON CONFLICT (code) DO NOTHING`,
      [unit.code, unit.name, unit.kind, unit.parentCode, unit.contactPhone],
    );
    if (inserted.rowCount !== 1) throw apiProblem('conflict', 409, `单位代码 ${unit.code} 已被使用。`);
    const { active: _active, code: _code, ...details } = unit;
    await recordAudit(client, {
      at: now,
      actor: actor.username,
      action: 'unit.created',
      target: unit.code,
      details,
      ip: actor.ip,
    });
    return { ...unit, activeUsers: 0 };
  });
}

export async function updateUnitAsAdmin(deps: ApiDeps, code: string, input: unknown, actor: AdminActor) {
  const body = parseOrThrow(unitChangesBody, input, UNIT_LABELS);
  if (Object.keys(body).length === 0) {
    throwFieldErrors([{ field: '(body)', message: '请至少给出一项要修改的内容' }]);
  }
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const before = await readUnit(client, code, true);
    if (before === undefined) throw apiProblem('notFound', 404, `没有代码为 ${code} 的单位。`);
    const after = {
      ...before,
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.kind === undefined ? {} : { kind: body.kind }),
      ...(body.parentCode === undefined ? {} : { parentCode: body.parentCode }),
      ...(body.contactPhone === undefined ? {} : { contactPhone: body.contactPhone }),
      ...(body.active === undefined ? {} : { active: body.active }),
    };
    // Only what changes is checked: a unit whose parent was deactivated can still be renamed.
    const errors = await unitErrors(client, {
      ...after,
      parentCode: after.parentCode === before.parentCode ? null : after.parentCode,
      active: after.active && (after.kind !== before.kind || !before.active),
    });
    throwFieldErrors(errors);
    await client.query(
      `UPDATE app.units SET name = $2, kind = $3, parent_code = $4, contact_phone = $5, active = $6
        WHERE code = $1`,
      [code, after.name, after.kind, after.parentCode, after.contactPhone, after.active],
    );
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of ['name', 'kind', 'parentCode', 'contactPhone', 'active'] as const) {
      if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
    }
    if (Object.keys(changes).length > 0) {
      await recordAudit(client, {
        at: now,
        actor: actor.username,
        action: 'unit.updated',
        target: code,
        details: { changes },
        ip: actor.ip,
      });
    }
    return after;
  });
}
