import { DomainError, invalidInput } from '../errors.js';
import { getCategory, isKnownArea } from '../reference/index.js';
import type { Queryable } from '../sql.js';
import type { Line, PetitionKind } from '../vocabulary.js';
import { matchingRoutingRule } from './routing-rules.js';
import { soleUnitOfKind, unknownUnitCodes, type UnitKind } from './units.js';

/** Why the routing came out as it did, for the triage form. */
export type RoutingBasis =
  /** 检举控告: to 纪委监委, whatever the rules say. */
  | 'accusation'
  /** A routing rule for the category (and area). */
  | 'rule'
  /** A law-line category without a rule: the 政法委. */
  | 'law-line'
  /** No rule: the petition office keeps the case (首接负责) and routes it by hand at triage. */
  | 'no-rule';

export interface Routing {
  leadUnit: string;
  coUnits: string[];
  line: Line;
  basis: RoutingBasis;
  /** The rule applied, when basis is `rule`. */
  ruleId?: number;
}

export interface RoutingQuery {
  category: string;
  area: string;
  /** The kind decided at triage, if already known. */
  kind?: PetitionKind | undefined;
}

async function requiredUnit(db: Queryable, kind: UnitKind, name: string): Promise<string> {
  const unit = await soleUnitOfKind(db, kind);
  if (unit === undefined) {
    throw new DomainError(
      'not-found',
      `系统中没有启用的${name}单位，请先配置`,
      `No active unit of kind "${kind}"`,
    );
  }
  return unit.code;
}

/**
 * The proposed lead unit, co-handling units and line for a petition (job `route-petition`).
 *
 * Accusations (a category flagged 检举控告, or kind `accusation`) always go to 纪委监委 alone:
 * no co-handling unit is named, so the accused unit never receives the matter. Otherwise the
 * matching routing rule decides (cross-area rules name co-units); inactive co-units are left
 * out. A law-and-litigation category without a rule goes to the 政法委; any other category
 * without a rule (or whose rule names an inactive lead unit) stays with the petition office.
 */
export async function routeFor(db: Queryable, query: RoutingQuery): Promise<Routing> {
  const category = await getCategory(db, query.category);
  if (category === undefined) {
    throw invalidInput(`未知的信访事项类别：${query.category}`, `Unknown category "${query.category}"`);
  }
  if (!(await isKnownArea(db, query.area))) {
    throw invalidInput(`未知的属地（乡镇/街道）：${query.area}`, `Unknown area "${query.area}"`);
  }

  if (category.accusation || query.kind === 'accusation') {
    return {
      leadUnit: await requiredUnit(db, 'discipline', '纪委监委'),
      coUnits: [],
      line: category.line,
      basis: 'accusation',
    };
  }

  const rule = await matchingRoutingRule(db, category.code, query.area);
  if (rule !== undefined) {
    const inactive = new Set(await unknownUnitCodes(db, [rule.leadUnit, ...rule.coUnits]));
    if (!inactive.has(rule.leadUnit)) {
      return {
        leadUnit: rule.leadUnit,
        coUnits: rule.coUnits.filter((code) => !inactive.has(code)),
        line: category.line,
        basis: 'rule',
        ruleId: rule.id,
      };
    }
  }

  if (category.line === 'law') {
    return { leadUnit: await requiredUnit(db, 'law', '政法委'), coUnits: [], line: 'law', basis: 'law-line' };
  }
  return {
    leadUnit: await requiredUnit(db, 'office', '信访局'),
    coUnits: [],
    line: 'ordinary',
    basis: 'no-rule',
  };
}
