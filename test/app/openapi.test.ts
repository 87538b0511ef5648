import { expect } from 'chai';
import { apiRouter } from '../../src/app/api/router.js';
import type { ApiDeps } from '../../src/app/api/deps.js';
import { signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** METHOD /api/path for every route the API router serves, with :params as {params}. */
function servedRoutes(): string[] {
  const router = apiRouter({} as ApiDeps) as unknown as { stack: RouteLayer[] };
  return router.stack.flatMap((layer) =>
    layer.route === undefined
      ? []
      : Object.keys(layer.route.methods).map(
          (method) => `${method.toUpperCase()} /api${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
  );
}

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refs(item, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

describe('API description', function () {
  this.timeout(30_000);
  let app: AppUnderTest;

  before(async () => (app = await startAppUnderTest({ deploy: false })));
  after(() => app.close());

  it('is an OpenAPI 3.1 document describing every /api route with its schemas', async () => {
    const client = await signedIn(app, 'office');

    const answer = await client.send<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    }>('GET', '/api/openapi.json');

    expect(answer.status).to.equal(200);
    const document = answer.body;
    expect(document.openapi).to.equal('3.1.0');
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = servedRoutes();
    expect(served).to.have.length.above(8);
    expect(described).to.have.members(served);

    for (const reference of refs(document)) {
      const name = reference.replace('#/components/schemas/', '');
      expect(document.components.schemas, reference).to.have.property(name);
    }
    expect(document.paths['/api/petitions']!.post!.requestBody).to.deep.equal({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/RegisterPetitionRequest' } } },
    });
    const request = document.components.schemas.RegisterPetitionRequest as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(request.required).to.include.members([
      'channel',
      'petitioner',
      'title',
      'content',
      'category',
      'area',
    ]);
    expect(request.properties.channel).to.deep.include({
      enum: ['letter', 'visit', 'online', 'phone', 'leader_reception'],
    });
    expect(Object.keys(document.paths['/api/petitions']!.post!.responses)).to.include.members([
      '201',
      '200',
      '400',
    ]);
  });
});
