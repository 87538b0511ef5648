// Loads everything live in one process instance under its row lock, and writes back what a
// command changed. Rows map 1:1 to the runtime's state types.
import type { ProcessGraph } from '../model/types.js';
import {
  LIVE_ELEMENT_STATES,
  LIVE_JOB_STATES,
  Tracked,
  type ElementInstance,
  type Incident,
  type InstanceContext,
  type Job,
  type MessageSubscription,
  type ProcessInstance,
  type SignalSubscription,
  type Timer,
  type UserTask,
  type VariableSlot,
} from '../runtime/state.js';
import { sqlKey, sqlLiteral, type CommandTx } from './command-tx.js';
import type { Tx } from './db.js';
import { recordsWrite } from './record-batches.js';
import { writeAllRows, type Columns, type TableWrite } from './rows.js';

type Row = Record<string, unknown>;
/** Keys arrive as numbers (bigint columns); the API carries them as strings. */
const str = (value: unknown): string | null =>
  typeof value === 'number' || typeof value === 'string' ? String(value) : null;

export function toInstance(row: Row): ProcessInstance {
  return {
    key: String(row.key),
    processDefinitionKey: String(row.process_definition_key),
    bpmnProcessId: row.bpmn_process_id as string,
    version: row.version as number,
    state: row.state as ProcessInstance['state'],
    startedAt: row.started_at as number,
    endedAt: row.ended_at as number | null,
    parentProcessInstanceKey: str(row.parent_process_instance_key),
    parentElementInstanceKey: str(row.parent_element_instance_key),
    startCorrelationKey: (row.start_correlation_key as string | null) ?? null,
  };
}

function toElement(row: Row): ElementInstance {
  return {
    key: String(row.key),
    processInstanceKey: String(row.process_instance_key),
    elementId: row.element_id as string,
    elementType: row.element_type as ElementInstance['elementType'],
    flowScopeKey: str(row.flow_scope_key),
    state: row.state as ElementInstance['state'],
    startedAt: row.started_at as number,
    endedAt: row.ended_at as number | null,
    data: row.data as ElementInstance['data'],
  };
}

export function toJob(row: Row): Job {
  return {
    key: String(row.key),
    type: row.type as string,
    state: row.state as Job['state'],
    processInstanceKey: String(row.process_instance_key),
    elementInstanceKey: String(row.element_instance_key),
    elementId: row.element_id as string,
    bpmnProcessId: row.bpmn_process_id as string,
    processDefinitionKey: String(row.process_definition_key),
    processDefinitionVersion: row.process_definition_version as number,
    retries: row.retries as number,
    worker: row.worker as string | null,
    deadline: row.deadline as number | null,
    activatableAt: row.activatable_at as number,
    customHeaders: row.custom_headers as Record<string, string>,
    errorMessage: row.error_message as string | null,
    errorCode: row.error_code as string | null,
    createdAt: row.created_at as number,
  };
}

export function toUserTask(row: Row): UserTask {
  return {
    key: String(row.key),
    state: row.state as UserTask['state'],
    elementInstanceKey: String(row.element_instance_key),
    processInstanceKey: String(row.process_instance_key),
    processDefinitionKey: String(row.process_definition_key),
    bpmnProcessId: row.bpmn_process_id as string,
    processDefinitionVersion: row.process_definition_version as number,
    elementId: row.element_id as string,
    name: row.name as string | null,
    assignee: row.assignee as string | null,
    candidateGroups: row.candidate_groups as string[],
    candidateUsers: row.candidate_users as string[],
    dueDate: row.due_date as string | null,
    followUpDate: row.follow_up_date as string | null,
    priority: row.priority as number,
    formKey: str(row.form_key),
    externalFormReference: row.external_form_reference as string | null,
    customHeaders: row.custom_headers as Record<string, string>,
    createdAt: row.created_at as number,
    completedAt: row.completed_at as number | null,
  };
}

export function toIncident(row: Row): Incident {
  return {
    key: String(row.key),
    state: row.state as Incident['state'],
    errorType: row.error_type as Incident['errorType'],
    errorMessage: row.error_message as string,
    processInstanceKey: String(row.process_instance_key),
    elementInstanceKey: String(row.element_instance_key),
    elementId: row.element_id as string,
    bpmnProcessId: row.bpmn_process_id as string,
    processDefinitionKey: String(row.process_definition_key),
    jobKey: str(row.job_key),
    retry: row.retry as Incident['retry'],
    createdAt: row.created_at as number,
    resolvedAt: row.resolved_at as number | null,
  };
}

export function toTimer(row: Row): Timer {
  return {
    key: String(row.key),
    state: row.state as Timer['state'],
    dueAt: row.due_at as number,
    processDefinitionKey: String(row.process_definition_key),
    bpmnProcessId: row.bpmn_process_id as string,
    processInstanceKey: str(row.process_instance_key),
    elementInstanceKey: str(row.element_instance_key),
    elementId: row.element_id as string,
    repetitions: row.repetitions as number | null,
    cycle: row.cycle as string | null,
    createdAt: row.created_at as number,
  };
}

function toMessageSubscription(row: Row): MessageSubscription {
  return {
    key: String(row.key),
    state: row.state as MessageSubscription['state'],
    messageName: row.message_name as string,
    correlationKey: row.correlation_key as string,
    processInstanceKey: String(row.process_instance_key),
    elementInstanceKey: String(row.element_instance_key),
    elementId: row.element_id as string,
    bpmnProcessId: row.bpmn_process_id as string,
    interrupting: row.interrupting as boolean,
    createdAt: row.created_at as number,
  };
}

function toSignalSubscription(row: Row): SignalSubscription {
  return {
    key: String(row.key),
    state: row.state as SignalSubscription['state'],
    signalName: row.signal_name as string,
    processInstanceKey: String(row.process_instance_key),
    elementInstanceKey: String(row.element_instance_key),
    elementId: row.element_id as string,
    interrupting: row.interrupting as boolean,
    createdAt: row.created_at as number,
  };
}

export function newContext(
  instance: ProcessInstance,
  graph: ProcessGraph,
  now: number,
  latestFormKey: (formId: string) => string | undefined,
): InstanceContext {
  return {
    now,
    graph,
    instance,
    instanceChanged: false,
    elements: new Tracked<ElementInstance>(),
    variables: new Map(),
    changedVariables: [],
    jobs: new Tracked<Job>(),
    userTasks: new Tracked<UserTask>(),
    incidents: new Tracked<Incident>(),
    records: [],
    jobTypesToNotify: new Set(),
    timers: new Tracked<Timer>(),
    messageSubscriptions: new Tracked<MessageSubscription>(),
    signalSubscriptions: new Tracked<SignalSubscription>(),
    openedMessageSubscriptions: [],
    pendingCommands: [],
    latestFormKey,
  };
}

function fillContext(ctx: InstanceContext, rows: { kind: string; row: Row }[]): void {
  for (const { kind, row } of rows) {
    // to_jsonb turns bigint into JSON numbers: exact below 2^53, which every key and time is.
    if (kind === 'element') ctx.elements.load(toElement(row));
    else if (kind === 'job') ctx.jobs.load(toJob(row));
    else if (kind === 'userTask') ctx.userTasks.load(toUserTask(row));
    else if (kind === 'incident') ctx.incidents.load(toIncident(row));
    else if (kind === 'timer') ctx.timers.load(toTimer(row));
    else if (kind === 'message') ctx.messageSubscriptions.load(toMessageSubscription(row));
    else if (kind === 'signal') ctx.signalSubscriptions.load(toSignalSubscription(row));
    else if (kind === 'variable') {
      const slot: VariableSlot = {
        key: String(row.key),
        scopeKey: String(row.scope_key),
        name: row.name as string,
        value: row.value,
      };
      let scope = ctx.variables.get(slot.scopeKey);
      if (!scope) ctx.variables.set(slot.scopeKey, (scope = new Map<string, VariableSlot>()));
      scope.set(slot.name, slot);
    }
  }
}

/** Which instance a command is about: by its key, or by the key of one of its jobs. */
export type InstanceLocator = { processInstanceKey: string } | { jobKey: string };

const arrayLiteral = (items: string[], type: 'bigint' | 'text') => `ARRAY[${items.join(',')}]::${type}[]`;

/** Instances locked and loaded together, and which instance each job key belongs to. */
export interface LoadedInstances {
  instances: Map<string, { instance: ProcessInstance; rows: { kind: string; row: Row }[] }>;
  instanceOfJob: Map<string, string>;
}

/**
 * Begins the transaction, locks the instances (given by key or by one of their jobs) and their live
 * jobs, and reads their live state: one round trip (engine.lock_and_load, in the migrations). Keys
 * that name no instance or job are absent from the result.
 */
export async function lockAndLoadMany(tx: CommandTx, locators: InstanceLocator[]): Promise<LoadedInstances> {
  const instanceKeys = new Set<string>();
  const jobKeys = new Set<string>();
  for (const locator of locators) {
    if ('jobKey' in locator) jobKeys.add(sqlKey(locator.jobKey));
    else instanceKeys.add(sqlKey(locator.processInstanceKey));
  }
  const [rows] = await tx.batch([
    `SELECT kind, data AS row FROM engine.lock_and_load(
       ${arrayLiteral([...instanceKeys], 'bigint')}, ${arrayLiteral([...jobKeys], 'bigint')},
       ${arrayLiteral(LIVE_ELEMENT_STATES.map(sqlLiteral), 'text')}, ${arrayLiteral(LIVE_JOB_STATES.map(sqlLiteral), 'text')})`,
  ]);
  const loaded: LoadedInstances = { instances: new Map(), instanceOfJob: new Map() };
  for (const { kind, row } of (rows ?? []) as { kind: string; row: Row }[]) {
    // to_jsonb turns bigint into JSON numbers: exact below 2^53, which every key and time is.
    const instanceKey = String(row.process_instance_key);
    if (kind === 'owner') loaded.instanceOfJob.set(String(row.key), instanceKey);
    else if (kind === 'instance')
      loaded.instances.set(String(row.key), { instance: toInstance(row), rows: [] });
    else loaded.instances.get(instanceKey)?.rows.push({ kind, row });
  }
  return loaded;
}

/** `lockAndLoadMany` for one instance; undefined when there is no such instance. */
export async function lockAndLoad(
  tx: CommandTx,
  locator: InstanceLocator,
): Promise<{ instance: ProcessInstance; rows: { kind: string; row: Row }[] } | undefined> {
  const loaded = await lockAndLoadMany(tx, [locator]);
  const key = 'jobKey' in locator ? loaded.instanceOfJob.get(locator.jobKey) : locator.processInstanceKey;
  return key === undefined ? undefined : loaded.instances.get(key);
}

/** Fills a context with state read by `lockAndLoad`. */
export function loadInto(ctx: InstanceContext, rows: { kind: string; row: Row }[]): void {
  fillContext(ctx, rows);
}

const instanceColumns: Columns = {
  key: 'bigint',
  process_definition_key: 'bigint',
  bpmn_process_id: 'text',
  version: 'int',
  state: 'text',
  started_at: 'bigint',
  ended_at: 'bigint',
  parent_process_instance_key: 'bigint',
  parent_element_instance_key: 'bigint',
  start_correlation_key: 'text',
};

const elementColumns: Columns = {
  key: 'bigint',
  process_instance_key: 'bigint',
  element_id: 'text',
  element_type: 'text',
  flow_scope_key: 'bigint',
  state: 'text',
  started_at: 'bigint',
  ended_at: 'bigint',
  data: 'jsonb',
};

const variableColumns: Columns = {
  key: 'bigint',
  scope_key: 'bigint',
  process_instance_key: 'bigint',
  name: 'text',
  value: 'jsonb',
  updated_at: 'bigint',
};

export const jobColumns: Columns = {
  key: 'bigint',
  type: 'text',
  state: 'text',
  process_instance_key: 'bigint',
  element_instance_key: 'bigint',
  element_id: 'text',
  bpmn_process_id: 'text',
  process_definition_key: 'bigint',
  process_definition_version: 'int',
  retries: 'int',
  worker: 'text',
  deadline: 'bigint',
  activatable_at: 'bigint',
  custom_headers: 'jsonb',
  error_message: 'text',
  error_code: 'text',
  created_at: 'bigint',
};

const userTaskColumns: Columns = {
  key: 'bigint',
  state: 'text',
  element_instance_key: 'bigint',
  process_instance_key: 'bigint',
  process_definition_key: 'bigint',
  bpmn_process_id: 'text',
  process_definition_version: 'int',
  element_id: 'text',
  name: 'text',
  assignee: 'text',
  candidate_groups: 'jsonb',
  candidate_users: 'jsonb',
  due_date: 'text',
  follow_up_date: 'text',
  priority: 'int',
  form_key: 'bigint',
  external_form_reference: 'text',
  custom_headers: 'jsonb',
  created_at: 'bigint',
  completed_at: 'bigint',
};

const incidentColumns: Columns = {
  key: 'bigint',
  state: 'text',
  error_type: 'text',
  error_message: 'text',
  process_instance_key: 'bigint',
  element_instance_key: 'bigint',
  element_id: 'text',
  bpmn_process_id: 'text',
  process_definition_key: 'bigint',
  job_key: 'bigint',
  retry: 'jsonb',
  created_at: 'bigint',
  resolved_at: 'bigint',
};

export const timerColumns: Columns = {
  key: 'bigint',
  state: 'text',
  due_at: 'bigint',
  process_definition_key: 'bigint',
  bpmn_process_id: 'text',
  process_instance_key: 'bigint',
  element_instance_key: 'bigint',
  element_id: 'text',
  repetitions: 'int',
  cycle: 'text',
  created_at: 'bigint',
};

const messageSubscriptionColumns: Columns = {
  key: 'bigint',
  state: 'text',
  message_name: 'text',
  correlation_key: 'text',
  process_instance_key: 'bigint',
  element_instance_key: 'bigint',
  element_id: 'text',
  bpmn_process_id: 'text',
  interrupting: 'boolean',
  created_at: 'bigint',
};

const signalSubscriptionColumns: Columns = {
  key: 'bigint',
  state: 'text',
  signal_name: 'text',
  process_instance_key: 'bigint',
  element_instance_key: 'bigint',
  element_id: 'text',
  interrupting: 'boolean',
  created_at: 'bigint',
};

const pendingCommandColumns: Columns = {
  process_instance_key: 'bigint',
  command: 'jsonb',
  created_at: 'bigint',
};

/** Column names by field name: the fields are few, and every written row converts each of them. */
const snakeNames = new Map<string, string>();
function snake(name: string): string {
  let column = snakeNames.get(name);
  if (column === undefined) {
    column = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(name, column);
  }
  return column;
}

/** camelCase object → snake_case row. */
export function toRow(value: object): Row {
  const row: Row = {};
  for (const name in value) row[snake(name)] = (value as Row)[name];
  return row;
}

/**
 * Writes the changes of one or more commands (of different instances), table by table, as one
 * named statement: it always names every table, so each connection plans it once, and the rows
 * travel as parameters rather than as literals PostgreSQL must first lex.
 */
export async function flush(tx: Tx, written: { ctx: InstanceContext; isNew: boolean }[]): Promise<void> {
  const [first, ...rest] = written.map(({ ctx, isNew }) => changes(ctx, isNew));
  if (!first) return;
  for (const writes of rest) writes.forEach((write, index) => first[index]!.rows.push(...write.rows));
  if (first.every((write) => write.rows.length === 0)) return;
  await writeAllRows(tx, 'engine-flush', first);
}

/** Every table the command changed. The instance row goes first: other rows refer to it. */
function changes(ctx: InstanceContext, isNewInstance: boolean): TableWrite[] {
  // A variable may change several times in one command: keep its last value.
  const lastValues = new Map(ctx.changedVariables.map((slot) => [slot.key, slot]));
  const upsert = (table: string, columns: Columns, rows: Record<string, unknown>[]): TableWrite => ({
    table,
    columns,
    rows,
    upsert: true,
  });
  return [
    upsert(
      'engine.process_instances',
      instanceColumns,
      ctx.instanceChanged || isNewInstance ? [toRow(ctx.instance)] : [],
    ),
    upsert('engine.element_instances', elementColumns, ctx.elements.changedRows().map(toRow)),
    upsert(
      'engine.variables',
      variableColumns,
      [...lastValues.values()].map((slot) => ({
        key: slot.key,
        scope_key: slot.scopeKey,
        process_instance_key: ctx.instance.key,
        name: slot.name,
        value: slot.value,
        updated_at: ctx.now,
      })),
    ),
    upsert('engine.jobs', jobColumns, ctx.jobs.changedRows().map(toRow)),
    upsert('engine.user_tasks', userTaskColumns, ctx.userTasks.changedRows().map(toRow)),
    upsert('engine.incidents', incidentColumns, ctx.incidents.changedRows().map(toRow)),
    upsert('engine.timers', timerColumns, ctx.timers.changedRows().map(toRow)),
    upsert(
      'engine.message_subscriptions',
      messageSubscriptionColumns,
      ctx.messageSubscriptions.changedRows().map(toRow),
    ),
    upsert(
      'engine.signal_subscriptions',
      signalSubscriptionColumns,
      ctx.signalSubscriptions.changedRows().map(toRow),
    ),
    {
      table: 'engine.pending_commands',
      columns: pendingCommandColumns,
      rows: ctx.pendingCommands.map((command) => ({
        process_instance_key: command.processInstanceKey,
        command,
        created_at: ctx.now,
      })),
      upsert: false,
    },
    recordsWrite(ctx.records),
  ];
}
