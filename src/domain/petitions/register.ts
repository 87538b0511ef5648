import { invalidInput, notFound } from '../errors.js';
import { isKnownArea, isKnownCategory } from '../reference/index.js';
import type { Queryable } from '../sql.js';
import { CHANNELS, RISK_LEVELS, type Channel, type RiskLevel } from '../vocabulary.js';
import { numberingYear } from './numbers.js';
import { PETITION_COLUMNS, toPetition, type Petition, type PetitionRow } from './types.js';

export interface RegisterPetitionInput {
  channel: Channel;
  title: string;
  content: string;
  /** Category code. */
  category: string;
  /** Area code (乡镇/街道). */
  area: string;
  petitionerId: number;
  firstTime?: boolean | undefined;
  skipLevel?: boolean | undefined;
  riskLevel?: RiskLevel | undefined;
  registeredAt: Date;
  /** Username of the clerk, or the channel's system name (online, 12345). */
  registeredBy: string;
}

export const MAX_TITLE_LENGTH = 200;
export const MAX_CONTENT_LENGTH = 20_000;

function text(value: string, max: number, label: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > max) {
    throw invalidInput(`${label}不能为空，且不超过 ${max} 个字`, `${field} must have 1 to ${max} characters`);
  }
  return trimmed;
}

async function checkReferences(db: Queryable, input: RegisterPetitionInput): Promise<void> {
  if (!CHANNELS.includes(input.channel)) {
    throw invalidInput(
      `未知的信访渠道：${String(input.channel)}`,
      `Unknown channel "${String(input.channel)}"`,
    );
  }
  if (input.riskLevel !== undefined && !RISK_LEVELS.includes(input.riskLevel)) {
    throw invalidInput(
      `未知的风险等级：${String(input.riskLevel)}`,
      `Unknown risk level "${String(input.riskLevel)}"`,
    );
  }
  if (!(await isKnownCategory(db, input.category))) {
    throw invalidInput(`未知的信访事项类别：${input.category}`, `Unknown category "${input.category}"`);
  }
  if (!(await isKnownArea(db, input.area))) {
    throw invalidInput(`未知的属地（乡镇/街道）：${input.area}`, `Unknown area "${input.area}"`);
  }
  const petitioner = await db.query('SELECT 1 FROM app.petitioners WHERE id = $1', [input.petitionerId]);
  if (petitioner.rowCount !== 1) {
    throw notFound('找不到该信访人', `No petitioner ${input.petitionerId}`);
  }
}

/**
 * Registers a petition (登记): the next number of the registration year, the petition in stage
 * `registered` on the category's line, and a `registered` timeline entry — in one statement, so
 * a failed registration uses up no number. Repeats are checked by the caller (see intake.ts).
 */
export async function registerPetition(db: Queryable, input: RegisterPetitionInput): Promise<Petition> {
  const title = text(input.title, MAX_TITLE_LENGTH, '标题', 'title');
  const content = text(input.content, MAX_CONTENT_LENGTH, '信访内容', 'content');
  const registeredBy = text(input.registeredBy, 64, '登记人', 'registeredBy');
  await checkReferences(db, input);

  const result = await db.query<PetitionRow>(
    `WITH sequence AS (
       INSERT INTO app.petition_numbers AS n (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = n.last + 1
       RETURNING year, last
     ), inserted AS (
       INSERT INTO app.petitions (number, channel, title, content, category_code, area_code, petitioner_id,
         line, risk_level, first_time, skip_level, registered_at, registered_by)
       SELECT 'XF-' || sequence.year || '-' || lpad(sequence.last::text, greatest(6, length(sequence.last::text)), '0'),
         $2, $3, $4, $5::text, $6, $7,
         (SELECT line FROM app.categories WHERE code = $5::text), $8, $9, $10, $11, $12
       FROM sequence
       RETURNING ${PETITION_COLUMNS}
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT id, registered_at, 'registered', registered_by,
         jsonb_build_object('number', number, 'channel', channel, 'category', category_code, 'area', area_code)
       FROM inserted
     )
     SELECT ${PETITION_COLUMNS} FROM inserted`,
    [
      numberingYear(input.registeredAt),
      input.channel,
      title,
      content,
      input.category,
      input.area,
      input.petitionerId,
      input.riskLevel ?? 'low',
      input.firstTime ?? false,
      input.skipLevel ?? false,
      input.registeredAt,
      registeredBy,
    ],
  );
  return toPetition(result.rows[0] as PetitionRow);
}
