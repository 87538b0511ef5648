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

export interface EngineClockState {
  /** Current engine time, epoch ms. */
  instant: number;
  /** 'system', 'pinned' or 'offset'. */
  mode: 'system' | 'pinned' | 'offset';
  offsetMilli: number;
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

  /** Activates what is activatable now; never waits. */
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>;
  /** Resolves when jobs of this type may have become activatable, or when the signal aborts. */
  waitForJobs(type: string, signal: AbortSignal): Promise<void>;
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
