import { conflict, invalidInput, notFound } from '../errors.js';
import type { Queryable } from '../sql.js';
import { getPetition } from './get.js';
import {
  PETITION_COLUMNS,
  petitionColumns,
  toPetition,
  type Act,
  type Petition,
  type PetitionRow,
} from './types.js';

/**
 * Links a just-registered repeat petition to the open case it repeats (信访工作条例 Art. 19):
 * the repeat is closed as merged (repeat_of = the open case; no second case starts), the open
 * case's repeat count goes up by one and its risk level one step (low → medium → high), and both
 * get a timeline entry (`repeat-linked` on the open case, `merged-as-repeat` on the repeat).
 * One statement: the repeat is updated first and the open case only through it.
 */
export async function linkRepeat(
  db: Queryable,
  link: { repeatId: number; openId: number },
  act: Act,
): Promise<{ open: Petition; repeat: Petition }> {
  if (link.repeatId === link.openId) {
    throw invalidInput('信访事项不能作为自身的重复件', 'A petition cannot repeat itself');
  }
  const result = await db.query<PetitionRow & { role: 'open' | 'repeat' }>(
    `WITH merged AS (
       UPDATE app.petitions r SET repeat_of = o.id, stage = 'closed', closed_at = $3
       FROM app.petitions o
       WHERE r.id = $1 AND o.id = $2 AND r.repeat_of IS NULL AND r.stage = 'registered'
         AND o.stage NOT IN ('closed', 'rejected')
       RETURNING ${petitionColumns('r')}
     ), raised AS (
       UPDATE app.petitions o SET repeat_count = o.repeat_count + 1,
         risk_level = CASE o.risk_level WHEN 'low' THEN 'medium' ELSE 'high' END
       FROM merged WHERE o.id = merged.repeat_of
       RETURNING ${petitionColumns('o')}
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT raised.id, $3, 'repeat-linked', $4, jsonb_build_object('repeatId', merged.id,
         'repeatNumber', merged.number, 'repeatCount', raised.repeat_count, 'riskLevel', raised.risk_level)
       FROM raised, merged
       UNION ALL
       SELECT merged.id, $3, 'merged-as-repeat', $4, jsonb_build_object('openId', raised.id, 'openNumber', raised.number)
       FROM raised, merged
     )
     SELECT 'open' AS role, ${PETITION_COLUMNS} FROM raised
     UNION ALL
     SELECT 'repeat' AS role, ${PETITION_COLUMNS} FROM merged`,
    [link.repeatId, link.openId, act.at, act.actor],
  );
  const open = result.rows.find((row) => row.role === 'open');
  const repeat = result.rows.find((row) => row.role === 'repeat');
  if (open !== undefined && repeat !== undefined)
    return { open: toPetition(open), repeat: toPetition(repeat) };
  return explainRefusal(db, link);
}

async function explainRefusal(db: Queryable, link: { repeatId: number; openId: number }): Promise<never> {
  const [repeat, open] = await Promise.all([getPetition(db, link.repeatId), getPetition(db, link.openId)]);
  if (repeat === undefined) throw notFound('找不到重复件', `No petition ${link.repeatId}`);
  if (open === undefined) throw notFound('找不到被重复的信访事项', `No petition ${link.openId}`);
  if (open.stage === 'closed' || open.stage === 'rejected') {
    throw conflict(
      `信访事项 ${open.number} 已结束，新的信访应作为新件办理`,
      `Petition ${open.number} is ${open.stage}; a repeat of it is a new case`,
    );
  }
  throw conflict(
    `信访事项 ${repeat.number} 已进入办理或已关联其他件，不能再作为重复件合并`,
    `Petition ${repeat.number} is not a fresh, unlinked registration (stage ${repeat.stage})`,
  );
}
