import { toId } from '../sql.js';
import type { Channel, Line, PetitionKind, Procedure, RiskLevel, Stage } from '../vocabulary.js';

export interface Petition {
  id: number;
  /** XF-2026-000123 */
  number: string;
  channel: Channel;
  title: string;
  content: string;
  categoryCode: string;
  areaCode: string;
  petitionerId: number;
  /** Decided at triage. */
  kind: PetitionKind | null;
  line: Line;
  /** Decided at triage. */
  procedure: Procedure | null;
  riskLevel: RiskLevel;
  stage: Stage;
  leadUnit: string | null;
  coUnits: string[];
  /** 初信初访 */
  firstTime: boolean;
  /** 越级访 */
  skipLevel: boolean;
  /** Repeats linked to this case so far. */
  repeatCount: number;
  /** The open case this petition was merged into, if it was a repeat. */
  repeatOf: number | null;
  processInstanceKey: string | null;
  registeredAt: Date;
  registeredBy: string;
  acceptDue: Date | null;
  handleDue: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
}

/** Who did something and when: every change to a petition carries one. */
export interface Act {
  at: Date;
  /** A username, or a worker's name for automatic steps. */
  actor: string;
}

export interface PetitionRow {
  id: string;
  number: string;
  channel: Channel;
  title: string;
  content: string;
  category_code: string;
  area_code: string;
  petitioner_id: string;
  kind: PetitionKind | null;
  line: Line;
  procedure: Procedure | null;
  risk_level: RiskLevel;
  stage: Stage;
  lead_unit: string | null;
  co_units: string[];
  first_time: boolean;
  skip_level: boolean;
  repeat_count: number;
  repeat_of: string | null;
  process_instance_key: string | null;
  registered_at: Date;
  registered_by: string;
  accept_due: Date | null;
  handle_due: Date | null;
  replied_at: Date | null;
  closed_at: Date | null;
}

export const PETITION_COLUMNS = `id, number, channel, title, content, category_code, area_code, petitioner_id,
  kind, line, procedure, risk_level, stage, lead_unit, co_units, first_time, skip_level, repeat_count,
  repeat_of, process_instance_key, registered_at, registered_by, accept_due, handle_due, replied_at, closed_at`;

/** The columns qualified by a table alias, for statements that join. */
export function petitionColumns(alias: string): string {
  return PETITION_COLUMNS.split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}

export function toPetition(row: PetitionRow): Petition {
  return {
    id: toId(row.id),
    number: row.number,
    channel: row.channel,
    title: row.title,
    content: row.content,
    categoryCode: row.category_code,
    areaCode: row.area_code,
    petitionerId: toId(row.petitioner_id),
    kind: row.kind,
    line: row.line,
    procedure: row.procedure,
    riskLevel: row.risk_level,
    stage: row.stage,
    leadUnit: row.lead_unit,
    coUnits: row.co_units,
    firstTime: row.first_time,
    skipLevel: row.skip_level,
    repeatCount: row.repeat_count,
    repeatOf: row.repeat_of === null ? null : toId(row.repeat_of),
    processInstanceKey: row.process_instance_key,
    registeredAt: row.registered_at,
    registeredBy: row.registered_by,
    acceptDue: row.accept_due,
    handleDue: row.handle_due,
    repliedAt: row.replied_at,
    closedAt: row.closed_at,
  };
}
