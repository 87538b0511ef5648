// The state one command works on: everything live in one process instance, loaded under the
// instance's row lock, changed in memory by the runtime, then written back in one flush.
import type { ElementType, ProcessGraph } from '../model/types.js';

export type ElementState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'COMPLETED' | 'TERMINATED';
export const LIVE_ELEMENT_STATES: ElementState[] = ['ACTIVATING', 'ACTIVATED', 'COMPLETING'];

export interface ElementData {
  /** Flow scopes: tokens waiting at parallel and inclusive joins, per gateway id and incoming flow id. */
  joins?: Record<string, Record<string, number>>;
  /** Exclusive and inclusive gateways: the flows chosen on activation. */
  takenFlowId?: string;
  takenFlowIds?: string[];
  /** A catch event activated by an event that already happened (event-based gateway): completes at once. */
  triggered?: boolean;
  /** The process: the start event it began at (none start unless an event started it). */
  startEventId?: string;
  /** Event sub-process: the start event that triggered it. */
  triggeredBy?: string;
  /** Inner instance of a multi-instance activity. */
  loop?: { counter: number; item: unknown };
  /** Multi-instance body: the collection and the counts completion conditions can read. */
  body?: { items: unknown[]; completed: number; terminated: number; nextIndex: number };
  /** Call activity: the child instance it started. */
  childInstanceKey?: string;
}

/** A multi-instance activity is represented by a body element instance around its inner ones. */
export type ElementInstanceType = ElementType | 'multiInstanceBody';

export interface ElementInstance {
  key: string;
  processInstanceKey: string;
  elementId: string;
  elementType: ElementInstanceType;
  flowScopeKey: string | null;
  state: ElementState;
  startedAt: number;
  endedAt: number | null;
  data: ElementData;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN' | 'COMPLETED' | 'CANCELED';
export const LIVE_JOB_STATES: JobState[] = ['ACTIVATABLE', 'ACTIVATED', 'FAILED', 'ERROR_THROWN'];

export interface Job {
  key: string;
  type: string;
  state: JobState;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  retries: number;
  worker: string | null;
  deadline: number | null;
  activatableAt: number;
  customHeaders: Record<string, string>;
  errorMessage: string | null;
  errorCode: string | null;
  createdAt: number;
}

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

export interface UserTask {
  key: string;
  state: UserTaskState;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  name: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
  formKey: string | null;
  externalFormReference: string | null;
  customHeaders: Record<string, string>;
  createdAt: number;
  completedAt: number | null;
}

export type IncidentType =
  | 'CALLED_ELEMENT_ERROR'
  | 'JOB_NO_RETRIES'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CONDITION_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'FORM_NOT_FOUND';

/** What the runtime does again when an incident is resolved. */
export type RetryStep = { kind: 'activate' | 'complete'; elementInstanceKey: string } | { kind: 'job' };

export interface Incident {
  key: string;
  state: 'ACTIVE' | 'RESOLVED';
  errorType: IncidentType;
  errorMessage: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  jobKey: string | null;
  retry: RetryStep | null;
  createdAt: number;
  resolvedAt: number | null;
}

export interface ProcessInstance {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startedAt: number;
  endedAt: number | null;
  parentProcessInstanceKey: string | null;
  parentElementInstanceKey: string | null;
  /** Set when a message start event created the instance: that message's correlation key. */
  startCorrelationKey: string | null;
}

export interface Timer {
  key: string;
  state: 'ACTIVE' | 'TRIGGERED' | 'CANCELED';
  dueAt: number;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  elementId: string;
  repetitions: number | null;
  cycle: string | null;
  createdAt: number;
}

export interface MessageSubscription {
  key: string;
  state: 'OPEN' | 'CORRELATED' | 'CLOSED';
  messageName: string;
  correlationKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  interrupting: boolean;
  createdAt: number;
}

export interface SignalSubscription {
  key: string;
  state: 'OPEN' | 'CLOSED';
  signalName: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  interrupting: boolean;
  createdAt: number;
}

/** Work for another instance (or for the engine), carried out after this command commits. */
export type PendingCommand =
  | {
      kind: 'startChild';
      processInstanceKey: string;
      elementInstanceKey: string;
      processId: string;
      variables: Record<string, unknown>;
    }
  | {
      kind: 'childCompleted';
      processInstanceKey: string;
      elementInstanceKey: string;
      variables: Record<string, unknown>;
    }
  | { kind: 'cancelInstance'; processInstanceKey: string }
  | {
      kind: 'broadcastSignal';
      processInstanceKey: null;
      signalName: string;
      variables: Record<string, unknown>;
    }
  | {
      kind: 'deliverSignal';
      processInstanceKey: string;
      signalName: string;
      variables: Record<string, unknown>;
    }
  | {
      kind: 'startBySignal';
      processInstanceKey: null;
      processDefinitionKey: string;
      elementId: string;
      variables: Record<string, unknown>;
    };

export interface VariableSlot {
  key: string;
  scopeKey: string;
  name: string;
  value: unknown;
}

export interface EngineRecord {
  key: string;
  valueType: string;
  intent: string;
  processInstanceKey: string | null;
  timestamp: number;
  value: Record<string, unknown>;
}

/** A table of rows by key that remembers which rows the command changed. */
export class Tracked<T extends { key: string }> {
  readonly rows = new Map<string, T>();
  readonly changed = new Set<string>();

  load(row: T): void {
    this.rows.set(row.key, row);
  }
  put(row: T): T {
    this.rows.set(row.key, row);
    this.changed.add(row.key);
    return row;
  }
  touch(row: T): void {
    this.changed.add(row.key);
  }
  get(key: string): T | undefined {
    return this.rows.get(key);
  }
  changedRows(): T[] {
    return [...this.changed].map((key) => this.rows.get(key)!);
  }
}

export interface InstanceContext {
  now: number;
  graph: ProcessGraph;
  instance: ProcessInstance;
  instanceChanged: boolean;
  elements: Tracked<ElementInstance>;
  variables: Map<string, Map<string, VariableSlot>>;
  changedVariables: VariableSlot[];
  jobs: Tracked<Job>;
  userTasks: Tracked<UserTask>;
  incidents: Tracked<Incident>;
  records: EngineRecord[];
  /** Job types that got activatable jobs: workers waiting on them are woken after commit. */
  jobTypesToNotify: Set<string>;
  timers: Tracked<Timer>;
  messageSubscriptions: Tracked<MessageSubscription>;
  signalSubscriptions: Tracked<SignalSubscription>;
  /** Message subscriptions opened by this command: buffered messages may be waiting for them. */
  openedMessageSubscriptions: MessageSubscription[];
  pendingCommands: PendingCommand[];
  /** Earliest due time among timers this command created (the scheduler is told after commit). */
  nextTimerDue?: number;
  /** The key of the latest deployed form with this id (Zeebe's default "latest" binding). */
  latestFormKey(formId: string): string | undefined;
  /** Variables of the root scope when the instance completed (for CreateProcessInstanceWithResult). */
  completedWith?: Record<string, unknown>;
}
