// The processes of one petition as Operate shows them: each instance (the main `petition`
// process, a 复查 `petition-recheck`, called sub-processes) with its model's XML, its element
// instances and their states, the sequence flows taken, its incidents, and one history in time
// order of the engine's steps and the petition's timeline. Everything comes through the Camunda
// REST API, so it reads the embedded engine and a cluster alike.
import { listTimeline } from '../../domain/petitions/index.js';
import type { ApiDeps } from '../api/deps.js';
import type { SessionUser } from '../auth/sessions.js';
import { callEngine, engineStatus, SEARCH_NOW } from '../engine/rest.js';
import { derivedFlows, graphOf } from './bpmn-graph.js';
import { visiblePetition } from './petition-access.js';

/** Element instances read per process instance; a petition's instance has a few hundred at most. */
const ELEMENT_LIMIT = 1000;
const INSTANCE_LIMIT = 100;

/** Keys, names and dates as plain strings (the SDK brands them); empty means absent. */
const str = (value: { toString(): string } | null | undefined): string | null =>
  value === undefined || value === null || value.toString() === '' ? null : value.toString();

type ElementFilter = NonNullable<Parameters<ApiDeps['engine']['searchElementInstances']>[0]['filter']>;
type IncidentFilter = NonNullable<Parameters<ApiDeps['engine']['searchIncidents']>[0]['filter']>;
type InstanceResult = Awaited<ReturnType<ApiDeps['engine']['searchProcessInstances']>>['items'][number];

/** The petition's instances: those carrying its number, the one it started, and their children. */
async function petitionInstances(
  deps: ApiDeps,
  number: string,
  knownKeys: readonly string[],
): Promise<InstanceResult[]> {
  const search = (filter: Parameters<ApiDeps['engine']['searchProcessInstances']>[0]['filter']) =>
    callEngine(() =>
      deps.engine.searchProcessInstances(
        { filter, sort: [{ field: 'startDate', order: 'ASC' }], page: { from: 0, limit: INSTANCE_LIMIT } },
        SEARCH_NOW,
      ),
    );
  const found = new Map<string, InstanceResult>();
  const add = (items: readonly InstanceResult[]) => {
    for (const item of items) found.set(String(item.processInstanceKey), item);
  };
  add((await search({ variables: [{ name: 'petitionId', value: JSON.stringify(number) }] })).items);
  const missing = knownKeys.filter((key) => !found.has(key));
  if (missing.length > 0) add((await search({ processInstanceKey: { $in: missing } })).items);
  // Called processes, level by level (a call activity's child need not copy the number).
  let parents = [...found.keys()];
  for (let depth = 0; depth < 5 && parents.length > 0; depth++) {
    const children = (await search({ parentProcessInstanceKey: { $in: parents } })).items.filter(
      (item) => !found.has(String(item.processInstanceKey)),
    );
    add(children);
    parents = children.map((item) => String(item.processInstanceKey));
  }
  return [...found.values()].sort((a, b) => String(a.startDate).localeCompare(String(b.startDate)));
}

const xmlCache = new Map<string, string>();

async function definitionXml(deps: ApiDeps, definitionKey: string): Promise<string> {
  const known = xmlCache.get(definitionKey);
  if (known !== undefined) return known;
  const xml = String(
    await callEngine(() =>
      deps.engine.getProcessDefinitionXml({ processDefinitionKey: definitionKey }, SEARCH_NOW),
    ),
  );
  xmlCache.set(definitionKey, xml);
  return xml;
}

/** The taken flows from the engine, or undefined when it has no such endpoint. */
async function takenFlows(deps: ApiDeps, instanceKey: string): Promise<string[] | undefined> {
  try {
    const answer = await callEngine(() =>
      deps.engine.getProcessInstanceSequenceFlows({ processInstanceKey: instanceKey }, SEARCH_NOW),
    );
    return [...new Set((answer.items ?? []).map((flow) => String(flow.elementId)))];
  } catch (error: unknown) {
    const status = engineStatus(error);
    if (status === 404 || status === 405 || status === 501) return undefined;
    throw error;
  }
}

async function instanceView(deps: ApiDeps, instance: InstanceResult) {
  const key = String(instance.processInstanceKey);
  const definitionKey = String(instance.processDefinitionKey);
  const [xml, elementPage, incidentPage, flows] = await Promise.all([
    definitionXml(deps, definitionKey),
    callEngine(() =>
      deps.engine.searchElementInstances(
        {
          // The SDK brands keys; ours are plain strings from the same API.
          filter: { processInstanceKey: key as unknown as ElementFilter['processInstanceKey'] },
          sort: [{ field: 'startDate', order: 'ASC' }],
          page: { from: 0, limit: ELEMENT_LIMIT },
        },
        SEARCH_NOW,
      ),
    ),
    callEngine(() =>
      deps.engine.searchIncidents(
        {
          filter: { processInstanceKey: key as unknown as IncidentFilter['processInstanceKey'] },
          sort: [{ field: 'creationTime', order: 'ASC' }],
          page: { from: 0, limit: ELEMENT_LIMIT },
        },
        SEARCH_NOW,
      ),
    ),
    takenFlows(deps, key),
  ]);
  const elements = (elementPage.items ?? []).map((element) => ({
    key: String(element.elementInstanceKey),
    elementId: String(element.elementId),
    elementName: str(element.elementName),
    type: String(element.type),
    state: String(element.state),
    startDate: str(element.startDate),
    endDate: str(element.endDate),
    incidentKey: str(element.incidentKey),
  }));
  const incidents = (incidentPage.items ?? []).map((incident) => ({
    key: String(incident.incidentKey),
    elementId: String(incident.elementId),
    elementInstanceKey: String(incident.elementInstanceKey),
    type: String(incident.errorType),
    message: String(incident.errorMessage ?? ''),
    jobKey: str(incident.jobKey),
    state: String(incident.state),
    createdAt: str(incident.creationTime),
  }));
  let sequenceFlows = flows;
  if (sequenceFlows === undefined) {
    sequenceFlows = derivedFlows(await graphOf(definitionKey, xml), elements);
  }
  return {
    key,
    processDefinitionId: String(instance.processDefinitionId),
    processDefinitionName: str(instance.processDefinitionName),
    processDefinitionKey: definitionKey,
    processDefinitionVersion: Number(instance.processDefinitionVersion),
    state: String(instance.state),
    startDate: str(instance.startDate),
    endDate: str(instance.endDate),
    parentProcessInstanceKey: str(instance.parentProcessInstanceKey),
    hasIncident: incidents.some((incident) => incident.state === 'ACTIVE'),
    bpmnXml: xml,
    elements,
    activeElementIds: [...new Set(elements.filter((e) => e.state === 'ACTIVE').map((e) => e.elementId))],
    sequenceFlows,
    /** engine: the flows the engine recorded; derived: inferred from completed element instances. */
    sequenceFlowsSource: flows === undefined ? ('derived' as const) : ('engine' as const),
    incidents,
  };
}

type HistoryEntry =
  | {
      at: string;
      source: 'process';
      event: 'started' | 'completed' | 'terminated';
      processInstanceKey: string;
      elementId: string;
      elementName: string | null;
      type: string;
    }
  | { at: string; source: 'petition'; kind: string; actor: string; detail: Record<string, unknown> };

export async function petitionProcess(deps: ApiDeps, number: string, user: SessionUser) {
  const petition = await visiblePetition(deps, number, user);
  const timeline = await listTimeline(deps.db, petition.id);
  const knownKeys = new Set<string>();
  if (petition.processInstanceKey !== null) knownKeys.add(petition.processInstanceKey);
  for (const entry of timeline) {
    const key = entry.detail.processInstanceKey;
    if (typeof key === 'string' && /^\d{1,19}$/.test(key)) knownKeys.add(key);
  }
  const instances = await Promise.all(
    (await petitionInstances(deps, petition.number, [...knownKeys])).map((instance) =>
      instanceView(deps, instance),
    ),
  );

  const history: HistoryEntry[] = [];
  for (const instance of instances) {
    for (const element of instance.elements) {
      const base = {
        source: 'process' as const,
        processInstanceKey: instance.key,
        elementId: element.elementId,
        elementName: element.elementName,
        type: element.type,
      };
      if (element.startDate !== null) history.push({ ...base, at: element.startDate, event: 'started' });
      if (element.endDate !== null) {
        const event = element.state === 'TERMINATED' ? 'terminated' : 'completed';
        history.push({ ...base, at: element.endDate, event });
      }
    }
  }
  for (const entry of timeline) {
    history.push({
      at: entry.at.toISOString(),
      source: 'petition',
      kind: entry.kind,
      actor: entry.actor,
      detail: entry.detail,
    });
  }
  // Stable: at the same instant, the engine's steps keep their order before the timeline's.
  history.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return {
    petition: { number: petition.number, title: petition.title, stage: petition.stage },
    instances,
    history,
  };
}
