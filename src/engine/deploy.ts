// DeployResource: BPMN processes and Camunda Forms. Everything is parsed and validated before the
// transaction starts, so a deployment with one bad resource stores nothing.
import type { DeployedForm, DeployedProcess, DeploymentResult, Resource } from './api.js';
import { invalidArgument } from './errors.js';
import { parseBpmn } from './model/parse-bpmn.js';
import { parseForm } from './model/parse-form.js';
import type { ProcessGraph } from './model/types.js';
import type { EngineRecord } from './runtime/state.js';
import { inTransaction, type Db } from './store/db.js';
import { checksum, storeForm, storeProcess } from './store/definitions.js';
import type { KeyAllocator } from './store/keys.js';
import { appendRecords } from './store/record-batches.js';
import { registerStartEvents } from './store/start-events.js';

// Serialises deployments so version numbers are assigned without gaps or duplicates.
const DEPLOY_LOCK_ID = 88_000_001;

type Parsed =
  | { kind: 'bpmn'; resource: Resource; xml: string; graphs: ProcessGraph[] }
  | { kind: 'form'; resource: Resource; formId: string; schema: Record<string, unknown> };

async function parseResource(resource: Resource): Promise<Parsed> {
  const text = resource.content.toString('utf8');
  if (/\.(bpmn|xml)$/i.test(resource.name)) {
    return { kind: 'bpmn', resource, xml: text, graphs: await parseBpmn(text, resource.name) };
  }
  if (/\.form$/i.test(resource.name)) return { kind: 'form', resource, ...parseForm(text, resource.name) };
  throw invalidArgument(
    `Expected to deploy BPMN (.bpmn) or form (.form) resources, but '${resource.name}' is neither`,
    [{ resourceName: resource.name, message: 'unsupported resource type' }],
  );
}

function checkUniqueIds(parsed: Parsed[]): void {
  const seen = new Map<string, string>();
  for (const item of parsed) {
    const ids =
      item.kind === 'bpmn'
        ? item.graphs.map((g) => `process '${g.bpmnProcessId}'`)
        : [`form '${item.formId}'`];
    for (const id of ids) {
      const other = seen.get(id);
      if (other)
        throw invalidArgument(`Duplicated ${id} in resources '${other}' and '${item.resource.name}'`);
      seen.set(id, item.resource.name);
    }
  }
}

export async function deployResources(
  db: Db,
  resources: Resource[],
  keys: KeyAllocator,
  now: number,
): Promise<{ result: DeploymentResult; forms: DeployedForm[] }> {
  if (resources.length === 0)
    throw invalidArgument('Expected to deploy at least one resource, but none given');
  const parsed: Parsed[] = [];
  for (const resource of resources) parsed.push(await parseResource(resource));
  checkUniqueIds(parsed);

  await keys.ensure(resources.length * 4 + 2);
  return inTransaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEPLOY_LOCK_ID]);
    const deploymentKey = keys.take();
    await tx.query('INSERT INTO engine.deployments (key, deployed_at) VALUES ($1, $2)', [deploymentKey, now]);
    const processes: DeployedProcess[] = [];
    const forms: DeployedForm[] = [];
    const records: EngineRecord[] = [];
    const newKey = () => keys.take();
    for (const item of parsed) {
      const resourceName = item.resource.name;
      if (item.kind === 'bpmn') {
        const sum = checksum(item.xml);
        for (const graph of item.graphs) {
          const input = {
            bpmnProcessId: graph.bpmnProcessId,
            name: graph.name,
            resourceName,
            xml: item.xml,
            sum,
          };
          const stored = await storeProcess(tx, input, deploymentKey, newKey, now);
          processes.push({
            bpmnProcessId: graph.bpmnProcessId,
            version: stored.version,
            processDefinitionKey: stored.key,
            resourceName,
          });
          if (stored.isNew) {
            records.push(
              record(
                stored.key,
                'PROCESS',
                { bpmnProcessId: graph.bpmnProcessId, version: stored.version, resourceName },
                now,
              ),
            );
            await registerStartEvents(tx, graph, stored.key, newKey, now);
          }
        }
      } else {
        const sum = checksum(JSON.stringify(item.schema));
        const stored = await storeForm(
          tx,
          { formId: item.formId, resourceName, schema: item.schema, sum },
          deploymentKey,
          newKey,
          now,
        );
        forms.push({ formId: item.formId, version: stored.version, formKey: stored.key, resourceName });
        if (stored.isNew)
          records.push(
            record(stored.key, 'FORM', { formId: item.formId, version: stored.version, resourceName }, now),
          );
      }
    }
    records.push(record(deploymentKey, 'DEPLOYMENT', { resources: resources.map((r) => r.name) }, now));
    await appendRecords(tx, records);
    return { result: { key: deploymentKey, processes, forms }, forms };
  });
}

function record(key: string, valueType: string, value: Record<string, unknown>, now: number): EngineRecord {
  return { key, valueType, intent: 'CREATED', processInstanceKey: null, timestamp: now, value };
}
