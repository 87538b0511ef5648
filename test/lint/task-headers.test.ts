import path from 'node:path';
import { expect } from 'chai';
import { z } from 'zod';
import type { ProjectFacts } from '../../lint/config.js';
import { formatReport, hasErrors, lintModels, projectFacts, ROOT } from '../../lint/run.js';
import { issueLetterWorker } from '../../workers/issue-letter.js';
import { declareHeaders, headerIssues } from '../../workers/lib/headers.js';
import { notifyPetitioner } from '../../workers/notify-petitioner.js';
import { WORKERS } from '../../workers/index.js';

const FIXTURE = path.join(ROOT, 'test', 'lint', 'fixtures', 'bad-task-headers.bpmn');
const RULE = 'xinfang/task-headers';
const CHINESE = /[\u4e00-\u9fff]/;

describe('lint: task headers against the workers’ declarations', () => {
  let facts: ProjectFacts;
  before(async () => (facts = await projectFacts()));

  it('has a header check for every worker', () => {
    expect(Object.keys(facts.headerChecks)).to.have.members(WORKERS.map((worker) => worker.jobType));
  });

  it('refuses each broken task of the fixture, naming the element and what is wrong', async () => {
    const reports = await lintModels([FIXTURE], { facts });
    expect(hasErrors(reports)).to.equal(true);
    const ours = reports.filter((report) => report.rule === RULE);
    const byElement = new Map(ours.map((report) => [report.elementId, report]));
    const expected: [elementId: string, mentions: string[]][] = [
      ['notify-bad-template', ['"template"', '"fax"', 'recheck-decision', 'is not one of']],
      ['letter-unknown-header', ['未知任务头 "urgency"', 'unknown header "urgency"', 'letter / stage']],
      ['remind-missing-stage', ['缺少任务头 "stage"', 'missing header "stage"', 'accept / handle']],
      ['letter-wrong-stage', ['督办函', 'stage accept or handle']],
      ['route-with-header', ['"priority"', 'the worker reads none']],
      ['deadlines-twice', ['重复', 'more than once']],
    ];
    expect([...byElement.keys()], formatReport(reports)).to.have.members(expected.map(([id]) => id));
    expect(ours, 'one report per broken task').to.have.length(expected.length);
    for (const [elementId, mentions] of expected) {
      const report = byElement.get(elementId)!;
      expect(report.category, elementId).to.equal('error');
      // Chinese for the county's designers, then English in brackets.
      expect(report.message, elementId)
        .to.match(CHINESE)
        .and.match(/（[^）]*[a-z]{2,} [a-z]{2,}[^）]*）$/);
      for (const text of mentions) expect(report.message, elementId).to.contain(text);
    }
  });

  it('leaves alone a task with valid headers and one whose job type is an expression', async () => {
    const reports = await lintModels([FIXTURE], { facts });
    const elements = reports.filter((report) => report.rule === RULE).map((report) => report.elementId);
    expect(elements).not.to.include('deadlines-ok');
    expect(elements).not.to.include('expression-type');
  });

  it('checks only the job types it is given a check for', async () => {
    const reports = await lintModels([FIXTURE], {
      facts: { ...facts, headerChecks: { 'remind-unit': facts.headerChecks['remind-unit']! } },
    });
    expect(reports.filter((report) => report.rule === RULE).map((report) => report.elementId)).to.deep.equal([
      'remind-missing-stage',
    ]);
  });
});

describe('worker header declarations', () => {
  it('lists each header with its values, and whether a task must set it', () => {
    expect(issueLetterWorker.headers).to.deep.equal([
      { key: 'letter', values: ['supervision', 'risk', 'accountability'], required: true },
      {
        key: 'stage',
        values: ['accept', 'handle', 'triage', 'repeat'],
        required: false,
        defaultValue: 'accept',
      },
    ]);
    expect(notifyPetitioner.headers.map(({ key, required }) => [key, required])).to.deep.equal([
      ['template', true],
      ['stage', false],
    ]);
  });

  it('accepts the headers the models use, and the worker parses what the check accepts', () => {
    const headers = [
      { key: 'letter', value: 'risk' },
      { key: 'stage', value: 'repeat' },
    ];
    expect(issueLetterWorker.checkHeaders(headers)).to.deep.equal([]);
    expect(issueLetterWorker.spec.headers.parse({ letter: 'risk', stage: 'repeat' })).to.deep.equal({
      letter: 'risk',
      stage: 'repeat',
    });
    // A defaulted header may be left out.
    expect(issueLetterWorker.checkHeaders([{ key: 'letter', value: 'supervision' }])).to.deep.equal([]);
  });

  it('refuses to declare a header that is not a closed list of values', () => {
    expect(() => declareHeaders('send-fax', z.object({ number: z.string() }))).to.throw(
      /send-fax: task header "number" must be a zod enum of strings/,
    );
    expect(() =>
      declareHeaders('send-fax', z.object({ copies: z.enum(['1', '2']).optional() })),
    ).not.to.throw();
  });

  it('reports every problem of a task at once, before the rules across headers', () => {
    const schema = z
      .object({ a: z.enum(['x', 'y']), b: z.enum(['x', 'y']) })
      .refine((h) => h.a !== h.b, { path: ['b'], message: 'a 与 b 不能相同（a and b must differ）' });
    const declared = declareHeaders('pair', schema);
    expect(
      headerIssues(schema, declared, [
        { key: 'a', value: 'z' },
        { key: 'c', value: 'x' },
      ]).map((issue) => issue.key),
    ).to.deep.equal(['a', 'c', 'b']);
    expect(
      headerIssues(schema, declared, [
        { key: 'a', value: 'x' },
        { key: 'b', value: 'x' },
      ]),
    ).to.deep.equal([{ key: 'b', message: 'a 与 b 不能相同（a and b must differ）' }]);
  });
});
