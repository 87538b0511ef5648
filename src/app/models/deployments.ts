// The deployments made through the app, as the audit log keeps them (`model.deployed`): the
// Camunda 8.8 REST API lists neither deployment times nor deployed forms, so what the app
// deployed itself is what it can tell about; models deployed at start from bpmn/ and forms/ are
// known by their files.
import { listAudit } from '../../domain/audit/index.js';
import type { ApiDeps } from '../api/deps.js';

export interface AppDeployment {
  at: Date;
  actor: string | null;
  fileName: string;
  processes: { processDefinitionId: string; processDefinitionKey: string; version: number }[];
  forms: { formId: string; formKey: string; version: number }[];
}

/** The newest deployments looked at; older ones are still in the audit log. */
const LIMIT = 1000;

function list<T>(value: unknown, read: (item: Record<string, unknown>) => T | undefined): T[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const read1 = read(item as Record<string, unknown>);
    return read1 === undefined ? [] : [read1];
  });
}

/** Newest first. */
export async function appDeployments(deps: ApiDeps): Promise<AppDeployment[]> {
  const { items } = await listAudit(deps.db, { action: 'model.deployed', limit: LIMIT, offset: 0 });
  return items.map((record) => ({
    at: record.at,
    actor: record.actor,
    fileName: typeof record.details.fileName === 'string' ? record.details.fileName : '',
    processes: list(record.details.processes, (p) =>
      typeof p.processDefinitionId === 'string' && typeof p.processDefinitionKey === 'string'
        ? {
            processDefinitionId: p.processDefinitionId,
            processDefinitionKey: p.processDefinitionKey,
            version: Number(p.version),
          }
        : undefined,
    ),
    forms: list(record.details.forms, (f) =>
      typeof f.formId === 'string' && typeof f.formKey === 'string'
        ? { formId: f.formId, formKey: f.formKey, version: Number(f.version) }
        : undefined,
    ),
  }));
}
