import type pg from 'pg';
import { DEFAULT_DEADLINE_RULES } from '../deadline-rules/defaults.js';
import { withTransaction, type Queryable } from '../sql.js';
import { AREAS, CATEGORIES, ROUTING_RULES, UNITS } from './reference-data.js';

/** Rows added by one seeding, per table (0 everywhere when the data was already there). */
export interface ReferenceSeedCounts {
  units: number;
  categories: number;
  areas: number;
  routingRules: number;
  deadlineRules: number;
}

async function insertUnits(db: Queryable): Promise<number> {
  const result = await db.query(
    `INSERT INTO app.units (code, name, kind, parent_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (code) DO NOTHING`,
    [
      UNITS.map((u) => u.code),
      UNITS.map((u) => u.name),
      UNITS.map((u) => u.kind),
      UNITS.map((u) => u.parentCode ?? null),
    ],
  );
  return result.rowCount ?? 0;
}

async function insertCategories(db: Queryable): Promise<number> {
  const entries = Object.entries(CATEGORIES);
  const result = await db.query(
    `INSERT INTO app.categories (code, name, line, accusation)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])
     ON CONFLICT (code) DO NOTHING`,
    [
      entries.map(([code]) => code),
      entries.map(([, c]) => c.name),
      entries.map(([, c]) => c.line),
      entries.map(([, c]) => c.accusation),
    ],
  );
  return result.rowCount ?? 0;
}

async function insertAreas(db: Queryable): Promise<number> {
  const entries = Object.entries(AREAS);
  const result = await db.query(
    `INSERT INTO app.areas (code, name, kind)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO NOTHING`,
    [entries.map(([code]) => code), entries.map(([, a]) => a.name), entries.map(([, a]) => a.kind)],
  );
  return result.rowCount ?? 0;
}

async function insertRoutingRules(db: Queryable): Promise<number> {
  // co_units travel as JSON: unnest cannot take a text[][] of ragged rows.
  const result = await db.query(
    `INSERT INTO app.routing_rules (category_code, area_code, lead_unit, co_units)
     SELECT rule->>'category', rule->>'area', rule->>'lead',
       ARRAY(SELECT jsonb_array_elements_text(COALESCE(rule->'co', '[]')))
     FROM jsonb_array_elements($1::jsonb) AS rule
     ON CONFLICT ON CONSTRAINT routing_rules_category_area DO NOTHING`,
    [JSON.stringify(ROUTING_RULES)],
  );
  return result.rowCount ?? 0;
}

async function insertDeadlineRules(db: Queryable): Promise<number> {
  const rules = DEFAULT_DEADLINE_RULES;
  const result = await db.query(
    `INSERT INTO app.deadline_rules (stage, procedure, kind, amount, unit, starts)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])
     ON CONFLICT ON CONSTRAINT deadline_rules_stage_procedure_kind DO NOTHING`,
    [
      rules.map((r) => r.stage),
      rules.map((r) => r.procedure),
      rules.map((r) => r.kind),
      rules.map((r) => r.amount),
      rules.map((r) => r.unit),
      rules.map((r) => r.starts),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Loads the reference data a fresh install needs: units, categories, areas, routing rules and
 * deadline rules. Idempotent: rows that exist (by code, by category × area, by stage ×
 * procedure × kind) are left as they are, so the county's own edits survive a re-run, and
 * entries added in a later release are filled in.
 */
export async function seedReference(pool: pg.Pool): Promise<ReferenceSeedCounts> {
  return withTransaction(pool, async (client) => ({
    units: await insertUnits(client),
    categories: await insertCategories(client),
    areas: await insertAreas(client),
    routingRules: await insertRoutingRules(client),
    deadlineRules: await insertDeadlineRules(client),
  }));
}
