// GET /api/models/:definitionKey/xml answers the XML itself, or wrapped in JSON for a client that
// accepts only JSON (the web app's API client).
import { expect } from 'chai';
import { signedIn, startAppUnderTest, type ApiClient, type AppUnderTest } from './support.js';

describe('API model XML as JSON', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let designer: ApiClient;

  before(async () => {
    app = await startAppUnderTest();
    designer = await signedIn(app, 'designer');
  });
  after(() => app.close());

  const get = (path: string, accept: string) =>
    fetch(`${app.server.url}${path}`, { headers: { cookie: designer.cookie ?? '', accept } });

  it('wraps the XML in JSON only when JSON alone is accepted', async () => {
    const catalog = await designer.send<{
      processes: { processDefinitionId: string; versions: { key: string }[] }[];
    }>('GET', '/api/models');
    const key = catalog.body.processes.find((p) => p.processDefinitionId === 'petition-recheck')!.versions[0]!
      .key;

    const json = await get(`/api/models/${key}/xml`, 'application/json');
    expect(json.status).to.equal(200);
    expect(json.headers.get('content-type')).to.match(/^application\/json/);
    const body = (await json.json()) as { definitionKey: string; xml: string };
    expect(body.definitionKey).to.equal(key);
    expect(body.xml).to.include('<bpmn:process id="petition-recheck"');

    for (const accept of ['*/*', 'application/xml', 'application/xml, application/json']) {
      const xml = await get(`/api/models/${key}/xml`, accept);
      expect(xml.headers.get('content-type'), accept).to.match(/^application\/xml/);
      expect(await xml.text()).to.equal(body.xml);
    }

    const missing = await get('/api/models/2251799813999999/xml', 'application/json');
    expect(missing.status).to.equal(404);
  });
});
