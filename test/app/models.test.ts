// The designers' model routes against the real engine with the models of bpmn/ and forms/: the
// catalogue of what is deployed, a model's XML, the model lint and deployment through the app.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { listAudit } from '../../src/domain/audit/index.js';
import { petitionInput, signedIn, startAppUnderTest, type ApiClient, type AppUnderTest } from './support.js';

const fixture = (name: string) => readFileSync(new URL(`../lint/fixtures/${name}`, import.meta.url), 'utf8');

interface Version {
  key: string;
  version: number;
  deployedAt: string | null;
  deployedBy: string | null;
  runningInstances: number;
}

interface Catalog {
  processes: { processDefinitionId: string; latestVersion: number; versions: Version[] }[];
  forms: {
    formId: string;
    fileName: string | null;
    versions: { key: string; version: number; deployedBy: string | null }[];
    usedBy: { processDefinitionId: string; elementIds: string[] }[];
  }[];
}

interface LintResult {
  ok: boolean;
  errorCount: number;
  items: { elementId: string; rule: string; message: string; category: string }[];
}

/** The form the missing-form fixture asks for. */
const appealForm = {
  id: 'recheck-appeal',
  type: 'default',
  components: [{ type: 'textarea', key: 'reviewOpinion', label: '复查意见', validate: { required: true } }],
};

describe('API models', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let designer: ApiClient;

  async function catalog(): Promise<Catalog> {
    const answer = await designer.send<Catalog>('GET', '/api/models');
    expect(answer.status).to.equal(200);
    return answer.body;
  }

  /**
   * The headers the test client sends on an unsafe request (session cookie, CSRF token …), caught
   * on the way out, so a raw upload carries the same credentials whatever the client adds.
   */
  async function clientHeaders(client: ApiClient): Promise<Record<string, string>> {
    const original = globalThis.fetch;
    let seen: Record<string, string> = {};
    globalThis.fetch = (input, init) => {
      seen = { ...(init?.headers as Record<string, string> | undefined) };
      return original(input, init);
    };
    try {
      await client.send('POST', '/api/models/lint', { fileName: 'probe.bpmn', content: '<probe/>' });
    } finally {
      globalThis.fetch = original;
    }
    delete seen['content-type'];
    return seen;
  }

  /** Sends the file itself, as a browser upload of the XML. */
  async function sendXml<T>(path: string, xml: string, fileName: string) {
    const response = await fetch(`${app.server.url}${path}?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: { ...(await clientHeaders(designer)), 'content-type': 'application/xml' },
      body: xml,
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  before(async () => {
    app = await startAppUnderTest();
    designer = await signedIn(app, 'designer');
  });
  after(() => app.close());

  it('lists the deployed processes with their versions and running instances, and the forms', async () => {
    const intake = await signedIn(app, 'intake');
    expect((await intake.send('POST', '/api/petitions', petitionInput())).status).to.equal(201);

    const { processes, forms } = await catalog();

    expect(processes.map((p) => p.processDefinitionId)).to.have.members(['petition', 'petition-recheck']);
    const petition = processes.find((p) => p.processDefinitionId === 'petition')!;
    expect(petition.latestVersion).to.equal(1);
    expect(petition.versions).to.have.length(1);
    // Deployed at start from bpmn/, not through the app: no deployment time is known.
    expect(petition.versions[0]).to.deep.include({ version: 1, runningInstances: 1, deployedAt: null });
    const recheck = processes.find((p) => p.processDefinitionId === 'petition-recheck')!;
    expect(recheck.versions[0]!.runningInstances).to.equal(0);
    const triage = forms.find((f) => f.formId === 'petition-triage');
    expect(triage).to.deep.include({ fileName: 'petition-triage.form' });
    expect(triage!.usedBy).to.deep.equal([
      { processDefinitionId: 'petition', version: 1, elementIds: ['triage'] },
    ]);
  });

  it("answers a version's BPMN XML", async () => {
    const key = (await catalog()).processes.find((p) => p.processDefinitionId === 'petition')!.versions[0]!
      .key;
    const response = await fetch(`${app.server.url}/api/models/${key}/xml`, {
      headers: await clientHeaders(designer),
    });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/xml/);
    expect(await response.text()).to.include('<bpmn:process id="petition"');
    expect((await designer.send('GET', '/api/models/2251799813999999/xml')).status).to.equal(404);
    expect((await designer.send('GET', '/api/models/abc/xml')).status).to.equal(404);
  });

  it('is for designers and administrators only', async () => {
    const office = await signedIn(app, 'office');
    expect((await office.send('GET', '/api/models')).status).to.equal(403);
    const lint = await office.send('POST', '/api/models/lint', { fileName: 'a.bpmn', content: '<x/>' });
    expect(lint.status).to.equal(403);
    const deploy = await office.send('POST', '/api/models/deploy', { fileName: 'a.form', content: '{}' });
    expect(deploy.status).to.equal(403);
  });

  it('names the element and the rule of each problem of a broken model', async () => {
    const unknownJob = await sendXml<LintResult>(
      '/api/models/lint',
      fixture('unknown-job-type.bpmn'),
      'recheck.bpmn',
    );
    expect(unknownJob.status).to.equal(200);
    expect(unknownJob.body.ok).to.equal(false);
    expect(unknownJob.body.items.filter((i) => i.category === 'error').map((i) => i.rule)).to.include(
      'xinfang/job-worker',
    );

    const missingForm = await designer.send<LintResult>('POST', '/api/models/lint', {
      fileName: 'petition-recheck.bpmn',
      content: fixture('missing-form.bpmn'),
    });
    expect(missingForm.status).to.equal(200);
    expect(missingForm.body).to.deep.include({ ok: false, errorCount: 1 });
    expect(missingForm.body.items).to.deep.include.members([
      {
        elementId: 'review',
        rule: 'xinfang/form-exists',
        message: '表单 "recheck-appeal" 在 forms/ 中不存在',
        category: 'error',
      },
    ]);

    const good = await sendXml<LintResult>(
      '/api/models/lint',
      readFileSync(new URL('../../bpmn/petition-recheck.bpmn', import.meta.url), 'utf8'),
      'petition-recheck.bpmn',
    );
    expect(good.body).to.deep.include({ ok: true, errorCount: 0 });

    const notXml = await sendXml<LintResult>('/api/models/lint', 'this is not a model', 'x.bpmn');
    expect(notXml.body.ok).to.equal(false);
    expect(notXml.body.items[0]).to.deep.include({ rule: 'parse', category: 'error' });
  });

  it('refuses to deploy a model with an error, with the report, and deploys nothing', async () => {
    const answer = await designer.send<{
      type: string;
      report: LintResult['items'];
      errors: { field: string }[];
    }>('POST', '/api/models/deploy', {
      fileName: 'petition-recheck.bpmn',
      content: fixture('missing-form.bpmn'),
    });

    expect(answer.status).to.equal(422);
    expect(answer.body.type).to.equal('urn:xinfang-flow:problem:model-invalid');
    expect(answer.body.report.map((i) => [i.elementId, i.rule])).to.deep.include([
      'review',
      'xinfang/form-exists',
    ]);
    expect(answer.body.errors.map((e) => e.field)).to.deep.equal(['review']);
    const recheck = (await catalog()).processes.find((p) => p.processDefinitionId === 'petition-recheck')!;
    expect(recheck.latestVersion).to.equal(1);
  });

  it('deploys a form, after which a model using it passes and deploys as the next version', async () => {
    const form = await designer.send<{ forms: { formId: string; version: number }[] }>(
      'POST',
      '/api/models/deploy',
      {
        fileName: 'recheck-appeal.form',
        content: JSON.stringify(appealForm),
      },
    );
    expect(form.status).to.equal(201);
    expect(form.body.forms).to.have.length(1);
    expect(form.body.forms[0]).to.deep.include({ formId: 'recheck-appeal', version: 1 });

    const model = await sendXml<{ processes: { processDefinitionId: string; version: number }[] }>(
      '/api/models/deploy',
      fixture('missing-form.bpmn'),
      'petition-recheck.bpmn',
    );
    expect(model.status).to.equal(201);
    expect(model.body.processes).to.have.length(1);
    expect(model.body.processes[0]).to.deep.include({ processDefinitionId: 'petition-recheck', version: 2 });

    const { processes, forms } = await catalog();
    const recheck = processes.find((p) => p.processDefinitionId === 'petition-recheck')!;
    expect(recheck.latestVersion).to.equal(2);
    expect(recheck.versions.map((v) => [v.version, v.deployedBy])).to.deep.equal([
      [2, 'designer'],
      [1, null],
    ]);
    expect(recheck.versions[0]!.deployedAt).to.be.a('string');
    const appeal = forms.find((f) => f.formId === 'recheck-appeal')!;
    expect(appeal).to.deep.include({ fileName: null });
    expect(appeal.versions.map((v) => [v.version, v.deployedBy])).to.deep.equal([[1, 'designer']]);
    expect(appeal.usedBy).to.deep.equal([
      { processDefinitionId: 'petition-recheck', version: 2, elementIds: ['review'] },
    ]);

    const audit = await listAudit(app.database.pool, { action: 'model.deployed', limit: 10, offset: 0 });
    expect(audit.items.map((e) => [e.actor, e.target])).to.deep.equal([
      ['designer', 'petition-recheck'],
      ['designer', 'recheck-appeal'],
    ]);
  });

  it('refuses a form without an id, a wrong file name and an oversized upload', async () => {
    const noId = await designer.send<{ report: LintResult['items'] }>('POST', '/api/models/deploy', {
      fileName: 'nameless.form',
      content: JSON.stringify({ type: 'default', components: [] }),
    });
    expect(noId.status).to.equal(422);
    expect(noId.body.report[0]).to.deep.include({ rule: 'form-schema' });

    const wrongName = await designer.send<{ errors: { field: string }[] }>('POST', '/api/models/lint', {
      fileName: 'model.exe',
      content: '<x/>',
    });
    expect(wrongName.status).to.equal(400);
    expect(wrongName.body.errors.map((e) => e.field)).to.deep.equal(['fileName']);

    const huge = `<?xml version="1.0"?><!--${'x'.repeat(2 * 1024 * 1024)}-->`;
    const tooLarge = await sendXml<{ status: number; detail: string }>(
      '/api/models/deploy',
      huge,
      'big.bpmn',
    );
    expect(tooLarge.status).to.equal(413);
    expect(tooLarge.body.detail).to.include('2 MB');
    const audit = await listAudit(app.database.pool, { action: 'model.deployed', limit: 10, offset: 0 });
    expect(audit.total).to.equal(2);
  });
});
