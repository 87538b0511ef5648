// engine.lock_and_load plans its statements once per connection instead of on every call: with
// the default plan cache mode PostgreSQL kept choosing custom plans for them, and planning cost
// about as much as running them. A later CREATE OR REPLACE of the function drops this setting and
// must set it again.
import type { Knex } from 'knex';

const SIGNATURE = 'engine.lock_and_load(bigint[], bigint[], text[], text[])';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER FUNCTION ${SIGNATURE} SET plan_cache_mode = force_generic_plan`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER FUNCTION ${SIGNATURE} RESET plan_cache_mode`);
}
