// GET /api/petitions/hints: while the clerk registers a petition, the cases it may repeat — the
// same petitioner's open and recent petitions, and recent petitions on a similar matter. Called
// as the clerk types (debounced), so every query is bounded and runs on an index: the
// petitioner's blind index (HMAC of the ID number or phone, never the number itself), the
// petitions of a petitioner by date, and a date window for the similarity scan. Identity is
// answered masked only.
import { z } from 'zod';
import {
  bigramJaccard,
  DEFAULT_SIMILARITY_THRESHOLD,
  normalizeIdNumber,
  normalizePhone,
} from '../../domain/petitioners/index.js';
import { MAX_TITLE_LENGTH } from '../../domain/petitions/index.js';
import { toId } from '../../domain/sql.js';
import type { Stage } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { codeParam } from './query-params.js';

/** Petitions of the same matter at least this alike (character-pair Jaccard of title or content) are shown. */
export const HINT_SIMILARITY_THRESHOLD = 0.3;
/** Similar matters are looked for among the petitions of the last months. */
export const SIMILAR_RECENT_MONTHS = 6;
/** The same petitioner's closed petitions are shown for this long after registration. */
export const PETITIONER_RECENT_MONTHS = 12;
/** At most this many hints of each kind. */
export const HINT_LIMIT = 10;
/** The typed content compared; longer content answers 400 (the page sends its beginning). */
export const MAX_HINT_CONTENT = 1000;

export const HINT_LABELS = {
  name: '信访人姓名',
  idNumber: '身份证号码',
  phone: '联系电话',
  title: '标题',
  content: '信访内容',
  category: '问题类别',
} as const;

export const hintsQuery = z.object({
  name: z
    .string()
    .trim()
    .max(50, { message: `${HINT_LABELS.name}太长（不超过 50 个字）` })
    .optional(),
  // Half-typed numbers are fine: they are used once they are complete and valid.
  idNumber: z
    .string()
    .max(32, { message: `${HINT_LABELS.idNumber}太长` })
    .optional(),
  phone: z
    .string()
    .max(20, { message: `${HINT_LABELS.phone}太长` })
    .optional(),
  title: z
    .string()
    .trim()
    .max(MAX_TITLE_LENGTH, { message: `${HINT_LABELS.title}太长（不超过 ${MAX_TITLE_LENGTH} 个字）` })
    .optional(),
  content: z
    .string()
    .trim()
    .max(MAX_HINT_CONTENT, {
      message: `${HINT_LABELS.content}太长：提示只比较前 ${MAX_HINT_CONTENT} 个字，请只发送开头部分`,
    })
    .optional(),
  category: codeParam(HINT_LABELS.category).optional(),
});

export type HintReason = 'same_petitioner' | 'similar_content';
const REASON_TEXT: Record<HintReason, string> = {
  same_petitioner: '同一信访人',
  similar_content: '内容相似',
};

export interface Hint {
  number: string;
  title: string;
  stage: Stage;
  open: boolean;
  registeredAt: string;
  /** Character-pair Jaccard similarity of the typed title (or content) with the petition's, 0–1; null when nothing was typed to compare. */
  similarity: number | null;
  reasons: HintReason[];
  /** The reasons in words: 同一信访人, 内容相似. */
  reasonText: string;
  /** Same petitioner, still open, same category and a title this alike: registering will link it as a repeat. */
  likelyRepeat: boolean;
  petitioner: { name: string; idNumberMasked: string } | null;
}

function valid<T>(normalize: (value: string) => T, value: string | undefined): T | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return normalize(value);
  } catch {
    return undefined;
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;

interface PetitionerMatch {
  ids: number[];
  matchedBy: 'idNumber' | 'phone' | null;
}

/** The petitioner by ID number; without a complete one, by phone (and name, when typed). */
async function matchPetitioners(
  deps: ApiDeps,
  input: { idNumber?: string | undefined; phone?: string | undefined; name?: string | undefined },
): Promise<PetitionerMatch> {
  const idNumber = valid(normalizeIdNumber, input.idNumber);
  if (idNumber !== undefined) {
    const { rows } = await deps.db.query<{ id: string }>(
      'SELECT id FROM app.petitioners WHERE id_number_hash = $1',
      [deps.dataKey.lookupHash('id_number', idNumber)],
    );
    return { ids: rows.map((row) => toId(row.id)), matchedBy: 'idNumber' };
  }
  const phone = valid(normalizePhone, input.phone);
  if (phone !== undefined) {
    const name = input.name === undefined || input.name === '' ? null : input.name;
    // A shared family phone: with a name typed, only that person.
    const { rows } = await deps.db.query<{ id: string }>(
      `SELECT id FROM app.petitioners WHERE phone_hash = $1 AND ($2::text IS NULL OR name = $2)
        ORDER BY id LIMIT 5`,
      [deps.dataKey.lookupHash('phone', phone), name],
    );
    return { ids: rows.map((row) => toId(row.id)), matchedBy: 'phone' };
  }
  return { ids: [], matchedBy: null };
}

interface Row {
  number: string;
  title: string;
  stage: Stage;
  category_code: string;
  registered_at: Date;
  petitioner_name: string;
  id_number_masked: string;
}

const OPEN_SQL = `p.stage NOT IN ('closed', 'rejected')`;

export async function petitionHints(deps: ApiDeps, query: unknown) {
  const input = parseOrThrow(hintsQuery, query, HINT_LABELS);
  const now = new Date(await deps.engineNow());
  const monthsAgo = (months: number) => {
    const at = new Date(now);
    at.setUTCMonth(at.getUTCMonth() - months);
    return at;
  };
  const title = input.title ?? '';
  const content = input.content ?? '';
  const match = await matchPetitioners(deps, input);

  const [own, similar] = await Promise.all([
    match.ids.length === 0
      ? Promise.resolve([])
      : deps.db
          .query<Row>(
            `SELECT p.number, p.title, p.stage, p.category_code, p.registered_at,
                    r.name AS petitioner_name, r.id_number_masked
               FROM app.petitions p JOIN app.petitioners r ON r.id = p.petitioner_id
              WHERE p.petitioner_id = ANY ($1::bigint[]) AND p.repeat_of IS NULL
                AND (${OPEN_SQL} OR p.registered_at >= $2)
              ORDER BY (${OPEN_SQL}) DESC, p.registered_at DESC
              LIMIT $3`,
            [match.ids, monthsAgo(PETITIONER_RECENT_MONTHS), HINT_LIMIT],
          )
          .then((result) => result.rows),
    title === '' && content === ''
      ? Promise.resolve([])
      : similarPetitions(deps, { title, content, since: monthsAgo(SIMILAR_RECENT_MONTHS) }),
  ]);

  const hints = new Map<string, Hint>();
  for (const row of own) {
    const similarity = title === '' ? null : round(bigramJaccard(title, row.title));
    const open = row.stage !== 'closed' && row.stage !== 'rejected';
    hints.set(row.number, {
      number: row.number,
      title: row.title,
      stage: row.stage,
      open,
      registeredAt: row.registered_at.toISOString(),
      similarity,
      reasons: ['same_petitioner'],
      reasonText: '',
      likelyRepeat:
        open &&
        input.category !== undefined &&
        input.category === row.category_code &&
        similarity !== null &&
        similarity >= DEFAULT_SIMILARITY_THRESHOLD,
      petitioner: { name: row.petitioner_name, idNumberMasked: row.id_number_masked },
    });
  }
  for (const row of similar) {
    const known = hints.get(row.number);
    if (known !== undefined) {
      known.reasons.push('similar_content');
      known.similarity = Math.max(known.similarity ?? 0, row.similarity);
      continue;
    }
    hints.set(row.number, {
      number: row.number,
      title: row.title,
      stage: row.stage,
      open: row.stage !== 'closed' && row.stage !== 'rejected',
      registeredAt: row.registered_at.toISOString(),
      similarity: row.similarity,
      reasons: ['similar_content'],
      reasonText: '',
      likelyRepeat: false,
      petitioner: null,
    });
  }
  const items = [...hints.values()].map((hint) => ({
    ...hint,
    reasonText: hint.reasons.map((reason) => REASON_TEXT[reason]).join('、'),
  }));
  return { petitionerMatchedBy: match.matchedBy, items };
}

/**
 * Recent petitions whose title is like the typed title, or whose content is like the typed
 * content: the character pairs of each part, compared in SQL with the A (title) and B (content)
 * parts of the search vector. The date window bounds the scan.
 */
async function similarPetitions(
  deps: ApiDeps,
  typed: { title: string; content: string; since: Date },
): Promise<{ number: string; title: string; stage: Stage; registered_at: Date; similarity: number }[]> {
  const { rows } = await deps.db.query<{
    number: string;
    title: string;
    stage: Stage;
    registered_at: Date;
    similarity: number;
  }>(
    `WITH typed AS (
       SELECT app.search_terms($1) AS title_terms, app.search_terms($2) AS content_terms
     ), compared AS (
       SELECT p.number, p.title, p.stage, p.registered_at,
              length(parts.t) AS t_size, length(parts.t) - length(ts_delete(parts.t, typed.title_terms)) AS t_shared,
              cardinality(typed.title_terms) AS t_typed,
              length(parts.c) AS c_size, length(parts.c) - length(ts_delete(parts.c, typed.content_terms)) AS c_shared,
              cardinality(typed.content_terms) AS c_typed
         FROM typed, app.petitions p,
              LATERAL (SELECT ts_filter(p.search, '{a}') AS t, ts_filter(p.search, '{b}') AS c) parts
        WHERE p.registered_at >= $3 AND p.repeat_of IS NULL
     ), scored AS (
       SELECT number, title, stage, registered_at, greatest(
                CASE WHEN t_typed = 0 THEN 0 ELSE t_shared::float8 / (t_size + t_typed - t_shared) END,
                CASE WHEN c_typed = 0 THEN 0 ELSE c_shared::float8 / (c_size + c_typed - c_shared) END
              ) AS similarity
         FROM compared
     )
     SELECT number, title, stage, registered_at, round(similarity::numeric, 3)::float8 AS similarity
       FROM scored WHERE similarity >= $4
      ORDER BY similarity DESC, registered_at DESC
      LIMIT $5`,
    [typed.title, typed.content, typed.since, HINT_SIMILARITY_THRESHOLD, HINT_LIMIT],
  );
  return rows;
}
