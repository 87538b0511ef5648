// Token flow over one process instance. Work is a FIFO queue of steps (activate / complete an
// element instance) run to the end inside one command; element kinds add only their own
// behaviour (see behaviours/). Failures of expressions become incidents whose resolution
// re-runs the failed step.
import { FeelError } from '../feel/index.js';
import type { ElementNode } from '../model/types.js';
import { behaviourOf } from './behaviours/index.js';
import { arriveAtJoin, fireSatisfiedInclusiveJoins, hasWaitingTokens } from './joins.js';
import { applyInputMappings, applyOutputMappings } from './mappings.js';
import { innerCompleted, isBody, setLoopVariables } from './multi-instance.js';
import {
  LIVE_ELEMENT_STATES,
  type ElementInstance,
  type ElementInstanceType,
  type Incident,
  type IncidentType,
  type InstanceContext,
  type RetryStep,
} from './state.js';
import {
  closeSubscriptionsOf,
  openBoundarySubscriptions,
  openEventSubProcessSubscriptions,
} from './subscriptions.js';
import { propagateVariables, setLocalVariables } from './variables.js';

export interface Keys {
  take(): string;
}

type Step = { kind: 'activate' | 'complete'; key: string };

/** Thrown by a behaviour to stop a step and raise an incident on the element instead. */
export class IncidentSignal extends Error {
  override readonly name = 'IncidentSignal';
  constructor(
    readonly errorType: IncidentType,
    message: string,
  ) {
    super(message);
  }
}

/** Runs `work`, turning an expression failure into an incident of the given type. */
export function asIncident<T>(errorType: IncidentType, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof FeelError) throw new IncidentSignal(errorType, error.message);
    throw error;
  }
}

export class Runtime {
  private readonly queue: Step[] = [];

  constructor(
    readonly ctx: InstanceContext,
    readonly keys: Keys,
  ) {}

  node(elementId: string): ElementNode {
    const node = this.ctx.graph.elements.get(elementId);
    if (!node) throw new Error(`element '${elementId}' is not in process '${this.ctx.graph.bpmnProcessId}'`);
    return node;
  }

  element(key: string): ElementInstance {
    const element = this.ctx.elements.get(key);
    if (!element) throw new Error(`element instance ${key} is not loaded`);
    return element;
  }

  isLive(element: ElementInstance | undefined): element is ElementInstance {
    return element !== undefined && LIVE_ELEMENT_STATES.includes(element.state);
  }

  /** Runs queued steps until the instance waits (jobs, user tasks, events) or ends. */
  run(): void {
    for (let step = this.queue.shift(); step; step = this.queue.shift()) {
      const element = this.ctx.elements.get(step.key);
      if (!this.isLive(element)) continue;
      if (step.kind === 'activate') this.activate(element);
      else this.complete(element);
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /**
   * Creates an element instance in its flow scope and queues its activation. A multi-instance
   * activity is created as its body unless `asInner` is given.
   */
  createElement(
    elementId: string,
    flowScopeKey: string | null,
    options: { key?: string; asInner?: ElementInstance['data']['loop'] } = {},
  ): ElementInstance {
    const node = this.node(elementId);
    const type: ElementInstanceType =
      node.multiInstance && !options.asInner ? 'multiInstanceBody' : node.type;
    const element: ElementInstance = {
      key: options.key ?? this.keys.take(),
      processInstanceKey: this.ctx.instance.key,
      elementId,
      elementType: type,
      flowScopeKey,
      state: 'ACTIVATING',
      startedAt: this.ctx.now,
      endedAt: null,
      data: options.asInner ? { loop: options.asInner } : {},
    };
    this.ctx.elements.put(element);
    this.record(element, 'ELEMENT_ACTIVATING');
    this.queue.push({ kind: 'activate', key: element.key });
    return element;
  }

  queueCompletion(element: ElementInstance): void {
    this.queue.push({ kind: 'complete', key: element.key });
  }

  private activate(element: ElementInstance): void {
    const node = this.node(element.elementId);
    this.attempt(element, { kind: 'activate', elementInstanceKey: element.key }, () => {
      const flowScopeKey = element.flowScopeKey;
      if (element.data.loop) setLoopVariables(this, element, node);
      // A multi-instance body has no mappings of its own: its inner instances do.
      if (flowScopeKey !== null && !isBody(element)) {
        asIncident('IO_MAPPING_ERROR', () =>
          applyInputMappings(this.ctx, this.keys, element.key, flowScopeKey, node.inputMappings),
        );
      }
      // Boundary events listen on the body of a multi-instance activity, not on its inner ones.
      if (!element.data.loop) openBoundarySubscriptions(this, element, node);
      openEventSubProcessSubscriptions(this, element, node);
      this.setState(element, 'ACTIVATED');
      this.record(element, 'ELEMENT_ACTIVATED');
      behaviourOf(element.elementType).activate(this, element, node);
    });
  }

  private complete(element: ElementInstance): void {
    const node = this.node(element.elementId);
    this.attempt(element, { kind: 'complete', elementInstanceKey: element.key }, () => {
      const flowScopeKey = element.flowScopeKey;
      if (flowScopeKey !== null && !isBody(element)) {
        asIncident('IO_MAPPING_ERROR', () =>
          applyOutputMappings(this.ctx, this.keys, element.key, flowScopeKey, node.outputMappings),
        );
      }
      const behaviour = behaviourOf(element.elementType);
      const outgoing = behaviour.outgoingFlows ? behaviour.outgoingFlows(this, element, node) : node.outgoing;
      this.setState(element, 'COMPLETED');
      this.record(element, 'ELEMENT_COMPLETED');
      behaviour.completed?.(this, element, node);
      if (flowScopeKey === null) return;
      if (element.data.loop) {
        innerCompleted(this, element, node);
        return;
      }
      for (const flowId of outgoing) this.takeFlow(flowId, flowScopeKey);
      this.completeScopeIfDone(flowScopeKey);
    });
  }

  /** Terminates an element instance and everything inside it; does not continue the flow. */
  terminate(element: ElementInstance): void {
    if (!this.isLive(element)) return;
    for (const child of this.liveChildren(element.key)) this.terminate(child);
    behaviourOf(element.elementType).terminated?.(this, element);
    for (const incident of this.ctx.incidents.rows.values()) {
      if (incident.elementInstanceKey === element.key && incident.state === 'ACTIVE')
        this.resolveIncident(incident);
    }
    if (element.data.joins) element.data.joins = {};
    this.setState(element, 'TERMINATED');
    this.record(element, 'ELEMENT_TERMINATED');
  }

  /** Applies variables a job, user task, message or script delivered (Zeebe's merge rule). */
  applyCompletionVariables(element: ElementInstance, variables: Record<string, unknown>): void {
    const node = this.node(element.elementId);
    if (node.outputMappings.length > 0) setLocalVariables(this.ctx, this.keys, element.key, variables);
    else propagateVariables(this.ctx, this.keys, element.key, variables);
  }

  // ---- flow ------------------------------------------------------------------------------

  takeFlow(flowId: string, flowScopeKey: string): void {
    const flow = this.ctx.graph.flows.get(flowId);
    if (!flow) throw new Error(`sequence flow '${flowId}' is not in the process`);
    this.recordFlow(flowId, flowScopeKey);
    const target = this.node(flow.targetId);
    const isJoin =
      (target.type === 'parallelGateway' || target.type === 'inclusiveGateway') && target.incoming.length > 1;
    if (isJoin) arriveAtJoin(this, target, flowId, flowScopeKey);
    else this.createElement(target.id, flowScopeKey);
  }

  liveChildren(scopeKey: string): ElementInstance[] {
    const children: ElementInstance[] = [];
    for (const element of this.ctx.elements.rows.values()) {
      if (element.flowScopeKey === scopeKey && LIVE_ELEMENT_STATES.includes(element.state))
        children.push(element);
    }
    return children;
  }

  /** A flow scope completes when nothing in it is live and no token waits at a join. */
  completeScopeIfDone(scopeKey: string): void {
    const scope = this.element(scopeKey);
    // Multi-instance bodies decide their own completion (multi-instance.ts).
    if (scope.state !== 'ACTIVATED' || isBody(scope)) return;
    if (this.liveChildren(scopeKey).length > 0) return;
    // Nothing else can move: an inclusive join still waiting for flows that can no longer come fires now.
    if (fireSatisfiedInclusiveJoins(this, scope)) return;
    if (hasWaitingTokens(scope)) return;
    this.queueCompletion(scope);
  }

  // ---- incidents -------------------------------------------------------------------------

  /** Runs a step; an expression failure or incident signal leaves the element where it is. */
  private attempt(element: ElementInstance, retry: RetryStep, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof FeelError)
        this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', error.message, retry);
      else if (error instanceof IncidentSignal)
        this.raiseIncident(element, error.errorType, error.message, retry);
      else throw error;
    }
  }

  raiseIncident(
    element: ElementInstance,
    errorType: IncidentType,
    message: string,
    retry: RetryStep | null,
    jobKey: string | null = null,
  ): Incident {
    const incident: Incident = {
      key: this.keys.take(),
      state: 'ACTIVE',
      errorType,
      errorMessage: message,
      processInstanceKey: this.ctx.instance.key,
      elementInstanceKey: element.key,
      elementId: element.elementId,
      bpmnProcessId: this.ctx.instance.bpmnProcessId,
      processDefinitionKey: this.ctx.instance.processDefinitionKey,
      jobKey,
      retry,
      createdAt: this.ctx.now,
      resolvedAt: null,
    };
    this.ctx.incidents.put(incident);
    this.recordIncident(incident, 'CREATED');
    return incident;
  }

  resolveIncident(incident: Incident): void {
    incident.state = 'RESOLVED';
    incident.resolvedAt = this.ctx.now;
    this.ctx.incidents.touch(incident);
    this.recordIncident(incident, 'RESOLVED');
  }

  /** Re-runs the step an incident interrupted. */
  retry(step: RetryStep): void {
    if (step.kind === 'job') return;
    this.queue.push({ kind: step.kind, key: step.elementInstanceKey });
  }

  // ---- records ---------------------------------------------------------------------------

  setState(element: ElementInstance, state: ElementInstance['state']): void {
    element.state = state;
    if (state === 'COMPLETED' || state === 'TERMINATED') {
      element.endedAt = this.ctx.now;
      closeSubscriptionsOf(this, element.key);
    }
    this.ctx.elements.touch(element);
  }

  record(element: ElementInstance, intent: string): void {
    this.ctx.records.push({
      key: element.key,
      valueType: 'PROCESS_INSTANCE',
      intent,
      processInstanceKey: this.ctx.instance.key,
      timestamp: this.ctx.now,
      value: {
        bpmnProcessId: this.ctx.instance.bpmnProcessId,
        processDefinitionKey: this.ctx.instance.processDefinitionKey,
        version: this.ctx.instance.version,
        elementId: element.elementId,
        bpmnElementType: bpmnElementType(element.elementType),
        flowScopeKey: element.flowScopeKey,
      },
    });
  }

  private recordFlow(flowId: string, flowScopeKey: string): void {
    this.ctx.records.push({
      key: this.keys.take(),
      valueType: 'PROCESS_INSTANCE',
      intent: 'SEQUENCE_FLOW_TAKEN',
      processInstanceKey: this.ctx.instance.key,
      timestamp: this.ctx.now,
      value: { bpmnProcessId: this.ctx.instance.bpmnProcessId, elementId: flowId, flowScopeKey },
    });
  }

  private recordIncident(incident: Incident, intent: string): void {
    this.ctx.records.push({
      key: incident.key,
      valueType: 'INCIDENT',
      intent,
      processInstanceKey: incident.processInstanceKey,
      timestamp: this.ctx.now,
      value: {
        errorType: incident.errorType,
        errorMessage: incident.errorMessage,
        elementId: incident.elementId,
        elementInstanceKey: incident.elementInstanceKey,
        jobKey: incident.jobKey,
      },
    });
  }
}

/** Converted once per type: every element's records name it. */
const elementTypeNames = new Map<ElementInstanceType, string>();

/** Zeebe's names for element types, as in records and the REST API. */
export function bpmnElementType(type: ElementInstanceType): string {
  let name = elementTypeNames.get(type);
  if (name === undefined) {
    if (type === 'process') name = 'PROCESS';
    else if (type === 'multiInstanceBody') name = 'MULTI_INSTANCE_BODY';
    else if (type === 'eventSubProcess') name = 'EVENT_SUB_PROCESS';
    else name = type.replace(/([A-Z])/g, '_$1').toUpperCase();
    elementTypeNames.set(type, name);
  }
  return name;
}
