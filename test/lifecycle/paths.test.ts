// Petitions through every path of the lifecycle, with the real job workers over gRPC, clerks'
// tasks completed over REST, and the 零搁置 invariant checked after every step.
import { expect } from 'chai';
import { DAY } from '../engine/harness.js';
import { PetitionSystem } from './system.js';

/** Monday 2026-06-01 10:00 Shanghai: no holiday near. */
const START = Date.parse('2026-06-01T02:00:00Z');
const LEAD = 'housing-construction';

const triage = (overrides: Record<string, unknown> = {}) => ({
  kind: 'appeal',
  line: 'ordinary',
  procedure: 'normal',
  riskLevel: 'low',
  leadUnit: LEAD,
  coUnits: [],
  triageOpinion: '交住建局办理',
  ...overrides,
});

describe('petition lifecycle paths (real workers)', function () {
  this.timeout(120_000);
  let system: PetitionSystem;
  let people = 0;

  before(async () => {
    system = await PetitionSystem.start(START);
  });
  after(() => system.stop());

  /** A petition from a new petitioner (so it is never a repeat), with its triage done. */
  async function triaged(overrides: Record<string, unknown> = {}, title = '小区楼顶漏水长期未修') {
    people += 1;
    const idNumber = `11010119900101${String(100 + people).padStart(3, '0')}`;
    const { petition, instanceKey } = await system.register({
      title,
      category: 'housing-security',
      area: 'xicheng',
      idNumber: idNumber + checkDigit(idNumber),
    });
    await system.complete(instanceKey!, 'triage', triage(overrides));
    return { number: petition.number, key: instanceKey! };
  }

  async function toReply(key: string) {
    await system.complete(key, 'accept', { acceptance: 'accept' });
    await system.complete(key, 'handle', {
      handling: 'reply',
      replyDecision: 'support',
      replyText: '经核查，已安排维修。',
    });
  }

  /** Open tasks of the main line (the 纪委监委 check of first-time petitions runs beside it). */
  async function mainTasks(key: string) {
    return (await system.openTasks(key)).filter((t) => t.elementId !== 'discipline-check');
  }

  async function notices(number: string): Promise<string[]> {
    const { rows } = await system.database.pool.query<{ template: string }>(
      `SELECT n.template FROM app.notifications n JOIN app.petitions p ON p.id = n.petition_id WHERE p.number = $1 ORDER BY n.id`,
      [number],
    );
    return rows.map((row) => row.template);
  }

  it('runs the normal procedure from registration to closure', async () => {
    const { number, key } = await triaged();
    expect((await system.petition(number)).stage).to.equal('acceptance');
    await toReply(key);
    await system.complete(key, 'pre-review', { review: 'approve' });
    expect((await system.petition(number)).stage).to.equal('replied');
    await system.complete(key, 'return-visit', {
      acceptanceSatisfaction: 'satisfied',
      satisfaction: 'satisfied',
    });
    const closed = await system.petition(number);
    expect(closed.stage).to.equal('closed');
    expect(await notices(number)).to.deep.equal(['accepted', 'reply']);
    expect((await mainTasks(key)).length).to.equal(0);
  });

  it('gives the simplified procedure its 2 and 10 working days', async () => {
    const { number, key } = await triaged({ procedure: 'simplified' });
    const accepting = await system.petition(number);
    // Monday 1 June: 2 working days → Wednesday 3 June, end of day in Shanghai.
    expect(accepting.acceptDue!.toISOString()).to.equal('2026-06-03T15:59:59.999Z');
    await system.complete(key, 'accept', { acceptance: 'accept' });
    const handling = await system.petition(number);
    // 10 working days from Monday 1 June (Dragon Boat holiday 19 June is later): Monday 15 June.
    expect(handling.handleDue!.toISOString()).to.equal('2026-06-15T15:59:59.999Z');
  });

  it('closes a petition the unit does not accept, telling the petitioner why', async () => {
    const { number, key } = await triaged();
    await system.complete(key, 'accept', {
      acceptance: 'reject',
      rejectReason: '该事项已由人民法院受理，应通过诉讼程序解决。',
    });
    expect((await system.petition(number)).stage).to.equal('rejected');
    expect(await notices(number)).to.deep.equal(['not-accepted']);
  });

  it('sends a wrongly routed petition back to triage when the unit objects', async () => {
    const { number, key } = await triaged();
    await system.complete(key, 'accept', {
      acceptance: 'object',
      objectionReason: '属自然资源局职责',
      suggestedUnit: 'natural-resources',
    });
    expect((await mainTasks(key)).map((t) => t.elementId)).to.deep.equal(['triage']);
    await system.complete(key, 'triage', triage({ leadUnit: 'natural-resources' }));
    const tasks = await mainTasks(key);
    expect(tasks.map((t) => t.elementId)).to.deep.equal(['accept']);
    expect(tasks[0]!.candidateGroups).to.deep.equal(['unit:natural-resources']);
    expect((await system.petition(number)).stage).to.equal('acceptance');
  });

  it('waits for every co-handling unit before the reply goes to pre-review', async () => {
    const { key } = await triaged({ coUnits: ['natural-resources', 'xicheng'] });
    await system.complete(key, 'accept', { acceptance: 'accept' });
    const open = await system.openTasks(key);
    expect(
      open
        .filter((t) => t.elementId === 'co-handle')
        .flatMap((t) => t.candidateGroups)
        .sort(),
    ).to.deep.equal(['unit:natural-resources', 'unit:xicheng']);
    await system.complete(key, 'handle', {
      handling: 'reply',
      replyDecision: 'support',
      replyText: '已协调解决。',
    });
    expect((await mainTasks(key)).map((t) => t.elementId)).to.deep.equal(['co-handle', 'co-handle']);
    const coTasks = (await system.openTasks(key)).filter((t) => t.elementId === 'co-handle');
    for (const task of coTasks) {
      await system.rest.completeUserTask({
        userTaskKey: task.userTaskKey as never,
        variables: { coOpinion: '同意主办单位意见。' },
      });
    }
    await system.settle();
    expect((await mainTasks(key)).map((t) => t.elementId)).to.deep.equal(['pre-review']);
  });

  it('returns a weak reply for rework and accepts the second draft', async () => {
    const { number, key } = await triaged();
    await toReply(key);
    await system.complete(key, 'pre-review', {
      review: 'rework',
      reviewOpinion: '答复缺少政策依据，请补充。',
    });
    expect((await mainTasks(key)).map((t) => t.elementId)).to.deep.equal(['handle']);
    await system.complete(key, 'handle', {
      handling: 'reply',
      replyDecision: 'support',
      replyText: '依据《物业管理条例》，已责令维修。',
    });
    await system.complete(key, 'pre-review', { review: 'approve' });
    expect((await system.petition(number)).stage).to.equal('replied');
  });

  it('extends the handling deadline by 30 days when the unit head approves', async () => {
    const { number, key } = await triaged();
    await system.complete(key, 'accept', { acceptance: 'accept' });
    const before = (await system.petition(number)).handleDue!.getTime();
    await system.complete(key, 'handle', {
      handling: 'extend',
      extensionReason: '需委托第三方鉴定房屋安全。',
    });
    expect((await mainTasks(key)).map((t) => [t.elementId, t.candidateGroups])).to.deep.equal([
      ['approve-extension', [`unit-head:${LEAD}`]],
    ]);
    await system.complete(key, 'approve-extension', {
      extensionDecision: 'approve',
      extensionComment: '同意延期。',
    });
    const after = (await system.petition(number)).handleDue!.getTime();
    expect(after - before).to.equal(30 * DAY);
    const handle = (await system.openTasks(key)).find((t) => t.elementId === 'handle');
    expect(Date.parse(handle!.dueDate!)).to.equal(after);
  });

  it('lets the supervisor send a dissatisfied case back for handling', async () => {
    const { number, key } = await triaged();
    await toReply(key);
    await system.complete(key, 'pre-review', { review: 'approve' });
    await system.complete(key, 'return-visit', {
      acceptanceSatisfaction: 'satisfied',
      satisfaction: 'dissatisfied',
      dissatisfactionReason: '维修后仍然漏水。',
    });
    await system.complete(key, 'supervisor-decision', {
      supervisorDecision: 'redo',
      supervisorOpinion: '责成重新办理。',
    });
    expect((await mainTasks(key)).map((t) => t.elementId)).to.deep.equal(['handle']);
    await system.complete(key, 'handle', {
      handling: 'reply',
      replyDecision: 'support',
      replyText: '已更换防水层。',
    });
    await system.complete(key, 'pre-review', { review: 'approve' });
    await system.complete(key, 'return-visit', {
      acceptanceSatisfaction: 'satisfied',
      satisfaction: 'satisfied',
    });
    expect((await system.petition(number)).stage).to.equal('closed');
  });

  it('refers a first-time petition to the discipline commission beside the handling', async () => {
    const { key } = await triaged({}, '反映镇干部推诿不作为');
    const open = (await system.openTasks(key)).map((t) => t.elementId).sort();
    expect(open).to.include('accept');
    // firstTime is true for a new petitioner: the 纪委监委 check runs in parallel.
    expect(open).to.include('discipline-check');
  });

  it('links a repeat petition to the open case and sends the unit a risk letter', async () => {
    const { number } = await triaged({}, '单位拖欠工资三个月未发');
    const open = await system.petition(number);
    const again = await system.register({
      title: '单位拖欠工资三个月未发放',
      category: 'housing-security',
      area: 'xicheng',
      idNumber: await identityOf(open.petitionerId),
    });
    expect(again.repeatOf?.number).to.equal(number);
    expect(again.instanceKey).to.equal(undefined);
    await system.settle();
    const { rows } = await system.database.pool.query<{ kind: string; unit_code: string }>(
      `SELECT kind, unit_code FROM app.letters WHERE petition_number = $1`,
      [number],
    );
    expect(rows).to.deep.include({ kind: 'risk', unit_code: LEAD });
    expect((await system.petition(number)).repeatCount).to.equal(1);
  });

  it('runs 复查 and then 复核, after which the matter is final', async () => {
    const { number } = await triaged();
    const { processInstanceKey } = await system.zeebe.createProcessInstance({
      bpmnProcessId: 'petition-recheck',
      variables: { petitionId: number, title: '复查请求' },
    });
    await system.complete(processInstanceKey, 'review', {
      recheckResult: 'uphold',
      recheckOpinion: '维持原处理意见。',
    });
    await system.zeebe.publishMessage({
      name: 're-review-requested',
      correlationKey: number,
      variables: {},
      timeToLive: 0,
    });
    await system.settle();
    await system.complete(processInstanceKey, 're-review', {
      reReviewResult: 'uphold',
      reReviewOpinion: '维持复查意见，终结。',
    });
    const state = await system.rest.getProcessInstance(
      { processInstanceKey: processInstanceKey as never },
      { consistency: { waitUpToMs: 0 } },
    );
    expect(state.state).to.equal('COMPLETED');
    expect((await notices(number)).filter((t) => t === 'recheck-decision')).to.have.length(2);
  });

  async function identityOf(petitionerId: number): Promise<string> {
    const { revealPetitionerIdentity } = await import('../../src/domain/petitioners/index.js');
    return (await revealPetitionerIdentity(system.database.pool, system.dataKey, petitionerId))!.idNumber;
  }
});

/** GB 11643 check character for the first 17 digits. */
function checkDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}
