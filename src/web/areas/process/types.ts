// The answers of the process and model routes this area reads (src/app/process/process-view.ts,
// src/app/models/catalog.ts, src/app/models/deploy.ts, src/app/models/model-lint.ts).

export interface ElementInstance {
  key: string;
  elementId: string;
  elementName: string | null;
  /** SERVICE_TASK, USER_TASK, PROCESS … as the engine names them. */
  type: string;
  /** ACTIVE, COMPLETED or TERMINATED. */
  state: string;
  startDate: string | null;
  endDate: string | null;
  incidentKey: string | null;
}

export interface Incident {
  key: string;
  elementId: string;
  elementInstanceKey: string;
  /** JOB_NO_RETRIES, IO_MAPPING_ERROR … */
  type: string;
  message: string;
  jobKey: string | null;
  /** ACTIVE, RESOLVED … */
  state: string;
  createdAt: string | null;
}

export interface ProcessInstance {
  key: string;
  processDefinitionId: string;
  processDefinitionName: string | null;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  state: string;
  startDate: string | null;
  endDate: string | null;
  parentProcessInstanceKey: string | null;
  hasIncident: boolean;
  bpmnXml: string;
  elements: ElementInstance[];
  activeElementIds: string[];
  sequenceFlows: string[];
  sequenceFlowsSource: 'engine' | 'derived';
  incidents: Incident[];
}

export type HistoryEntry =
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

export interface PetitionProcess {
  petition: { number: string; title: string; stage: string };
  instances: ProcessInstance[];
  history: HistoryEntry[];
}

export interface ProcessVersion {
  key: string;
  version: number;
  resourceName: string | null;
  deployedAt: string | null;
  deployedBy: string | null;
  runningInstances: number;
}

export interface ProcessModel {
  processDefinitionId: string;
  name: string | null;
  latestVersion: number;
  versions: ProcessVersion[];
}

export interface FormModel {
  formId: string;
  fileName: string | null;
  versions: { key: string; version: number; deployedAt: string; deployedBy: string | null }[];
  usedBy: { processDefinitionId: string; version: number; elementIds: string[] }[];
}

export interface ModelCatalog {
  processes: ProcessModel[];
  forms: FormModel[];
}

export interface LintItem {
  /** '' for the whole file. */
  elementId: string;
  rule: string;
  message: string;
  /** error, rule-error, warn … */
  category: string;
}

export interface LintResult {
  fileName: string;
  kind: 'bpmn' | 'form';
  ok: boolean;
  errorCount: number;
  warningCount: number;
  items: LintItem[];
}

export interface DeployResult {
  fileName: string;
  kind: 'bpmn' | 'form';
  processes: { processDefinitionId: string; processDefinitionKey: string; version: number }[];
  forms: { formId: string; formKey: string; version: number }[];
  lint: LintResult;
}
