// ModifyProcessInstance and MigrateProcessInstance: repairs of a running instance.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { MigrateInstanceRequest, ModifyInstanceRequest } from '../api.js';
import { invalidArgument } from '../errors.js';
import type { GatewayContext } from './context.js';
import { isUnsetKey, parseVariables, requireText } from './fields.js';
import type {
  Empty,
  Int64,
  MigrateProcessInstanceRequest,
  ModifyProcessInstanceRequest,
} from './messages.js';
import { unary } from './status.js';

/**
 * The ancestor scope of an activate instruction. Unset ("0") and -1 (what the Zeebe clients send
 * for "none") both leave the choice to the engine: the one live instance of the flow scope.
 */
function ancestorKey(value: Int64, field: string): string | undefined {
  if (isUnsetKey(value) || value === '-1') return undefined;
  if (!/^[1-9]\d*$/.test(value)) {
    throw invalidArgument(`${field} must be an element instance key, 0 or -1, got '${value}'`);
  }
  return value;
}

function toModifyRequest(request: ModifyProcessInstanceRequest): ModifyInstanceRequest {
  const method = 'ModifyProcessInstance';
  const activate = request.activateInstructions.map((instruction, i) => {
    const field = `activateInstructions[${i}]`;
    const ancestorElementInstanceKey = ancestorKey(
      instruction.ancestorElementInstanceKey,
      `${field}.ancestorElementInstanceKey`,
    );
    const variables = instruction.variableInstructions.map((variableInstruction, j) => {
      const document = parseVariables(
        variableInstruction.variables,
        `${field}.variableInstructions[${j}].variables`,
      );
      // An empty scopeId means the flow scope the element is activated in.
      return variableInstruction.scopeId === ''
        ? { variables: document }
        : { scopeId: variableInstruction.scopeId, variables: document };
    });
    return {
      elementId: requireText(instruction.elementId, `${field}.elementId`, method),
      ...(ancestorElementInstanceKey === undefined ? {} : { ancestorElementInstanceKey }),
      variables,
    };
  });
  const terminate = request.terminateInstructions.map((instruction, i) => {
    if (isUnsetKey(instruction.elementInstanceKey)) {
      throw invalidArgument(
        `Expected ${method} with an elementInstanceKey in terminateInstructions[${i}], but none was given`,
      );
    }
    return { elementInstanceKey: instruction.elementInstanceKey };
  });
  return { processInstanceKey: request.processInstanceKey, activate, terminate };
}

function toMigrateRequest(request: MigrateProcessInstanceRequest): MigrateInstanceRequest {
  const method = 'MigrateProcessInstance';
  const plan = request.migrationPlan;
  if (plan === null) {
    throw invalidArgument(`Expected ${method} with a migrationPlan, but none was given`);
  }
  if (isUnsetKey(plan.targetProcessDefinitionKey)) {
    throw invalidArgument(
      `Expected ${method} with a migrationPlan.targetProcessDefinitionKey, but none was given`,
    );
  }
  const mappingInstructions = plan.mappingInstructions.map((mapping, i) => {
    const field = `migrationPlan.mappingInstructions[${i}]`;
    return {
      sourceElementId: requireText(mapping.sourceElementId, `${field}.sourceElementId`, method),
      targetElementId: requireText(mapping.targetElementId, `${field}.targetElementId`, method),
    };
  });
  return {
    processInstanceKey: request.processInstanceKey,
    targetProcessDefinitionKey: plan.targetProcessDefinitionKey,
    mappingInstructions,
  };
}

export function modifyMigrateHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  const { engine } = ctx;
  return {
    ModifyProcessInstance: unary<ModifyProcessInstanceRequest, Empty>(
      ctx,
      'ModifyProcessInstance',
      async (request) => {
        await engine.modifyProcessInstance(toModifyRequest(request));
        return {};
      },
    ),

    MigrateProcessInstance: unary<MigrateProcessInstanceRequest, Empty>(
      ctx,
      'MigrateProcessInstance',
      async (request) => {
        await engine.migrateProcessInstance(toMigrateRequest(request));
        return {};
      },
    ),
  };
}
