// The files attached to a petition: the scanned letter, photos, evidence, a unit's reply
// documents. The content is kept in PostgreSQL (bytea) rather than on disk, so the database's
// backups and crash safety cover the files with the petition they belong to. The limits (10 MB a
// file, 30 files a petition, the allowed types) are checked by the app, which says why in Chinese;
// the size check here only guards against a bypass. Instants are bound by the caller (engine time).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE app.petition_attachments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      petition_id bigint NOT NULL REFERENCES app.petitions(id),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
      media_type text NOT NULL,
      size int NOT NULL CHECK (size BETWEEN 1 AND 10485760),
      -- hex SHA-256 of the content, to show that a downloaded copy is the one uploaded
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL
    );
    CREATE INDEX petition_attachments_by_petition ON app.petition_attachments (petition_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS app.petition_attachments;');
}
