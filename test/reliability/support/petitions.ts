// Drives petitions through the lifecycle against engines in other processes, as clerks would:
// each petition has a plan (the answer for each of its tasks), and a round completes whatever
// task is open and has an answer. Being driven by what is open, a round can be repeated after a
// crash without knowing what the crash interrupted. Plus the checks that nothing was lost or
// done twice, read from the database.
import { expect } from 'chai';
import type pg from 'pg';
import { sleep, until } from './processes.js';

/** Monday 2026-06-01 10:00 in Shanghai: no holiday near. */
export const START = Date.parse('2026-06-01T02:00:00Z');
export const LEAD = 'housing-construction';

export const WORKER_JOB_TYPES = [
  'route-petition',
  'compute-deadlines',
  'notify-petitioner',
  'remind-unit',
  'issue-letter',
  'update-petition',
  'close-petition',
];

export type PathKind = 'closed' | 'rejected' | 'escalated';

export interface Plan {
  number: string;
  path: PathKind;
  /** The answer (completion variables) for each task the path passes. */
  answers: Record<string, Record<string, unknown>>;
  /** Tasks not to complete yet (an escalated petition waits at `accept` for its deadlines). */
  held: Set<string>;
}

const TRIAGE = {
  kind: 'appeal',
  line: 'ordinary',
  procedure: 'normal',
  riskLevel: 'low',
  leadUnit: LEAD,
  coUnits: [],
  triageOpinion: '交住建局办理',
};
const DISCIPLINE = { disciplineFinding: 'none', disciplineOpinion: '未发现问题线索。' };
const REPLY = {
  accept: { acceptance: 'accept' },
  handle: { handling: 'reply', replyDecision: 'support', replyText: '经核查，已安排维修。' },
  'pre-review': { review: 'approve' },
  'return-visit': { acceptanceSatisfaction: 'satisfied', satisfaction: 'satisfied' },
};

export function planFor(number: string, path: PathKind): Plan {
  const answers: Plan['answers'] =
    path === 'rejected'
      ? {
          triage: TRIAGE,
          'discipline-check': DISCIPLINE,
          accept: { acceptance: 'reject', rejectReason: '该事项已由人民法院受理，应通过诉讼程序解决。' },
        }
      : { triage: TRIAGE, 'discipline-check': DISCIPLINE, ...REPLY };
  return { number, path, answers, held: new Set(path === 'escalated' ? ['accept'] : []) };
}

/** What each path leaves behind: final stage, notices (SMS templates) and letters (kind/stage). */
export const EXPECTED: Record<PathKind, { stage: string; notices: string[]; letters: string[] }> = {
  closed: { stage: 'closed', notices: ['accepted', 'reply'], letters: [] },
  rejected: { stage: 'rejected', notices: ['not-accepted'], letters: [] },
  escalated: {
    stage: 'closed',
    notices: ['accepted', 'reply', 'unit-reminder'],
    letters: ['accountability/accept', 'supervision/accept'],
  },
};

/** Tasks the clerks complete once per petition on each path (the element ids, sorted). */
export function completedTasksOf(plan: Plan): string[] {
  return Object.keys(plan.answers).sort();
}

export class PetitionDriver {
  constructor(
    private readonly db: pg.Pool,
    private readonly engineRestUrl: string,
  ) {}

  /** Engine time (epoch ms), from the engine's clock endpoint. */
  async engineNow(): Promise<number> {
    const response = await fetch(`${this.engineRestUrl}/actuator/clock`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`the engine clock answered ${response.status}`);
    return ((await response.json()) as { epochMilli: number }).epochMilli;
  }

  /** Pins the engine clock (an idempotent call: safe to repeat after a crash). */
  async pinClock(epochMilli: number): Promise<void> {
    const response = await fetch(`${this.engineRestUrl}/actuator/clock/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ epochMilli }),
      signal: AbortSignal.timeout(5_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`pinning the engine clock answered ${response.status}`);
  }

  /**
   * One round: completes every open task of the planned petitions that has an answer and is not
   * held. Returns how many it completed. A task that is gone meanwhile (completed by a request
   * whose answer a crash swallowed, or terminated) is skipped.
   */
  async round(plans: readonly Plan[]): Promise<number> {
    const byNumber = new Map(plans.map((plan) => [plan.number, plan]));
    const { rows } = await this.db.query<{ key: string; element_id: string; number: string }>(
      `SELECT t.key::text, t.element_id, p.number
       FROM engine.user_tasks t JOIN app.petitions p ON p.process_instance_key = t.process_instance_key::text
       WHERE t.state = 'CREATED' AND p.number = ANY($1) ORDER BY t.key`,
      [plans.map((plan) => plan.number)],
    );
    let done = 0;
    for (const row of rows) {
      const plan = byNumber.get(row.number)!;
      const variables = plan.answers[row.element_id];
      if (variables === undefined || plan.held.has(row.element_id)) continue;
      const response = await fetch(`${this.engineRestUrl}/v2/user-tasks/${row.key}/completion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variables }),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.status === 204 || response.status === 200) done++;
      else if (response.status !== 404 && response.status !== 409)
        throw new Error(`completing ${row.element_id} of ${row.number} answered ${response.status}: ${text}`);
    }
    return done;
  }

  /**
   * Nothing automatic is left to do at the current engine time (the check of the lifecycle tests,
   * in one statement so one snapshot), and every planned petition has its process.
   */
  async settled(plans: readonly Plan[] = []): Promise<boolean> {
    const now = await this.engineNow();
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM engine.jobs
               WHERE type = ANY($1) AND state IN ('ACTIVATABLE', 'ACTIVATED') AND activatable_at <= $2)
            + (SELECT count(*) FROM engine.pending_commands)
            + (SELECT count(*) FROM engine.timers WHERE state = 'ACTIVE' AND due_at <= $2)
            + (SELECT count(*) FROM app.petitions WHERE number = ANY($3) AND process_instance_key IS NULL) AS n`,
      [WORKER_JOB_TYPES, now, plans.map((plan) => plan.number)],
    );
    return rows[0]!.n === '0';
  }

  /** Rounds until no task with an answer is open and the workers are done. */
  async drive(
    plans: readonly Plan[],
    timeoutMs: number,
    onError?: (error: unknown) => Promise<void>,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`petitions did not settle within ${timeoutMs} ms`);
      try {
        const done = await this.round(plans);
        if (done === 0 && (await this.settled(plans)) && (await this.round(plans)) === 0) return;
      } catch (error: unknown) {
        if (onError === undefined) throw error;
        await onError(error);
      }
      await sleep(100);
    }
  }

  async waitSettled(timeoutMs: number): Promise<void> {
    await until(() => this.settled(), 'the workers to finish', timeoutMs);
  }
}

/** Every planned petition reached its path's end with exactly its path's notices and letters. */
export async function checkOutcomes(db: pg.Pool, plans: readonly Plan[]): Promise<void> {
  for (const plan of plans) {
    const expected = EXPECTED[plan.path];
    const { rows: petitions } = await db.query<{ id: string; stage: string; process_instance_key: string }>(
      'SELECT id::text, stage, process_instance_key FROM app.petitions WHERE number = $1',
      [plan.number],
    );
    expect(petitions, `petition ${plan.number} is stored once`).to.have.length(1);
    const petition = petitions[0]!;
    expect(petition.stage, `stage of ${plan.number} (${plan.path})`).to.equal(expected.stage);
    const { rows: notices } = await db.query<{ template: string }>(
      'SELECT template FROM app.notifications WHERE petition_id = $1 ORDER BY template',
      [petition.id],
    );
    expect(
      notices.map((n) => n.template),
      `notices of ${plan.number} (${plan.path})`,
    ).to.deep.equal(expected.notices);
    const { rows: letters } = await db.query<{ kind: string; stage: string }>(
      'SELECT kind, stage FROM app.letters WHERE petition_number = $1 ORDER BY kind, stage',
      [plan.number],
    );
    expect(
      letters.map((l) => `${l.kind}/${l.stage}`),
      `letters of ${plan.number} (${plan.path})`,
    ).to.deep.equal(expected.letters);
    const { rows: tasks } = await db.query<{ element_id: string; state: string }>(
      `SELECT element_id, state FROM engine.user_tasks WHERE process_instance_key = $1::bigint
       ORDER BY element_id`,
      [petition.process_instance_key],
    );
    const completed = tasks.filter((t) => t.state === 'COMPLETED').map((t) => t.element_id);
    // A rejected case may end its 纪检 check either way (completed or ended with the process).
    const wanted = completedTasksOf(plan).filter(
      (id) => !(plan.path === 'rejected' && id === 'discipline-check'),
    );
    expect(
      completed.filter((id) => !(plan.path === 'rejected' && id === 'discipline-check')),
      `completed tasks of ${plan.number} (${plan.path})`,
    ).to.deep.equal(wanted);
    expect(
      tasks.filter((t) => t.state === 'CREATED').map((t) => t.element_id),
      `open tasks of ${plan.number}`,
    ).to.deep.equal([]);
  }
}

/** Nothing duplicated or lost anywhere in the engine's and the app's records. */
export async function checkNothingDoubled(db: pg.Pool): Promise<void> {
  const none = async (sql: string, what: string) => {
    const { rows } = await db.query(sql);
    expect(rows, what).to.deep.equal([]);
  };
  await none(
    `SELECT key FROM engine.records WHERE value_type = 'JOB' AND intent = 'COMPLETED'
     GROUP BY key HAVING count(*) > 1`,
    'no job completed twice',
  );
  // A job is offered again only after its worker failed it, its lock ran out or its retries were
  // reset; any other second hand-out means two workers held it at once.
  await none(
    `SELECT key FROM engine.records WHERE value_type = 'JOB' GROUP BY key
     HAVING count(*) FILTER (WHERE intent = 'ACTIVATED')
          > 1 + count(*) FILTER (WHERE intent IN ('FAILED', 'TIMED_OUT', 'RETRIES_UPDATED'))`,
    'no job handed to a second worker while the first held it',
  );
  await none(
    `SELECT key, type, state FROM engine.jobs WHERE state <> 'COMPLETED'`,
    'every job completed (none waiting, failed or lost)',
  );
  await none(
    `SELECT j.key FROM engine.jobs j WHERE NOT EXISTS
       (SELECT 1 FROM engine.records r WHERE r.key = j.key AND r.value_type = 'JOB' AND r.intent = 'COMPLETED')`,
    'every completed job has its completion record',
  );
  await none(`SELECT key, error_message FROM engine.incidents`, 'no incident');
  await none(
    `SELECT element_instance_key FROM engine.user_tasks GROUP BY element_instance_key HAVING count(*) > 1`,
    'one user task per task element',
  );
  await none(
    `SELECT e.key, e.element_id FROM engine.element_instances e
     WHERE e.element_type = 'USER_TASK' AND e.state = 'ACTIVATED'
       AND NOT EXISTS (SELECT 1 FROM engine.user_tasks t WHERE t.element_instance_key = e.key AND t.state = 'CREATED')`,
    'every waiting task element has its open user task',
  );
  await none(
    `SELECT petition_number, kind, stage, deadline FROM app.letters
     GROUP BY petition_number, kind, stage, deadline HAVING count(*) > 1`,
    'one letter per kind per deadline',
  );
  await none(
    `SELECT petition_id, template, params->>'stage', params->>'deadline' FROM app.notifications
     GROUP BY petition_id, template, params->>'stage', params->>'deadline' HAVING count(*) > 1`,
    'one notice per petition, template and deadline',
  );
}

/** 零搁置: every open petition with a process has an open task with an owner and a deadline. */
export async function checkZeroShelving(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ number: string; tasks: string; unowned: string }>(
    `SELECT p.number,
            count(t.key) AS tasks,
            count(t.key) FILTER (WHERE jsonb_array_length(t.candidate_groups) = 0 OR t.due_date IS NULL) AS unowned
     FROM app.petitions p
     LEFT JOIN engine.user_tasks t
       ON t.process_instance_key::text = p.process_instance_key AND t.state = 'CREATED'
     WHERE p.stage NOT IN ('closed', 'rejected') AND p.process_instance_key IS NOT NULL
     GROUP BY p.number`,
  );
  for (const row of rows) {
    expect(Number(row.tasks), `petition ${row.number} has an open task`).to.be.greaterThan(0);
    expect(Number(row.unowned), `open tasks of ${row.number} have an owner and a deadline`).to.equal(0);
  }
}
