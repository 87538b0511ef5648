// Full-text search of petitions in Chinese, and the indexes behind the supervision dashboard and
// the repeat hints at registration.
//
// Chinese is written without spaces and PostgreSQL's text-search parsers do not segment it (the
// embedded server's databases use the C locale besides, under which pg_trgm sees no trigrams in
// Chinese characters). So a text is indexed as the overlapping pairs of characters of each run of
// Chinese characters — "征地补偿" is 征地, 地补, 补偿 — plus its Latin words and numbers; a run of
// one character is kept as that character. A query is cut the same way and must contain every
// pair: "征地补偿" finds any petition whose number, title or content holds 征地, 地补 and 补偿. The
// same pairs measure how alike two texts are (the repeat hints), as similarity.ts does in code.
//
// Everything here is a pure function of the row, so the search vector is a STORED generated
// column: no trigger, no backfill job, and it cannot fall behind the text it indexes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(String.raw`
    -- The terms of a text: the distinct character pairs of its runs of CJK ideographs (the
    -- unified block, extension A and the compatibility block), a single ideograph where a run has
    -- one, and its words of Latin letters and digits. NFKC first, so full-width letters and digits
    -- match their ASCII forms; lower() then only folds ASCII, which is all that is left to fold.
    CREATE FUNCTION app.search_terms(input text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      WITH folded AS (SELECT lower(normalize(input, NFKC)) AS text)
      SELECT coalesce(array_agg(DISTINCT term), '{}'::text[]) FROM (
        SELECT substr(run.m[1], i, 2) AS term
          FROM folded,
               regexp_matches(folded.text, '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', 'g') AS run(m),
               generate_series(1, greatest(char_length(run.m[1]) - 1, 1)) AS i
        UNION ALL
        SELECT word.m[1] FROM folded, regexp_matches(folded.text, '[a-z0-9]+', 'g') AS word(m)
      ) terms
    $$;

    -- Each term at position 1: a weight (setweight) is kept on positions, and a lexeme without
    -- one (array_to_tsvector) would lose it.
    CREATE FUNCTION app.search_vector(input text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      SELECT coalesce(string_agg(quote_literal(term) || ':1', ' '), '')::tsvector
        FROM unnest(app.search_terms(input)) AS term
    $$;

    -- A query: every term of the text must occur (AND); Latin words and numbers also as the start
    -- of a longer one, so "XF-2026-0001" finds XF-2026-000123. NULL for a text without terms. The
    -- terms are ideographs, ASCII letters and digits only, so quoting them cannot go wrong.
    CREATE FUNCTION app.search_query(input text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      SELECT nullif(string_agg(quote_literal(term) || CASE WHEN term ~ '^[a-z0-9]+$' THEN ':*' ELSE '' END,
                               ' & ' ORDER BY term), '')::tsquery
        FROM unnest(app.search_terms(input)) AS term
    $$;

    -- Weights keep the parts apart: A the title, B the content, C the number. Ranking puts title
    -- hits first, and the repeat hints compare a typed title with the A part and a typed content
    -- with the B part (ts_filter), without the number's terms.
    ALTER TABLE app.petitions ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(app.search_vector(title), 'A') || setweight(app.search_vector(content), 'B')
        || setweight(app.search_vector(number), 'C')
    ) STORED;
    CREATE INDEX petitions_search ON app.petitions USING gin (search);

    -- Repeat hints: a petitioner's petitions, newest first.
    CREATE INDEX petitions_by_petitioner ON app.petitions (petitioner_id, registered_at DESC);

    -- The deadline in force of an open petition: the acceptance deadline while it waits for
    -- acceptance, the handling deadline while it is handled. Near-due, due-today and overdue lists
    -- read these ranges.
    CREATE INDEX petitions_accept_due_open ON app.petitions (accept_due) WHERE stage = 'acceptance';
    CREATE INDEX petitions_handle_due_open ON app.petitions (handle_due) WHERE stage IN ('handling', 'review');

    -- Rates: when a petition left the acceptance stage (accepted or not) is read from its stage changes.
    CREATE INDEX timeline_stage_changes ON app.timeline (petition_id, at) WHERE kind = 'stage-changed';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS app.timeline_stage_changes;
    DROP INDEX IF EXISTS app.petitions_handle_due_open;
    DROP INDEX IF EXISTS app.petitions_accept_due_open;
    DROP INDEX IF EXISTS app.petitions_by_petitioner;
    ALTER TABLE app.petitions DROP COLUMN IF EXISTS search;
    DROP FUNCTION IF EXISTS app.search_query(text);
    DROP FUNCTION IF EXISTS app.search_vector(text);
    DROP FUNCTION IF EXISTS app.search_terms(text);
  `);
}
