// The gateway messages as @grpc/proto-loader hands them over with PROTO_LOADER_OPTIONS: field
// names as in the proto, every field present (proto3 defaults), int64 as decimal strings.
// Only the messages the gateway serves are described. Outgoing int64 fields accept a decimal
// string or a number.

/** An int64 as it arrives: a decimal string such as "2251799813685249". */
export type Int64 = string;
/** An int64 as the gateway sends it. */
export type OutInt64 = string | number;

export type Empty = Record<string, never>;

// Topology
export interface TopologyResponse {
  brokers: {
    nodeId: number;
    host: string;
    port: number;
    partitions: {
      partitionId: number;
      role: 'LEADER' | 'FOLLOWER' | 'INACTIVE';
      health: 'HEALTHY' | 'UNHEALTHY' | 'DEAD';
    }[];
    version: string;
  }[];
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

// Deployment
export interface DeployResourceRequest {
  resources: { name: string; content: Uint8Array }[];
  tenantId: string;
}

export interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: OutInt64;
  resourceName: string;
  tenantId: string;
}

export interface FormMetadata {
  formId: string;
  version: number;
  formKey: OutInt64;
  resourceName: string;
  tenantId: string;
}

export interface DeployResourceResponse {
  key: OutInt64;
  deployments: ({ process: ProcessMetadata } | { form: FormMetadata })[];
  tenantId: string;
}

// Process instances
export interface CreateProcessInstanceRequest {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  variables: string;
  startInstructions: { elementId: string }[];
  tenantId: string;
}

export interface CreateProcessInstanceResponse {
  processDefinitionKey: OutInt64;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: OutInt64;
  tenantId: string;
}

export interface CreateProcessInstanceWithResultRequest {
  /** A message field: null when the client left it out. */
  request: CreateProcessInstanceRequest | null;
  requestTimeout: Int64;
  fetchVariables: string[];
}

export interface CreateProcessInstanceWithResultResponse extends CreateProcessInstanceResponse {
  variables: string;
}

export interface CancelProcessInstanceRequest {
  processInstanceKey: Int64;
}

// Jobs
export interface ActivateJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: Int64;
  tenantIds: string[];
}

export interface StreamActivatedJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  fetchVariable: string[];
  tenantIds: string[];
}

export interface GrpcActivatedJob {
  key: OutInt64;
  type: string;
  processInstanceKey: OutInt64;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: OutInt64;
  elementId: string;
  elementInstanceKey: OutInt64;
  /** JSON object of string values. */
  customHeaders: string;
  worker: string;
  retries: number;
  /** Epoch ms. */
  deadline: OutInt64;
  /** JSON object. */
  variables: string;
  tenantId: string;
}

export interface ActivateJobsResponse {
  jobs: GrpcActivatedJob[];
}

export interface CompleteJobRequest {
  jobKey: Int64;
  variables: string;
}

export interface FailJobRequest {
  jobKey: Int64;
  retries: number;
  errorMessage: string;
  retryBackOff: Int64;
  variables: string;
}

export interface ThrowErrorRequest {
  jobKey: Int64;
  errorCode: string;
  errorMessage: string;
  variables: string;
}

export interface UpdateJobRetriesRequest {
  jobKey: Int64;
  retries: number;
}

export interface UpdateJobTimeoutRequest {
  jobKey: Int64;
  timeout: Int64;
}

// Variables and incidents
export interface SetVariablesRequest {
  elementInstanceKey: Int64;
  variables: string;
  local: boolean;
}

export interface SetVariablesResponse {
  key: OutInt64;
}

export interface ResolveIncidentRequest {
  incidentKey: Int64;
}

// Messages and signals
export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  /** ms */
  timeToLive: Int64;
  messageId: string;
  variables: string;
  tenantId: string;
}

export interface PublishMessageResponse {
  key: OutInt64;
  tenantId: string;
}

export interface BroadcastSignalRequest {
  signalName: string;
  variables: string;
  tenantId: string;
}

export interface BroadcastSignalResponse {
  key: OutInt64;
  tenantId: string;
}

// Modification and migration of running instances
export interface ModifyProcessInstanceRequest {
  processInstanceKey: Int64;
  activateInstructions: {
    elementId: string;
    /** "0" (unset) or "-1": the one live instance of the element's flow scope. */
    ancestorElementInstanceKey: Int64;
    variableInstructions: { variables: string; scopeId: string }[];
  }[];
  terminateInstructions: { elementInstanceKey: Int64 }[];
}

export interface MigrateProcessInstanceRequest {
  processInstanceKey: Int64;
  /** A message field: null when the client left it out. */
  migrationPlan: {
    targetProcessDefinitionKey: Int64;
    mappingInstructions: { sourceElementId: string; targetElementId: string }[];
  } | null;
}
