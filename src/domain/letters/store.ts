// SQL for app.letters: one small function per statement.
import type pg from 'pg';
import type { Letter, LetterFilter, LetterKind, LetterStage, LetterStatus } from './types.js';

export type Queryable = pg.Pool | pg.PoolClient;

/** Every column but the document. */
const COLUMNS = `id, number, kind, year, serial, petition_id, petition_number, petition_title, stage,
  unit_code, unit_name, deadline, issued_at, reply_within_days, reply_due, body, status, reply_text,
  replied_at, replied_by, idempotency_key`;

interface LetterRow {
  id: string;
  number: string;
  kind: LetterKind;
  year: number;
  serial: number;
  petition_id: string;
  petition_number: string;
  petition_title: string;
  stage: LetterStage;
  unit_code: string;
  unit_name: string;
  deadline: Date | null;
  issued_at: Date;
  reply_within_days: number;
  reply_due: Date;
  body: string;
  status: LetterStatus;
  reply_text: string | null;
  replied_at: Date | null;
  replied_by: string | null;
  idempotency_key: string;
}

function toLetter(row: LetterRow): Letter {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    year: row.year,
    serial: row.serial,
    petitionId: row.petition_id,
    petitionNumber: row.petition_number,
    petitionTitle: row.petition_title,
    stage: row.stage,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    deadline: row.deadline?.toISOString() ?? null,
    issuedAt: row.issued_at.toISOString(),
    replyWithinDays: row.reply_within_days,
    replyDue: row.reply_due.toISOString(),
    body: row.body,
    status: row.status,
    replyText: row.reply_text,
    repliedAt: row.replied_at?.toISOString() ?? null,
    repliedBy: row.replied_by,
    idempotencyKey: row.idempotency_key,
  };
}

export interface NewLetterRow {
  number: string;
  kind: LetterKind;
  year: number;
  serial: number;
  petitionId: string;
  petitionNumber: string;
  petitionTitle: string;
  stage: LetterStage;
  unitCode: string;
  unitName: string;
  deadline: number | undefined;
  issuedAt: number;
  replyWithinDays: number;
  replyDue: number;
  body: string;
  document: Buffer;
  idempotencyKey: string;
}

/** Inserts the letter; undefined when a letter with the same idempotency key already exists. */
export async function insertLetter(db: Queryable, letter: NewLetterRow): Promise<Letter | undefined> {
  const result = await db.query<LetterRow>(
    `INSERT INTO app.letters (number, kind, year, serial, petition_id, petition_number, petition_title,
       stage, unit_code, unit_name, deadline, issued_at, reply_within_days, reply_due, body, document,
       idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      letter.number,
      letter.kind,
      letter.year,
      letter.serial,
      letter.petitionId,
      letter.petitionNumber,
      letter.petitionTitle,
      letter.stage,
      letter.unitCode,
      letter.unitName,
      letter.deadline === undefined ? null : new Date(letter.deadline),
      new Date(letter.issuedAt),
      letter.replyWithinDays,
      new Date(letter.replyDue),
      letter.body,
      letter.document,
      letter.idempotencyKey,
    ],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toLetter(row);
}

export async function selectLetter(db: Queryable, id: string): Promise<Letter | undefined> {
  const result = await db.query<LetterRow>(`SELECT ${COLUMNS} FROM app.letters WHERE id = $1`, [id]);
  const row = result.rows[0];
  return row === undefined ? undefined : toLetter(row);
}

export async function selectLetterByKey(db: Queryable, idempotencyKey: string): Promise<Letter | undefined> {
  const result = await db.query<LetterRow>(`SELECT ${COLUMNS} FROM app.letters WHERE idempotency_key = $1`, [
    idempotencyKey,
  ]);
  const row = result.rows[0];
  return row === undefined ? undefined : toLetter(row);
}

/** Letters matching every given filter, oldest first. */
export async function selectLetters(db: Queryable, filter: LetterFilter): Promise<Letter[]> {
  const result = await db.query<LetterRow>(
    `SELECT ${COLUMNS} FROM app.letters
     WHERE ($1::bigint IS NULL OR petition_id = $1)
       AND ($2::text IS NULL OR unit_code = $2)
       AND ($3::text IS NULL OR status = $3)
     ORDER BY id`,
    [
      filter.petitionId === undefined ? null : String(filter.petitionId),
      filter.unitCode ?? null,
      filter.status ?? null,
    ],
  );
  return result.rows.map(toLetter);
}

export async function selectDocument(
  db: Queryable,
  id: string,
): Promise<{ kind: LetterKind; petitionNumber: string; document: Buffer } | undefined> {
  const result = await db.query<{ kind: LetterKind; petition_number: string; document: Buffer }>(
    'SELECT kind, petition_number, document FROM app.letters WHERE id = $1',
    [id],
  );
  const row = result.rows[0];
  return row === undefined
    ? undefined
    : { kind: row.kind, petitionNumber: row.petition_number, document: row.document };
}

/** Records the reply if the letter has none yet; undefined when it is missing or already replied. */
export async function updateReply(
  db: Queryable,
  id: string,
  reply: { text: string; by: string; at: number },
): Promise<Letter | undefined> {
  const result = await db.query<LetterRow>(
    `UPDATE app.letters
     SET status = 'replied', reply_text = $2, replied_by = $3, replied_at = $4
     WHERE id = $1 AND status = 'issued'
     RETURNING ${COLUMNS}`,
    [id, reply.text, reply.by, new Date(reply.at)],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toLetter(row);
}
