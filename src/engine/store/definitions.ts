// Deployed process definitions and forms. Versions count per id; a resource whose content is
// unchanged keeps its version. Parsed graphs are cached: a definition never changes once stored.
// Which version is the latest is cached too, since every new instance asks: a deployment through
// this process updates it at once, one through another engine process on the database is seen
// within LATEST_TRUSTED_MS.
import { createHash } from 'node:crypto';
import { notFound } from '../errors.js';
import { parseBpmn } from '../model/parse-bpmn.js';
import type { ProcessGraph } from '../model/types.js';
import type { Db, Tx } from './db.js';

export interface ProcessDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  graph: ProcessGraph;
}

export interface StoredResource {
  key: string;
  version: number;
  /** False when identical content was deployed before and its version is reused. */
  isNew: boolean;
}

/** How long a looked-up latest version is used without asking the database again. */
const LATEST_TRUSTED_MS = 1000;

interface LatestVersion {
  key: string;
  version: number;
  /** performance.now() when it was deployed or looked up. */
  checkedAt: number;
}

export const checksum = (content: string) => createHash('sha256').update(content).digest('hex');

export class DefinitionStore {
  private readonly graphs = new Map<string, ProcessDefinition>();
  private readonly latestForms = new Map<string, string>();
  private readonly latestProcesses = new Map<string, LatestVersion>();
  /** Lookups under way: the instances created meanwhile wait for the same answer. */
  private readonly latestLookups = new Map<string, Promise<string | undefined>>();

  constructor(private readonly db: Db) {}

  async loadFormIndex(): Promise<void> {
    const { rows } = await this.db.query<{ form_id: string; key: number }>(
      `SELECT DISTINCT ON (form_id) form_id, key FROM engine.forms ORDER BY form_id, version DESC`,
    );
    for (const row of rows) this.latestForms.set(row.form_id, String(row.key));
  }

  latestFormKey(formId: string): string | undefined {
    return this.latestForms.get(formId);
  }

  /** Called after a deployment commits. */
  formDeployed(formId: string, key: string): void {
    this.latestForms.set(formId, key);
  }

  /** Called after a deployment commits. */
  processDeployed(bpmnProcessId: string, key: string, version: number): void {
    this.noteLatest(bpmnProcessId, { key, version, checkedAt: performance.now() });
  }

  /** A lookup that raced a deployment may answer after it: it never replaces a newer version. */
  private noteLatest(bpmnProcessId: string, latest: LatestVersion): void {
    const known = this.latestProcesses.get(bpmnProcessId);
    if (!known || latest.version >= known.version) this.latestProcesses.set(bpmnProcessId, latest);
  }

  private latestKey(bpmnProcessId: string): Promise<string | undefined> {
    const known = this.latestProcesses.get(bpmnProcessId);
    if (known && performance.now() - known.checkedAt < LATEST_TRUSTED_MS) return Promise.resolve(known.key);
    let lookup = this.latestLookups.get(bpmnProcessId);
    if (!lookup) {
      lookup = this.lookUpLatest(bpmnProcessId).finally(() => this.latestLookups.delete(bpmnProcessId));
      this.latestLookups.set(bpmnProcessId, lookup);
    }
    return lookup;
  }

  private async lookUpLatest(bpmnProcessId: string): Promise<string | undefined> {
    const checkedAt = performance.now();
    // Named, so each connection plans it once.
    const { rows } = await this.db.query<{ key: number; version: number }>({
      name: 'engine-latest-definition',
      text: 'SELECT key, version FROM engine.process_definitions WHERE bpmn_process_id = $1 ORDER BY version DESC LIMIT 1',
      values: [bpmnProcessId],
    });
    const row = rows[0];
    if (!row) return undefined;
    this.noteLatest(bpmnProcessId, { key: String(row.key), version: row.version, checkedAt });
    return String(row.key);
  }

  async byKey(key: string, tx: Tx | Db = this.db): Promise<ProcessDefinition> {
    const cached = this.graphs.get(key);
    if (cached) return cached;
    const { rows } = await tx.query<{
      key: number;
      bpmn_process_id: string;
      version: number;
      resource_name: string;
      xml: string;
    }>(
      'SELECT key, bpmn_process_id, version, resource_name, xml FROM engine.process_definitions WHERE key = $1',
      [key],
    );
    const row = rows[0];
    if (!row) throw notFound(`Expected to find process definition with key '${key}', but none found`);
    const graph = (await parseBpmn(row.xml, row.resource_name)).find(
      (g) => g.bpmnProcessId === row.bpmn_process_id,
    );
    if (!graph)
      throw new Error(`stored definition ${key} no longer contains process '${row.bpmn_process_id}'`);
    const definition = {
      key: String(row.key),
      bpmnProcessId: row.bpmn_process_id,
      version: row.version,
      resourceName: row.resource_name,
      graph,
    };
    this.graphs.set(definition.key, definition);
    return definition;
  }

  /** The given version, or the latest when `version` is undefined or -1. */
  async byProcessId(bpmnProcessId: string, version?: number): Promise<ProcessDefinition> {
    if (version === undefined || version < 0) {
      const key = await this.latestKey(bpmnProcessId);
      if (key === undefined)
        throw notFound(
          `Expected to find process definition with process ID '${bpmnProcessId}', but none found`,
        );
      return this.byKey(key);
    }
    const { rows } = await this.db.query<{ key: number }>({
      name: 'engine-definition-version',
      text: 'SELECT key FROM engine.process_definitions WHERE bpmn_process_id = $1 AND version = $2',
      values: [bpmnProcessId, version],
    });
    if (!rows[0]) {
      throw notFound(
        `Expected to find process definition with process ID '${bpmnProcessId}' and version '${version}', but none found`,
      );
    }
    return this.byKey(String(rows[0].key));
  }
}

/** Stores a process definition unless its latest version has the same content. */
export async function storeProcess(
  tx: Tx,
  input: { bpmnProcessId: string; name?: string; resourceName: string; xml: string; sum: string },
  deploymentKey: string,
  newKey: () => string,
  now: number,
): Promise<StoredResource> {
  const { rows } = await tx.query<{ key: number; version: number; checksum: string }>(
    `SELECT key, version, checksum FROM engine.process_definitions
     WHERE bpmn_process_id = $1 ORDER BY version DESC LIMIT 1`,
    [input.bpmnProcessId],
  );
  const latest = rows[0];
  if (latest && latest.checksum === input.sum)
    return { key: String(latest.key), version: latest.version, isNew: false };
  const stored = { key: newKey(), version: (latest?.version ?? 0) + 1, isNew: true };
  await tx.query(
    `INSERT INTO engine.process_definitions
       (key, bpmn_process_id, version, name, resource_name, checksum, xml, deployment_key, deployed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      stored.key,
      input.bpmnProcessId,
      stored.version,
      input.name ?? null,
      input.resourceName,
      input.sum,
      input.xml,
      deploymentKey,
      now,
    ],
  );
  return stored;
}

export async function storeForm(
  tx: Tx,
  input: { formId: string; resourceName: string; schema: Record<string, unknown>; sum: string },
  deploymentKey: string,
  newKey: () => string,
  now: number,
): Promise<StoredResource> {
  const { rows } = await tx.query<{ key: number; version: number; checksum: string }>(
    'SELECT key, version, checksum FROM engine.forms WHERE form_id = $1 ORDER BY version DESC LIMIT 1',
    [input.formId],
  );
  const latest = rows[0];
  if (latest && latest.checksum === input.sum)
    return { key: String(latest.key), version: latest.version, isNew: false };
  const stored = { key: newKey(), version: (latest?.version ?? 0) + 1, isNew: true };
  await tx.query(
    `INSERT INTO engine.forms (key, form_id, version, resource_name, checksum, schema, deployment_key, deployed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      stored.key,
      input.formId,
      stored.version,
      input.resourceName,
      input.sum,
      JSON.stringify(input.schema),
      deploymentKey,
      now,
    ],
  );
  return stored;
}
