import path from 'node:path';
import { expect } from 'chai';
import { formatReport, hasErrors, lintModels, modelsIn, projectFacts, ROOT } from '../../lint/run.js';
import type { ProjectFacts } from '../../lint/config.js';

const FIXTURES = path.join(ROOT, 'test', 'lint', 'fixtures');

describe('lint: bpmnlint over the models', () => {
  let facts: ProjectFacts;
  before(async () => (facts = await projectFacts()));

  it('knows every worker job type and every form', () => {
    expect(facts.jobTypes).to.include.members(['route-petition', 'issue-letter', 'close-petition']);
    expect(facts.formIds).to.include.members(['petition-triage', 'recheck-review']);
  });

  it('passes every model in bpmn/ without errors or warnings', async () => {
    const files = await modelsIn(path.join(ROOT, 'bpmn'));
    expect(files).to.have.length.greaterThan(1);
    const reports = await lintModels(files, { facts });
    expect(reports, formatReport(reports)).to.deep.equal([]);
  });

  const cases = [
    {
      fixture: 'unknown-job-type.bpmn',
      elementId: 'notify-re-review-decision',
      rule: 'xinfang/job-worker',
      mentions: 'send-fax',
    },
    {
      fixture: 'missing-form.bpmn',
      elementId: 'review',
      rule: 'xinfang/form-exists',
      mentions: 'recheck-appeal',
    },
    { fixture: 'bad-timer.bpmn', elementId: 'window-closed', rule: 'xinfang/timer-syntax', mentions: 'P30X' },
  ];
  for (const { fixture, elementId, rule, mentions } of cases) {
    it(`refuses ${fixture}, naming ${elementId} and ${rule}`, async () => {
      const reports = await lintModels([path.join(FIXTURES, fixture)], { facts });
      expect(hasErrors(reports)).to.equal(true);
      const hit = reports.find((report) => report.rule === rule);
      expect(hit, formatReport(reports)).to.include({ elementId, category: 'error' });
      expect(hit?.message).to.contain(mentions);
      expect(hit?.file).to.match(new RegExp(`${fixture.replace('.', '\\.')}$`));
      const text = formatReport(reports, 1);
      expect(text).to.contain(elementId).and.contain(rule).and.contain('1 model(s) checked');
    });
  }

  it('reports a file that is not BPMN XML as an error instead of throwing', async () => {
    const reports = await lintModels([path.join(FIXTURES, 'missing.bpmn')], { facts });
    expect(reports).to.have.length(1);
    expect(reports[0]).to.include({ rule: 'parse', category: 'error' });
  });

  it('applies the job-type rule only to the types it is given', async () => {
    const reports = await lintModels([path.join(ROOT, 'bpmn', 'petition-recheck.bpmn')], {
      facts: { ...facts, jobTypes: ['route-petition'] },
    });
    expect(reports.map((report) => [report.elementId, report.rule])).to.deep.equal([
      ['notify-review-decision', 'xinfang/job-worker'],
      ['notify-re-review-decision', 'xinfang/job-worker'],
    ]);
  });
});
