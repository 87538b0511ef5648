export { DEMO_PETITIONS, DEMO_USERS, demoIdNumber, type DemoPetition, type DemoUser } from './demo-data.js';
export {
  AREAS,
  AREA_CODES,
  CATEGORIES,
  CATEGORY_CODES,
  ROUTING_RULES,
  UNITS,
  type AreaCode,
  type CategoryCode,
  type RoutingRuleSeed,
  type UnitSeed,
} from './reference-data.js';
export { seedDemo, type DemoSeedOptions, type DemoSeedResult } from './seed-demo.js';
export { seedReference, type ReferenceSeedCounts } from './seed-reference.js';
