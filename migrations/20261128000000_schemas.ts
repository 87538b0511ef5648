// The two schemas: `engine` belongs to the embedded engine (src/engine), `app` to the
// application (petitions, users, audit). Neither reaches into the other's tables.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createSchema('engine');
  await knex.schema.createSchema('app');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropSchemaIfExists('app', true);
  await knex.schema.dropSchemaIfExists('engine', true);
}
