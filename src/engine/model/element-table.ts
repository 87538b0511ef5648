// What the engine executes: the one place to extend when a BPMN element kind, event definition or
// feature becomes supported.
import { elementProp, extensionOf, type ModdleElement } from './moddle.js';
import type { ElementType, EventKind } from './types.js';

export interface ElementSpec {
  type: ElementType;
  /**
   * Supported event definitions and the event kind each becomes; an event without one is 'none'.
   * Where in the process a kind may appear (a start event's context, a boundary event's host) is
   * checked by the validation rules.
   */
  eventDefinitions?: Readonly<Record<string, EventKind>>;
  /** The element has no meaning without an event definition (a boundary or intermediate catch event). */
  requiresEventDefinition?: boolean;
  /** An activity: boundary events can be attached to it. */
  activity?: boolean;
  /** It contains flow elements of its own (a sub-process). */
  scope?: boolean;
  /** It may carry bpmn:multiInstanceLoopCharacteristics. */
  multiInstance?: boolean;
}

export const TIMER_DEFINITION = 'bpmn:TimerEventDefinition';
export const MESSAGE_DEFINITION = 'bpmn:MessageEventDefinition';
export const SIGNAL_DEFINITION = 'bpmn:SignalEventDefinition';
export const ERROR_DEFINITION = 'bpmn:ErrorEventDefinition';
export const ESCALATION_DEFINITION = 'bpmn:EscalationEventDefinition';
export const TERMINATE_DEFINITION = 'bpmn:TerminateEventDefinition';

const TIMER = { [TIMER_DEFINITION]: 'timer' } as const;
const MESSAGE = { [MESSAGE_DEFINITION]: 'message' } as const;
const SIGNAL = { [SIGNAL_DEFINITION]: 'signal' } as const;
const ERROR = { [ERROR_DEFINITION]: 'error' } as const;
const ESCALATION = { [ESCALATION_DEFINITION]: 'escalation' } as const;
const TERMINATE = { [TERMINATE_DEFINITION]: 'terminate' } as const;

/** Supported flow elements by BPMN type; sequence flows are handled apart. */
export const SUPPORTED_ELEMENTS: ReadonlyMap<string, ElementSpec> = new Map<string, ElementSpec>([
  // Process level: none, timer, message, signal. Event sub-process: timer, message, signal, error,
  // escalation. Embedded sub-process: none only.
  [
    'bpmn:StartEvent',
    { type: 'startEvent', eventDefinitions: { ...TIMER, ...MESSAGE, ...SIGNAL, ...ERROR, ...ESCALATION } },
  ],
  [
    'bpmn:EndEvent',
    { type: 'endEvent', eventDefinitions: { ...TERMINATE, ...ERROR, ...SIGNAL, ...ESCALATION } },
  ],
  [
    'bpmn:IntermediateCatchEvent',
    {
      type: 'intermediateCatchEvent',
      eventDefinitions: { ...TIMER, ...MESSAGE, ...SIGNAL },
      requiresEventDefinition: true,
    },
  ],
  // Without an event definition, an intermediate throw event just passes the token on.
  [
    'bpmn:IntermediateThrowEvent',
    { type: 'intermediateThrowEvent', eventDefinitions: { ...SIGNAL, ...ESCALATION } },
  ],
  [
    'bpmn:BoundaryEvent',
    {
      type: 'boundaryEvent',
      eventDefinitions: { ...ERROR, ...TIMER, ...MESSAGE, ...SIGNAL, ...ESCALATION },
      requiresEventDefinition: true,
    },
  ],
  ['bpmn:ServiceTask', { type: 'serviceTask', activity: true, multiInstance: true }],
  ['bpmn:ScriptTask', { type: 'scriptTask', activity: true, multiInstance: true }],
  ['bpmn:UserTask', { type: 'userTask', activity: true, multiInstance: true }],
  ['bpmn:ReceiveTask', { type: 'receiveTask', activity: true, multiInstance: true }],
  // triggeredByEvent="true" makes it an event sub-process (see EVENT_SUB_PROCESS below).
  ['bpmn:SubProcess', { type: 'subProcess', activity: true, scope: true, multiInstance: true }],
  ['bpmn:CallActivity', { type: 'callActivity', activity: true, multiInstance: true }],
  ['bpmn:ExclusiveGateway', { type: 'exclusiveGateway' }],
  ['bpmn:ParallelGateway', { type: 'parallelGateway' }],
  ['bpmn:InclusiveGateway', { type: 'inclusiveGateway' }],
  ['bpmn:EventBasedGateway', { type: 'eventBasedGateway' }],
]);

/** A bpmn:subProcess with triggeredByEvent="true": no flows in or out, started by its start event's trigger. */
export const EVENT_SUB_PROCESS: ElementSpec = { type: 'eventSubProcess', scope: true };

/** The spec of a flow element, telling event sub-processes from embedded ones. */
export function specOf(element: ModdleElement): ElementSpec | undefined {
  if (element.$type === 'bpmn:SubProcess' && element['triggeredByEvent'] === true) return EVENT_SUB_PROCESS;
  return SUPPORTED_ELEMENTS.get(element.$type);
}

export const SEQUENCE_FLOW = 'bpmn:SequenceFlow';

/** Flow elements that carry no behaviour: deployed, then ignored (as Zeebe does). */
export const IGNORED_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

export const MULTI_INSTANCE = 'bpmn:MultiInstanceLoopCharacteristics';

/** Features a supported element may carry that the engine cannot honour. */
export const UNSUPPORTED_FEATURES: readonly {
  present: (element: ModdleElement) => boolean;
  message: string;
}[] = [
  {
    present: (e) => {
      const loop = elementProp(e, 'loopCharacteristics');
      return loop !== undefined && loop.$type !== MULTI_INSTANCE;
    },
    message:
      'standard loop characteristics (bpmn:standardLoopCharacteristics) are not supported; ' +
      'use multi-instance (bpmn:multiInstanceLoopCharacteristics) instead',
  },
  {
    present: (e) => extensionOf(e, 'zeebe:ExecutionListeners') !== undefined,
    message: 'execution listeners (zeebe:executionListeners) are not supported yet',
  },
  {
    present: (e) => extensionOf(e, 'zeebe:TaskListeners') !== undefined,
    message: 'task listeners (zeebe:taskListeners) are not supported yet',
  },
  {
    present: (e) => e['isForCompensation'] === true,
    message: 'compensation handlers are not supported yet',
  },
];
