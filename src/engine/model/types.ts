// The executable form of a BPMN process: what the runtime needs, nothing of the XML.
// Expressions are kept as written; `Expr` tells a FEEL expression ("=a + 1") from a static value.

/** A value from the model: FEEL when written with a leading "=", otherwise a static string. */
export type Expr = { kind: 'feel'; source: string } | { kind: 'static'; value: string };

export type ElementType =
  | 'process'
  | 'startEvent'
  | 'endEvent'
  | 'serviceTask'
  | 'scriptTask'
  | 'userTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'boundaryEvent';

/** The kind of event definition on an event element; 'none' when it has none. */
export type EventKind = 'none' | 'error' | 'terminate';

export interface IoMapping {
  /** FEEL source expression (without the leading "="). */
  source: string;
  /** Variable name, possibly a dotted path ("a.b") into a context. */
  target: string;
}

export interface TaskDefinition {
  type: Expr;
  /** Defaults to "3" as in Zeebe. */
  retries: Expr;
}

export interface UserTaskDefinition {
  assignee?: Expr;
  candidateGroups?: Expr;
  candidateUsers?: Expr;
  dueDate?: Expr;
  followUpDate?: Expr;
  priority?: Expr;
  formId?: string;
  /** A form embedded in the model (zeebe:userTaskForm), rarely used in 8.8. */
  externalFormReference?: string;
}

export interface ElementNode {
  id: string;
  name?: string;
  type: ElementType;
  eventKind: EventKind;
  /** Id of the element whose children this element is: the process (or, later, a sub-process). */
  flowScopeId: string;
  incoming: string[];
  outgoing: string[];
  /** Outgoing flow taken when no condition holds (exclusive gateway). */
  defaultFlowId?: string;
  inputMappings: IoMapping[];
  outputMappings: IoMapping[];
  taskDefinition?: TaskDefinition;
  taskHeaders: Record<string, string>;
  userTask?: UserTaskDefinition;
  /** Script task: FEEL expression (without "=") and the variable that receives its result. */
  script?: { expression: string; resultVariable: string };
  /** Boundary events attached to this activity. */
  boundaryEventIds: string[];
  /** For a boundary event: the activity it is attached to, and whether it interrupts it. */
  attachedToId?: string;
  cancelActivity?: boolean;
  /** Error end/boundary events: the error code ("" or undefined on a catch-all boundary). */
  errorCode?: string;
}

export interface SequenceFlowNode {
  id: string;
  sourceId: string;
  targetId: string;
  /** FEEL condition without the leading "=". */
  condition?: string;
}

export interface ProcessGraph {
  bpmnProcessId: string;
  name?: string;
  elements: Map<string, ElementNode>;
  flows: Map<string, SequenceFlowNode>;
  /** The none start event of the process itself. */
  noneStartEventId: string;
}
