// A real engine with its HTTP port on a fresh database, and a small client for its /v2 API:
// JSON calls, multipart deployments, problem checks, and validation against Camunda's zod schemas.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { pino } from 'pino';
import type { z } from 'zod';
import { startEngineServer, type EngineServer } from '../../../src/engine/server.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/** 2026-01-05T08:00:00Z, a Monday: the pinned engine time of these tests. */
export const T0 = Date.parse('2026-01-05T08:00:00Z');

export function fixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)));
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

export interface RestEngine {
  server: EngineServer;
  base: string;
  /** A JSON call; `body` undefined sends none. */
  send(method: string, path: string, body?: unknown): Promise<Response>;
  /** A JSON call that must answer `status` (default 200); returns the parsed body. */
  call<T = unknown>(method: string, path: string, body?: unknown, status?: number): Promise<T>;
  /**
   * Deploys fixtures (paths under test/fixtures) or in-memory resources as one multipart request;
   * returns the response body.
   */
  deploy(...resources: (string | { name: string; content: Buffer })[]): Promise<DeploymentResponse>;
  close(): Promise<void>;
}

export interface DeploymentResponse {
  deploymentKey: string;
  tenantId: string;
  deployments: {
    processDefinition?: {
      processDefinitionId: string;
      processDefinitionVersion: number;
      processDefinitionKey: string;
      resourceName: string;
      tenantId: string;
    };
    form?: { formId: string; version: number; formKey: string; resourceName: string; tenantId: string };
  }[];
}

export async function startRestEngine(): Promise<RestEngine> {
  const database: TestDatabase = await createTestDatabase();
  const server = await startEngineServer({
    databaseUrl: database.url,
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    clockControlled: true,
    logger: pino({ level: 'silent' }),
  });
  await server.engine.pinClock(T0);
  const base = `http://127.0.0.1:${server.restPort}`;

  const send = (method: string, path: string, body?: unknown) =>
    fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  const call = async <T>(method: string, path: string, body?: unknown, status = 200): Promise<T> => {
    const response = await send(method, path, body);
    const text = await response.text();
    expect(response.status, `${method} ${path} answered ${text}`).to.equal(status);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };

  return {
    server,
    base,
    send,
    call,
    async deploy(...resources) {
      const form = new FormData();
      for (const resource of resources) {
        const { name, content } =
          typeof resource === 'string'
            ? { name: resource.slice(resource.lastIndexOf('/') + 1), content: fixture(resource) }
            : resource;
        form.append('resources', new Blob([content]), name);
      }
      const response = await fetch(`${base}/v2/deployments`, { method: 'POST', body: form });
      const text = await response.text();
      expect(response.status, `deployment answered ${text}`).to.equal(200);
      return JSON.parse(text) as DeploymentResponse;
    },
    async close() {
      await server.stop();
      await database.drop();
    },
  };
}

/** Asserts a problem-detail answer with the status and a detail matching `detail`. */
export async function expectProblem(response: Response, status: number, detail: RegExp): Promise<Problem> {
  const text = await response.text();
  expect(response.status, text).to.equal(status);
  expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  expect(problem.status).to.equal(status);
  expect(problem.detail).to.match(detail);
  return problem;
}

/**
 * Parses `value` with one of Camunda's published zod schemas, failing with the schema's own
 * message; unknown keys are allowed (the schemas are not strict), missing or mistyped ones fail.
 */
export function expectSchema<S extends z.ZodType>(schema: S, value: unknown, what = 'response'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    expect.fail(
      `${what} does not match Camunda's schema: ${JSON.stringify(result.error.issues, null, 2)}\n${JSON.stringify(value, null, 2)}`,
    );
  }
  return result.data;
}

export interface Page<T> {
  items: T[];
  page: { totalItems: number; startCursor?: string; endCursor?: string; hasMoreTotalItems?: boolean };
}
