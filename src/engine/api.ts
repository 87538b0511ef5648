// The one surface of the embedded engine. The gRPC gateway and the REST router are thin adapters
// over it; nothing outside src/engine calls the runtime or the store directly.
// Keys are Zeebe-style int64 values carried as decimal strings.

export type Variables = Record<string, unknown>;

export interface Resource {
  name: string;
  content: Buffer;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
}

export interface DeploymentResult {
  key: string;
  processes: DeployedProcess[];
  forms: DeployedForm[];
}

export interface CreateInstanceRequest {
  bpmnProcessId?: string;
  processDefinitionKey?: string;
  /** -1 or undefined: the latest version. */
  version?: number;
  variables?: Variables;
}

export interface CreatedInstance {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
}

export interface CompletedInstance extends CreatedInstance {
  variables: Variables;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  /** How long the job stays locked to this worker, in ms. */
  timeout: number;
  maxJobsToActivate: number;
  /** Only these variables; empty or undefined: all visible variables. */
  fetchVariable?: string[];
}

export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** Engine time in ms when the lock ends. */
  deadline: number;
  variables: Variables;
  tenantId: string;
}

export interface FailJobRequest {
  jobKey: string;
  retries: number;
  errorMessage?: string;
  /** ms before the job can be activated again. */
  retryBackOff?: number;
  variables?: Variables;
}

export interface ThrowErrorRequest {
  jobKey: string;
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey?: string;
  /** ms the message waits in the buffer for a subscription; 0 = now or never. */
  timeToLive?: number;
  /** Unique among buffered messages of the same name; a duplicate is rejected (ALREADY_EXISTS). */
  messageId?: string;
  variables?: Variables;
}

export interface ModifyInstanceRequest {
  processInstanceKey: string;
  /** Elements to start, each inside a live instance of its flow scope. */
  activate?: {
    elementId: string;
    /** The flow-scope instance to start it in, when more than one is live. */
    ancestorElementInstanceKey?: string;
    variables?: { scopeId?: string; variables: Variables }[];
  }[];
  /** Element instances to end (with everything inside them). */
  terminate?: { elementInstanceKey: string }[];
}

export interface MigrateInstanceRequest {
  processInstanceKey: string;
  targetProcessDefinitionKey: string;
  /** Each live element is moved to the target element of the same kind it is mapped to. */
  mappingInstructions: { sourceElementId: string; targetElementId: string }[];
}

export interface EngineClockState {
  /** Current engine time, epoch ms. */
  instant: number;
  /** 'system', 'pinned' or 'offset'. */
  mode: 'system' | 'pinned' | 'offset';
  offsetMilli: number;
}

/** A wait for jobs of one type (see `EngineApi.waitForJobs`). */
export interface JobWait {
  /**
   * Jobs the engine activated for this wait (after `accept`), or [] when jobs of the type may have
   * become activatable, the engine's own recheck interval passed or the signal aborted. Never rejects.
   * Once jobs are on their way, an abort no longer ends the wait: the jobs still arrive.
   */
  readonly result: Promise<ActivatedJob[]>;
  /**
   * From now on a command that creates jobs of the type may activate them for `request` and hand
   * them to this wait. False when the wait has already ended.
   */
  accept(request: ActivateJobsRequest): boolean;
  /**
   * How often, up to this wait's registration, jobs of the type were announced as left for
   * pollers to claim (made activatable without going to a waiting call, or the clock moved). Two
   * waits with the same mark saw no such announcement in between: every job of the type that
   * became activatable meanwhile went straight to a waiting call. Engines that cannot tell leave
   * it out, and callers then look in the database every time.
   */
  readonly mark?: number;
}

export interface EngineApi {
  deployResources(resources: Resource[]): Promise<DeploymentResult>;
  createProcessInstance(request: CreateInstanceRequest): Promise<CreatedInstance>;
  /** Resolves when the instance completes; rejects with DEADLINE_EXCEEDED after `timeoutMs`. */
  createProcessInstanceWithResult(
    request: CreateInstanceRequest,
    options: { timeoutMs: number; fetchVariables?: string[] },
  ): Promise<CompletedInstance>;
  cancelProcessInstance(processInstanceKey: string): Promise<void>;
  modifyProcessInstance(request: ModifyInstanceRequest): Promise<void>;
  migrateProcessInstance(request: MigrateInstanceRequest): Promise<void>;

  /** Publishes a message; it correlates now or waits in the buffer for its time-to-live. */
  publishMessage(request: PublishMessageRequest): Promise<{ key: string }>;
  /** Correlates a message now (REST /v2/messages/correlation); NOT_FOUND when nothing waits for it. */
  correlateMessage(
    request: Omit<PublishMessageRequest, 'timeToLive' | 'messageId'>,
  ): Promise<{ messageKey: string; processInstanceKey: string }>;
  broadcastSignal(request: { signalName: string; variables?: Variables }): Promise<{ key: string }>;

  /** Activates what is activatable now; never waits. */
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>;
  /**
   * Waits until jobs of this type may have become activatable, or the signal aborts. Register it
   * before asking `activateJobs`, so that jobs created meanwhile are not missed.
   */
  waitForJobs(type: string, signal: AbortSignal): JobWait;
  completeJob(jobKey: string, variables?: Variables): Promise<void>;
  failJob(request: FailJobRequest): Promise<void>;
  throwError(request: ThrowErrorRequest): Promise<void>;
  updateJobRetries(jobKey: string, retries: number): Promise<void>;
  updateJobTimeout(jobKey: string, timeout: number): Promise<void>;

  /** Returns the key of the variable document record. */
  setVariables(elementInstanceKey: string, variables: Variables, local: boolean): Promise<string>;
  resolveIncident(incidentKey: string): Promise<void>;
  completeUserTask(userTaskKey: string, variables?: Variables): Promise<void>;

  clock(): EngineClockState;
  pinClock(epochMs: number): Promise<EngineClockState>;
  addClockOffset(offsetMilli: number): Promise<EngineClockState>;
  resetClock(): Promise<EngineClockState>;
}
