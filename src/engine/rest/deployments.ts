// POST /v2/deployments: multipart/form-data with one `resources` part per file (BPMN, form),
// answered in Camunda 8.8's DeploymentResult shape. The multipart body is read by the Fetch API's
// own parser (Response.formData), so no upload middleware is needed.
import express, { Router } from 'express';
import type { EngineApi, Resource } from '../api.js';
import { checkTenant, DEFAULT_TENANT } from './common.js';
import { badRequest, HttpProblem } from './problem.js';

async function readResources(
  contentType: string,
  body: Buffer,
): Promise<{ resources: Resource[]; tenantId?: string }> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw badRequest(`Invalid request body: malformed multipart/form-data (${(error as Error).message})`);
  }
  const resources: Resource[] = [];
  let tenantId: string | undefined;
  for (const [name, value] of form.entries()) {
    if (name === 'tenantId' && typeof value === 'string') {
      tenantId = value;
    } else if (name === 'resources') {
      if (typeof value === 'string') {
        throw badRequest(
          'Invalid request body: resources: expected file parts with a filename, but got a plain field',
        );
      }
      resources.push({ name: value.name, content: Buffer.from(await value.arrayBuffer()) });
    } else {
      throw badRequest(
        `Invalid request body: unexpected part '${name}'; expected 'resources' (and optionally 'tenantId')`,
      );
    }
  }
  return { resources, tenantId };
}

export function deploymentsRouter(engine: EngineApi, bodyLimit = '4mb'): Router {
  const router = Router();
  const raw = express.raw({ type: 'multipart/form-data', limit: bodyLimit });

  router.post('/v2/deployments', raw, async (req, res) => {
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\b/i.test(contentType) || !Buffer.isBuffer(req.body)) {
      throw new HttpProblem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Expected a multipart/form-data body with 'resources' parts, but got content type '${contentType || 'none'}'`,
      );
    }
    const { resources, tenantId } = await readResources(contentType, req.body);
    checkTenant(tenantId);
    if (resources.length === 0)
      throw badRequest("Invalid request body: resources: expected at least one 'resources' part");
    const result = await engine.deployResources(resources);
    const byResource = new Map<string, object[]>();
    const add = (resourceName: string, entry: object) => {
      byResource.set(resourceName, [...(byResource.get(resourceName) ?? []), entry]);
    };
    for (const process of result.processes) {
      add(process.resourceName, {
        processDefinition: {
          processDefinitionId: process.bpmnProcessId,
          processDefinitionVersion: process.version,
          resourceName: process.resourceName,
          tenantId: DEFAULT_TENANT,
          processDefinitionKey: process.processDefinitionKey,
        },
      });
    }
    for (const form of result.forms) {
      add(form.resourceName, {
        form: {
          formId: form.formId,
          version: form.version,
          resourceName: form.resourceName,
          tenantId: DEFAULT_TENANT,
          formKey: form.formKey,
        },
      });
    }
    const deployments = [...new Set(resources.map((r) => r.name))].flatMap(
      (name) => byResource.get(name) ?? [],
    );
    res.json({ deploymentKey: result.key, tenantId: DEFAULT_TENANT, deployments });
  });

  return router;
}
