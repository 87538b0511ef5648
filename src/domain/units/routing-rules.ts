import { invalidInput } from '../errors.js';
import { toId, type Queryable } from '../sql.js';
import { unknownUnitCodes } from './units.js';

/** category × area → lead unit (主办) and co-handling units (协办). `areaCode` null: any area. */
export interface RoutingRule {
  id: number;
  categoryCode: string;
  areaCode: string | null;
  leadUnit: string;
  coUnits: string[];
  priority: number;
}

export type RoutingRuleInput = Omit<RoutingRule, 'id' | 'priority'> & { priority?: number };

interface RuleRow {
  id: string;
  category_code: string;
  area_code: string | null;
  lead_unit: string;
  co_units: string[];
  priority: number;
}

const COLUMNS = 'id, category_code, area_code, lead_unit, co_units, priority';

const toRule = (row: RuleRow): RoutingRule => ({
  id: toId(row.id),
  categoryCode: row.category_code,
  areaCode: row.area_code,
  leadUnit: row.lead_unit,
  coUnits: row.co_units,
  priority: row.priority,
});

export async function listRoutingRules(db: Queryable): Promise<RoutingRule[]> {
  const result = await db.query<RuleRow>(
    `SELECT ${COLUMNS} FROM app.routing_rules ORDER BY category_code, area_code NULLS FIRST`,
  );
  return result.rows.map(toRule);
}

/**
 * The rule that applies to a category in an area: the highest priority first, and between equal
 * priorities the rule for that very area before the any-area rule.
 */
export async function matchingRoutingRule(
  db: Queryable,
  categoryCode: string,
  areaCode: string,
): Promise<RoutingRule | undefined> {
  const result = await db.query<RuleRow>(
    `SELECT ${COLUMNS} FROM app.routing_rules
      WHERE category_code = $1 AND (area_code = $2 OR area_code IS NULL)
      ORDER BY priority DESC, area_code NULLS LAST
      LIMIT 1`,
    [categoryCode, areaCode],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toRule(row);
}

/** Creates the rule for (category, area) or replaces its units and priority. */
export async function saveRoutingRule(db: Queryable, rule: RoutingRuleInput): Promise<RoutingRule> {
  const coUnits = [...new Set(rule.coUnits)].filter((code) => code !== rule.leadUnit);
  const unknown = await unknownUnitCodes(db, [rule.leadUnit, ...coUnits]);
  if (unknown.length > 0) {
    throw invalidInput(
      `分办规则引用了不存在或已停用的单位：${unknown.join('、')}`,
      `Routing rule names unknown or inactive units: ${unknown.join(', ')}`,
    );
  }
  const result = await db.query<RuleRow>(
    `INSERT INTO app.routing_rules (category_code, area_code, lead_unit, co_units, priority)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ON CONSTRAINT routing_rules_category_area
       DO UPDATE SET lead_unit = EXCLUDED.lead_unit, co_units = EXCLUDED.co_units, priority = EXCLUDED.priority
     RETURNING ${COLUMNS}`,
    [rule.categoryCode, rule.areaCode, rule.leadUnit, coUnits, rule.priority ?? 0],
  );
  return toRule(result.rows[0] as RuleRow);
}
