// Drives the petition models on a test engine. The job workers do not take part: the tests play
// their part by completing jobs with plausible outputs, and the users' part by completing tasks.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { ActivatedJob, Resource, Variables } from '../../src/engine/api.js';
import { DAY, T0, type TestEngine } from '../engine/harness.js';

const ROOT = new URL('../../', import.meta.url);

/** The files of `bpmn/` or `forms/`, named as they are deployed (`bpmn/petition.bpmn`). */
export function modelFiles(folder: 'bpmn' | 'forms'): Resource[] {
  const dir = fileURLToPath(new URL(`${folder}/`, ROOT));
  const extension = folder === 'bpmn' ? '.bpmn' : '.form';
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, content: readFileSync(`${dir}${name}`) }));
}

export async function deployModels(t: TestEngine): Promise<void> {
  await t.engine.deployResources([...modelFiles('forms'), ...modelFiles('bpmn')]);
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/** What `compute-deadlines` would answer: due in 520/210 days from now, reminder a day before, accountability a day after. */
export function deadlines(
  t: TestEngine,
  stage: 'accept' | 'handle' | 'extension',
  procedure = 'normal',
): Variables {
  const days = {
    accept: procedure === 'simplified' ? 2 : 5,
    handle: procedure === 'simplified' ? 10 : 20,
    extension: 30,
  }[stage];
  const due = t.engine.clock().instant + days * DAY;
  return {
    [`${stage}Due`]: iso(due),
    [`${stage}RemindAt`]: iso(due - DAY),
    [`${stage}AccountAt`]: iso(due + DAY),
  };
}

export interface OpenTask {
  key: string;
  elementId: string;
  candidateGroups: string[];
  dueDate: string | null;
  formId: string | null;
}

let petitionCount = 0;

/** One `petition` or `petition-recheck` instance, stepped job by job and task by task. */
export class Run {
  private constructor(
    readonly t: TestEngine,
    readonly key: string,
  ) {}

  static async petition(t: TestEngine, variables: Variables = {}): Promise<Run> {
    petitionCount += 1;
    const start = {
      petitionId: `XF-2026-${String(petitionCount).padStart(6, '0')}`,
      title: '小区路灯长期不亮',
      category: 'urban-management',
      area: '330122',
      channel: 'online',
      firstTime: false,
      skipLevel: false,
      repeatCount: 0,
      registeredAt: iso(T0),
      ...variables,
    };
    return new Run(t, await t.start('petition', start));
  }

  static async recheck(t: TestEngine, petitionId: string): Promise<Run> {
    return new Run(t, await t.start('petition-recheck', { petitionId, title: '小区路灯长期不亮' }));
  }

  state(): Promise<string> {
    return this.t.instanceState(this.key);
  }

  variables(): Promise<Variables> {
    return this.t.variables(this.key);
  }

  async openTasks(): Promise<OpenTask[]> {
    const { rows } = await this.t.db.query<{
      key: string;
      element_id: string;
      candidate_groups: string[];
      due_date: string | null;
      form_id: string | null;
    }>(
      `SELECT t.key::text AS key, t.element_id, t.candidate_groups, t.due_date, f.form_id
       FROM engine.user_tasks t LEFT JOIN engine.forms f ON f.key = t.form_key
       WHERE t.process_instance_key = $1 AND t.state = 'CREATED' ORDER BY t.key`,
      [this.key],
    );
    return rows.map((row) => ({
      key: row.key,
      elementId: row.element_id,
      candidateGroups: row.candidate_groups,
      dueDate: row.due_date,
      formId: row.form_id,
    }));
  }

  /** Ids of the open user tasks, sorted. */
  async openTaskIds(): Promise<string[]> {
    return (await this.openTasks()).map((task) => task.elementId).sort();
  }

  /** The one open task of an element. */
  async task(elementId: string): Promise<OpenTask> {
    const tasks = (await this.openTasks()).filter((task) => task.elementId === elementId);
    expect(tasks, `open '${elementId}' tasks`).to.have.length(1);
    return tasks[0]!;
  }

  async complete(elementId: string, variables: Variables = {}): Promise<OpenTask> {
    const task = await this.task(elementId);
    await this.t.engine.completeUserTask(task.key, variables);
    return task;
  }

  /** Activates this instance's jobs of a type; they stay locked to the test until completed. */
  async jobs(type: string): Promise<ActivatedJob[]> {
    return (await this.t.jobs(type, 100)).filter((job) => job.processInstanceKey === this.key);
  }

  /** Completes the instance's one job of a type, as its worker would, and returns it. */
  async work(type: string, variables: Variables = {}): Promise<ActivatedJob> {
    const jobs = await this.jobs(type);
    expect(
      jobs.map((job) => job.elementId),
      `activatable '${type}' jobs`,
    ).to.have.length(1);
    await this.t.engine.completeJob(jobs[0]!.key, variables);
    return jobs[0]!;
  }

  async computeDeadlines(stage: 'accept' | 'handle' | 'extension'): Promise<Variables> {
    const jobs = await this.jobs('compute-deadlines');
    expect(
      jobs.map((job) => job.customHeaders),
      'compute-deadlines jobs',
    ).to.deep.equal([{ stage }]);
    const result = deadlines(this.t, stage, jobs[0]!.variables.procedure as string);
    await this.t.engine.completeJob(jobs[0]!.key, result);
    return result;
  }

  // ---- the usual steps ------------------------------------------------------------------------

  /** route-petition proposes the units; the office confirms them at triage. */
  async triage(triage: Variables = {}, route: Variables = {}): Promise<void> {
    const proposal = { leadUnit: 'U-ZJJ', coUnits: [], line: 'ordinary', ...route };
    await this.work('route-petition', proposal);
    await this.complete('triage', {
      kind: 'appeal',
      procedure: 'normal',
      riskLevel: 'low',
      ...proposal,
      ...triage,
    });
  }

  /** From the acceptance deadlines to an accepted petition with handling deadlines and an open handle task. */
  async accept(): Promise<void> {
    await this.computeDeadlines('accept');
    await this.complete('accept', { acceptance: 'accept' });
    expect((await this.work('notify-petitioner')).customHeaders).to.deep.equal({ template: 'accepted' });
    await this.computeDeadlines('handle');
  }

  async reply(): Promise<void> {
    await this.complete('handle', {
      handling: 'reply',
      replyDecision: 'support',
      replyText: '经查，路灯线路老化，已于本周更换并恢复照明。',
    });
  }

  /** Pre-review approves; the reply is registered and sent. */
  async approveReply(): Promise<void> {
    await this.complete('pre-review', { review: 'approve' });
    expect((await this.work('update-petition')).customHeaders).to.deep.equal({ stage: 'replied' });
    expect((await this.work('notify-petitioner')).customHeaders).to.deep.equal({ template: 'reply' });
  }

  async visitAndClose(satisfaction = 'satisfied'): Promise<void> {
    await this.complete('return-visit', { visitChannel: 'phone', satisfaction });
    await this.work('close-petition');
  }
}

/** Cancels the instances a test left running, so that their timers and jobs stay out of the next test. */
export async function cancelLive(t: TestEngine): Promise<void> {
  const { rows } = await t.db.query<{ key: string }>(
    `SELECT key::text AS key FROM engine.process_instances WHERE state = 'ACTIVE' AND parent_process_instance_key IS NULL`,
  );
  for (const row of rows) await t.engine.cancelProcessInstance(row.key);
}
