// The production compose file and Dockerfile, read as files (there is no Docker engine here):
// pinned images, health checks, start order, the app wired to Camunda, named volumes, and an image
// that runs as a non-root user.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';

const repoFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string> | string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(repoFile('docker-compose.yml')) as Compose;
const services = compose.services;

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(
    env.map((entry): [string, string] => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)]),
  );
}

function healthTest(service: Service): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Elasticsearch, Camunda and the app', () => {
    expect(Object.keys(services)).to.include.members(['postgres', 'elasticsearch', 'camunda', 'app']);
  });

  it('pins every image to a version (no latest, no missing tag)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image === undefined) {
        expect(service.build, `${name} has neither image nor build`).to.exist;
        continue;
      }
      const image = service.image;
      const lastSegment = image.slice(image.lastIndexOf('/') + 1);
      expect(lastSegment, `${name}: ${image} has no tag`).to.include(':');
      const tag = lastSegment.slice(lastSegment.indexOf(':') + 1);
      expect(tag, `${name}: ${image}`).not.to.equal('latest');
      expect(tag, `${name}: ${image} uses a variable tag`).not.to.include('$');
      // PostgreSQL numbers its releases major.minor (16.9); the others major.minor.patch.
      expect(tag, `${name}: ${image} is not pinned to a release`).to.match(/^\d+\.\d+(\.\d+)?(-[\w.]+)?$/);
    }
  });

  it('uses PostgreSQL 16, Camunda 8.8 and Elasticsearch 8.17', () => {
    expect(services.postgres!.image).to.match(/^postgres:16\.\d+/);
    expect(services.camunda!.image).to.match(/^camunda\/camunda:8\.8\.\d+$/);
    expect(services.elasticsearch!.image).to.match(/elasticsearch:8\.17\.\d+$/);
  });

  it('gives every service a health check that asks the right thing', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.disable, name).not.to.equal(true);
      expect(healthTest(service), `${name} has no health check`).not.to.equal('');
    }
    expect(healthTest(services.postgres!)).to.include('pg_isready');
    expect(healthTest(services.camunda!)).to.include('9600').and.include('/actuator/health/readiness');
    expect(healthTest(services.elasticsearch!)).to.include('_cluster/health');
    expect(healthTest(services.app!)).to.include('/ready');
  });

  it('starts each service only after what it needs is healthy', () => {
    const needs: Record<string, string[]> = { app: ['postgres', 'camunda'], camunda: ['elasticsearch'] };
    for (const [name, dependencies] of Object.entries(needs)) {
      const dependsOn = services[name]!.depends_on;
      expect(dependsOn, name).to.be.an('object').and.not.be.an('array');
      for (const dependency of dependencies) {
        expect(
          (dependsOn as Record<string, { condition?: string }>)[dependency]?.condition,
          `${name} → ${dependency}`,
        ).to.equal('service_healthy');
      }
    }
  });

  it('runs the app from the repository Dockerfile against Camunda and PostgreSQL', () => {
    const app = services.app!;
    expect(app.build).to.satisfy(
      (build: unknown) => build === '.' || (build as { context?: string }).context === '.',
    );
    const env = environment(app);
    expect(env).to.include({
      ENGINE: 'external',
      ZEEBE_GRPC_ADDRESS: 'grpc://camunda:26500',
      ZEEBE_REST_ADDRESS: 'http://camunda:8080',
      NODE_ENV: 'production',
    });
    expect(env.DATABASE_URL).to.match(/^postgres:\/\/.*@postgres:5432\//);
    expect(env.HOST).to.equal('0.0.0.0');
  });

  it('takes secrets from .env and has none written in', () => {
    const text = repoFile('docker-compose.yml');
    expect(text).to.include('${POSTGRES_PASSWORD:?');
    for (const service of Object.values(services)) {
      for (const [name, value] of Object.entries(environment(service))) {
        if (/PASSWORD|SECRET|KEY$/.test(name) && !/_USERS_0_USERNAME$/.test(name)) {
          expect(String(value), name).to.match(/^\$\{/);
        }
      }
    }
  });

  // As Camunda's own 8.8 compose distribution and the 8.8 documentation have them (docs/operations.md).
  describe('the Camunda 8.8 service, as Camunda configures it', () => {
    const camunda = () => services.camunda!;

    it('uses Elasticsearch as secondary storage through the unified 8.8 settings only', () => {
      const env = environment(camunda());
      expect(env).to.include({
        CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'elasticsearch',
        CAMUNDA_DATA_SECONDARYSTORAGE_ELASTICSEARCH_URL: 'http://elasticsearch:9200',
        // A single Elasticsearch node cannot hold replicas.
        CAMUNDA_DATABASE_INDEX_NUMBEROFREPLICAS: '0',
      });
      // 8.8 sets up its exporter from the secondary storage and refuses legacy settings that
      // disagree with it: none are repeated here.
      const legacy = Object.keys(env).filter((name) =>
        /^(ZEEBE_BROKER_EXPORTERS_|CAMUNDA_DATABASE_URL$|CAMUNDA_OPERATE_|CAMUNDA_TASKLIST_)/.test(name),
      );
      expect(legacy).to.deep.equal([]);
    });

    it('signs the web UIs in with basic authentication and leaves the internal API open', () => {
      expect(environment(camunda())).to.include({
        CAMUNDA_SECURITY_AUTHENTICATION_METHOD: 'basic',
        CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'true',
        CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED: 'false',
      });
      const env = environment(camunda());
      expect(env.CAMUNDA_SECURITY_INITIALIZATION_DEFAULTROLES_ADMIN_USERS_0).to.equal(
        env.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME,
      );
    });

    it('probes readiness on the management port with bash, which the image’s /bin/sh is not', () => {
      const test = camunda().healthcheck?.test;
      expect(test).to.be.an('array');
      const [kind, shell, flag, script] = test as string[];
      // /dev/tcp exists only in bash: CMD-SHELL would run the probe with /bin/sh.
      expect([kind, shell, flag]).to.deep.equal(['CMD', 'bash', '-c']);
      expect(script).to.include('/dev/tcp/127.0.0.1/9600').and.include('GET /actuator/health/readiness');
      expect(script, 'the probe must insist on a 200').to.include('200');
    });

    it('publishes the REST API and web UIs (8080 as 8088) and the gRPC gateway, not the management port', () => {
      const ports = camunda().ports ?? [];
      expect(ports).to.have.members(['8088:8080', '26500:26500']);
      expect(ports.join(' ')).not.to.include('9600');
    });

    it('keeps its data where the camunda/camunda image writes it', () => {
      expect(camunda().volumes).to.include('camunda-data:/usr/local/camunda/data');
      expect(services.elasticsearch!.volumes).to.include('elasticsearch-data:/usr/share/elasticsearch/data');
    });

    it('runs Elasticsearch as one node without security, as an 8.8-supported version (8.16+)', () => {
      const env = environment(services.elasticsearch!);
      expect(env).to.include({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'false' });
      const [major, minor] = services.elasticsearch!.image!.split(':')[1]!.split('.').map(Number);
      expect(major).to.equal(8);
      expect(minor).to.be.at.least(16);
    });
  });

  it('publishes only the app and Camunda, never PostgreSQL or Elasticsearch', () => {
    expect(services.postgres!.ports ?? []).to.be.empty;
    expect(services.elasticsearch!.ports ?? []).to.be.empty;
    expect((services.app!.ports ?? []).join(' ')).to.include(':3000');
    expect((services.camunda!.ports ?? []).join(' ')).to.include('8088:8080');
  });

  it('keeps data in declared named volumes', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const name of ['postgres', 'elasticsearch', 'camunda', 'app']) {
      const mounts = services[name]!.volumes ?? [];
      expect(mounts, `${name} keeps no data`).not.to.be.empty;
      for (const mount of mounts) {
        const source = mount.split(':')[0]!;
        expect(declared, `${name}: ${mount}`).to.include(source);
      }
    }
  });

  it('documents every variable it reads in .env.example', () => {
    const used = new Set(
      [...repoFile('docker-compose.yml').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]!),
    );
    const documented = new Set(
      [...repoFile('.env.example').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((match) => match[1]!),
    );
    expect([...used].filter((name) => !documented.has(name))).to.deep.equal([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = repoFile('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('builds in stages on pinned Node 20 bookworm-slim images, the web app included', () => {
    const froms = instructions.filter((line) => /^FROM /i.test(line));
    expect(froms.length).to.be.at.least(2);
    // Each stage starts from a pinned image or from a stage named before it.
    const stages: string[] = [];
    for (const from of froms) {
      const [, base, name] = /^FROM (\S+) AS (\w+)/i.exec(from) ?? [];
      if (!stages.includes(base ?? ''))
        expect(from).to.match(/^FROM node:20\.\d+\.\d+-bookworm-slim AS \w+/i);
      stages.push(name ?? '');
    }
    expect(dockerfile).to.include('npm ci');
    expect(dockerfile).to.match(/COPY --from=deps/);
    // The web app is built in the image, so the container never builds it at start.
    expect(dockerfile).to.match(/vite build/);
    expect(dockerfile).to.match(/COPY --from=\w+ \/app\/dist\/web/);
  });

  it('runs as a non-root user, with a health check and a start command', () => {
    const users = instructions.filter((line) => /^USER /i.test(line));
    expect(users).not.to.be.empty;
    expect(users.at(-1)).not.to.match(/^USER (root|0)(\s|:|$)/i);
    expect(instructions.some((line) => /^HEALTHCHECK .*\/ready/i.test(line))).to.be.true;
    expect(instructions.some((line) => /^CMD \[/.test(line))).to.be.true;
  });

  it('keeps the build context small and free of local data and secrets', () => {
    const ignored = repoFile('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).to.include.members(['node_modules', 'data', '.git', '.env']);
  });
});
