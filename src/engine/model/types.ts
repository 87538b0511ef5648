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
  | 'receiveTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'boundaryEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'subProcess'
  | 'eventSubProcess'
  | 'callActivity';

/** The kind of event definition on an event element; 'none' when it has none. */
export type EventKind = 'none' | 'error' | 'terminate' | 'timer' | 'message' | 'signal' | 'escalation';

/** A timer event definition: exactly one of timeDuration, timeDate or timeCycle. */
export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  /** ISO 8601 duration / date-time / repeating interval or cron, static or FEEL. */
  value: Expr;
}

/** A message event definition or receive task: the message name and how it finds its instance. */
export interface MessageDefinition {
  name: Expr;
  /** zeebe:subscription correlationKey; absent on message start events. */
  correlationKey?: Expr;
}

/** zeebe:loopCharacteristics on a bpmn:multiInstanceLoopCharacteristics. */
export interface MultiInstanceDefinition {
  sequential: boolean;
  /** FEEL (without "=") giving the list to iterate. */
  inputCollection: string;
  /** Local variable that holds the current item in each inner instance. */
  inputElement?: string;
  /** Variable (in the multi-instance body's flow scope) that collects the outputs. */
  outputCollection?: string;
  /** FEEL (without "=") evaluated in each inner instance when it completes. */
  outputElement?: string;
  /** FEEL (without "=") checked after each inner instance completes. */
  completionCondition?: string;
}

/** zeebe:calledElement on a call activity. */
export interface CalledElementDefinition {
  processId: Expr;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

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
  /** Escalation throw/catch events: the escalation code (undefined on a catch-all catch event). */
  escalationCode?: string;
  timer?: TimerDefinition;
  message?: MessageDefinition;
  /** Signal events: the signal name (static or FEEL). */
  signalName?: Expr;
  /**
   * Start events of an event sub-process: whether triggering it interrupts the enclosing scope
   * (bpmn:startEvent isInterrupting, default true).
   */
  interrupting?: boolean;
  multiInstance?: MultiInstanceDefinition;
  calledElement?: CalledElementDefinition;
  /** Scopes (process, sub-process, event sub-process): their none start event, if any. */
  noneStartEventId?: string;
  /** Scopes: the event sub-processes directly inside them. */
  eventSubProcessIds: string[];
  /** Event sub-processes: their one start event (which carries the trigger). */
  startEventId?: string;
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
  /** The none start event of the process itself ('' when it only has event starts). */
  noneStartEventId: string;
  /** Start events of the process with a message, timer or signal trigger. */
  eventStartEventIds: string[];
}
