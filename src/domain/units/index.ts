export { routeFor, type Routing, type RoutingBasis, type RoutingQuery } from './routing.js';
export {
  listRoutingRules,
  matchingRoutingRule,
  saveRoutingRule,
  type RoutingRule,
  type RoutingRuleInput,
} from './routing-rules.js';
export {
  UNIT_KINDS,
  getUnit,
  listUnits,
  soleUnitOfKind,
  unknownUnitCodes,
  type Unit,
  type UnitKind,
} from './units.js';
