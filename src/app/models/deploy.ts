// Deploys one uploaded model or form through the Camunda client, after the lint: a model with an
// error is refused (422) with the report per element, and nothing is deployed. The engine keeps
// an unchanged file at its version; a changed one becomes the next version.
import { recordAudit } from '../../domain/audit/index.js';
import type { ApiDeps } from '../api/deps.js';
import { callEngine, engineStatus } from '../engine/rest.js';
import type { Actor } from '../process/process-actions.js';
import { ProblemError, type ProblemDetails } from '../problem.js';
import type { ModelResource } from './model-body.js';
import { lintResource, type LintItem, type LintResult } from './model-lint.js';

type DeploymentInput = Parameters<ApiDeps['engine']['createDeployment']>[0];

export const MODEL_INVALID = 'urn:xinfang-flow:problem:model-invalid';

function refused(detail: string, report: LintItem[]): ProblemError {
  const problem: ProblemDetails & { report: LintItem[] } = {
    type: MODEL_INVALID,
    title: '模型未通过检查',
    status: 422,
    detail,
    errors: report
      .filter((item) => item.category === 'error' || item.category === 'rule-error')
      .map((item) => ({ field: item.elementId || '(model)', message: `${item.message}（${item.rule}）` })),
    report,
  };
  return new ProblemError(problem);
}

export async function deployModel(deps: ApiDeps, resource: ModelResource, actor: Actor) {
  const lint: LintResult = await lintResource(deps, resource);
  if (!lint.ok) {
    throw refused(
      `${resource.fileName} 有 ${lint.errorCount} 处错误，未部署。请按检查结果修改后再部署。`,
      lint.items,
    );
  }
  const file = new File([resource.content], resource.fileName, {
    type: resource.kind === 'form' ? 'application/json' : 'application/xml',
  });
  let deployment: Awaited<ReturnType<ApiDeps['engine']['createDeployment']>>;
  try {
    deployment = await callEngine(() =>
      deps.engine.createDeployment({ resources: [file] as unknown as DeploymentInput['resources'] }),
    );
  } catch (error: unknown) {
    if (engineStatus(error) !== 400) throw error;
    const detail = (error as { detail?: unknown } | null)?.detail;
    throw refused(
      `流程引擎拒绝部署 ${resource.fileName}${typeof detail === 'string' && detail !== '' ? `：${detail}` : '。'}`,
      lint.items,
    );
  }
  const processes = deployment.processes.map((p) => ({
    processDefinitionId: String(p.processDefinitionId),
    processDefinitionKey: String(p.processDefinitionKey),
    version: Number(p.processDefinitionVersion),
    resourceName: String(p.resourceName),
  }));
  const forms = deployment.forms.map((f) => ({
    formId: String(f.formId),
    formKey: String(f.formKey),
    version: Number(f.version),
  }));
  await recordAudit(deps.db, {
    at: deps.clock(),
    actor: actor.user.username,
    action: 'model.deployed',
    target: processes[0]?.processDefinitionId ?? forms[0]?.formId ?? resource.fileName,
    details: {
      fileName: resource.fileName,
      kind: resource.kind,
      processes,
      forms,
      warnings: lint.warningCount,
    },
    ip: actor.ip,
  });
  return { fileName: resource.fileName, kind: resource.kind, processes, forms, lint };
}
