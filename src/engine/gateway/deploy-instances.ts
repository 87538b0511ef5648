// DeployResource and the process-instance commands: create, create with result, cancel.
import { status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { CreateInstanceRequest, DeploymentResult } from '../api.js';
import { invalidArgument } from '../errors.js';
import { DEFAULT_TENANT, type GatewayContext } from './context.js';
import { checkTenant, int64ToNumber, isUnsetKey, parseVariables } from './fields.js';
import type {
  CancelProcessInstanceRequest,
  CreateProcessInstanceRequest,
  CreateProcessInstanceResponse,
  CreateProcessInstanceWithResultRequest,
  CreateProcessInstanceWithResultResponse,
  DeployResourceRequest,
  DeployResourceResponse,
  Empty,
} from './messages.js';
import { GatewayStatusError, unary } from './status.js';

/** Process and form entries, in the order their resources were sent. */
function deploymentEntries(
  result: DeploymentResult,
  resourceNames: string[],
): DeployResourceResponse['deployments'] {
  const entries: { index: number; entry: DeployResourceResponse['deployments'][number] }[] = [];
  const indexOf = (name: string) => {
    const index = resourceNames.indexOf(name);
    return index === -1 ? resourceNames.length : index;
  };
  for (const process of result.processes) {
    entries.push({
      index: indexOf(process.resourceName),
      entry: {
        process: {
          bpmnProcessId: process.bpmnProcessId,
          version: process.version,
          processDefinitionKey: process.processDefinitionKey,
          resourceName: process.resourceName,
          tenantId: DEFAULT_TENANT,
        },
      },
    });
  }
  for (const form of result.forms) {
    entries.push({
      index: indexOf(form.resourceName),
      entry: {
        form: {
          formId: form.formId,
          version: form.version,
          formKey: form.formKey,
          resourceName: form.resourceName,
          tenantId: DEFAULT_TENANT,
        },
      },
    });
  }
  return entries.sort((a, b) => a.index - b.index).map(({ entry }) => entry);
}

/** The engine request for CreateProcessInstance(WithResult); the key wins over the id, as in Zeebe. */
function toCreateInstanceRequest(
  request: CreateProcessInstanceRequest,
  method: string,
): CreateInstanceRequest {
  checkTenant(request.tenantId, method);
  if (request.startInstructions.length > 0) {
    throw new GatewayStatusError(
      status.UNIMPLEMENTED,
      `${method} with startInstructions is not supported by the embedded engine`,
    );
  }
  const variables = parseVariables(request.variables);
  if (!isUnsetKey(request.processDefinitionKey)) {
    return { processDefinitionKey: request.processDefinitionKey, variables };
  }
  if (request.bpmnProcessId.trim() === '') {
    throw invalidArgument(
      `Expected ${method} with a bpmnProcessId or a processDefinitionKey, but neither was given`,
    );
  }
  // proto3 sends 0 for an absent version; Zeebe clients send -1 for "latest".
  return {
    bpmnProcessId: request.bpmnProcessId,
    version: request.version > 0 ? request.version : -1,
    variables,
  };
}

export function deployInstanceHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  const { engine } = ctx;
  return {
    DeployResource: unary<DeployResourceRequest, DeployResourceResponse>(
      ctx,
      'DeployResource',
      async (request) => {
        checkTenant(request.tenantId, 'DeployResource');
        if (request.resources.length === 0) {
          throw invalidArgument('Expected to deploy at least one resource, but none was given');
        }
        const resources = request.resources.map((resource, index) => {
          if (resource.name.trim() === '')
            throw invalidArgument(`resources[${index}].name must not be blank`);
          const content = Buffer.isBuffer(resource.content)
            ? resource.content
            : Buffer.from(resource.content);
          return { name: resource.name, content };
        });
        const result = await engine.deployResources(resources);
        return {
          key: result.key,
          deployments: deploymentEntries(
            result,
            resources.map((resource) => resource.name),
          ),
          tenantId: DEFAULT_TENANT,
        };
      },
    ),

    CreateProcessInstance: unary<CreateProcessInstanceRequest, CreateProcessInstanceResponse>(
      ctx,
      'CreateProcessInstance',
      async (request) => {
        const created = await engine.createProcessInstance(
          toCreateInstanceRequest(request, 'CreateProcessInstance'),
        );
        return { ...created, tenantId: DEFAULT_TENANT };
      },
    ),

    CreateProcessInstanceWithResult: unary<
      CreateProcessInstanceWithResultRequest,
      CreateProcessInstanceWithResultResponse
    >(ctx, 'CreateProcessInstanceWithResult', async (request) => {
      if (request.request === null) {
        throw invalidArgument('Expected CreateProcessInstanceWithResult with a request, but none was given');
      }
      const create = toCreateInstanceRequest(request.request, 'CreateProcessInstanceWithResult');
      const requested = int64ToNumber(request.requestTimeout, 'requestTimeout');
      const timeoutMs = requested > 0 ? requested : ctx.options.defaultRequestTimeoutMs;
      const fetchVariables = request.fetchVariables.length > 0 ? request.fetchVariables : undefined;
      const completed = await engine.createProcessInstanceWithResult(create, { timeoutMs, fetchVariables });
      return {
        processDefinitionKey: completed.processDefinitionKey,
        bpmnProcessId: completed.bpmnProcessId,
        version: completed.version,
        processInstanceKey: completed.processInstanceKey,
        variables: JSON.stringify(completed.variables),
        tenantId: DEFAULT_TENANT,
      };
    }),

    CancelProcessInstance: unary<CancelProcessInstanceRequest, Empty>(
      ctx,
      'CancelProcessInstance',
      async (request) => {
        await engine.cancelProcessInstance(request.processInstanceKey);
        return {};
      },
    ),
  };
}
