// Starts the gateway over a FakeEngine and connects the real @camunda8/sdk to it.
import { Writable } from 'node:stream';
import { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import { pino } from 'pino';
import {
  startGrpcGateway,
  type GatewayOptions,
  type GrpcGateway,
} from '../../../src/engine/gateway/index.js';
import { FakeEngine } from './fake-engine.js';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;
type ZeebeGrpcSettings = NonNullable<
  NonNullable<ConstructorParameters<typeof Camunda8>[0]>['zeebeGrpcSettings']
>;

export interface LogLine {
  level: number;
  msg: string;
  method?: string;
  err?: { message: string };
}

export interface Harness {
  engine: FakeEngine;
  gateway: GrpcGateway;
  zbc: ZeebeClient;
  /** Everything the gateway logged, parsed. */
  logs: LogLine[];
  /** Another SDK client on the same gateway (closed by `close`). */
  client(options?: { tenantId?: string; settings?: ZeebeGrpcSettings }): ZeebeClient;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<GatewayOptions> = {}): Promise<Harness> {
  const engine = new FakeEngine();
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim() !== '') logs.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const gateway = await startGrpcGateway({ engine, host: '127.0.0.1', port: 0, logger, options });
  const clients: ZeebeClient[] = [];
  const client = ({ tenantId, settings }: { tenantId?: string; settings?: ZeebeGrpcSettings } = {}) => {
    const zbc = new Camunda8({
      ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${gateway.port}`,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      ...(tenantId === undefined ? {} : { CAMUNDA_TENANT_ID: tenantId }),
      // TLS follows the address scheme (grpc:// = plaintext); the SDK warns that
      // CAMUNDA_SECURE_CONNECTION is deprecated and ignored next to it.
      zeebeGrpcSettings: {
        ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
        // Errors reach the test instead of being retried (the SDK retries UNAVAILABLE and
        // DEADLINE_EXCEEDED forever by default).
        ZEEBE_GRPC_CLIENT_RETRY: false,
        ...settings,
      },
    }).getZeebeGrpcApiClient();
    clients.push(zbc);
    return zbc;
  };
  const zbc = client();
  return {
    engine,
    gateway,
    zbc,
    logs,
    client,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await gateway.stop();
    },
  };
}

/** A minimal Camunda 8.8 process: start → one service task per type (in order) → end. */
export function serviceTaskProcess(processId: string, ...taskTypes: string[]): Buffer {
  const tasks = taskTypes.map(
    (type, index) => `
    <bpmn:serviceTask id="task_${index}">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" /></bpmn:extensionElements>
      <bpmn:incoming>flow_${index}</bpmn:incoming>
      <bpmn:outgoing>flow_${index + 1}</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="flow_${index + 1}" sourceRef="task_${index}" targetRef="${index + 1 < taskTypes.length ? `task_${index + 1}` : 'end'}" />`,
  );
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn"
  modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>flow_0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="flow_0" sourceRef="start" targetRef="${taskTypes.length > 0 ? 'task_0' : 'end'}" />${tasks.join('')}
    <bpmn:endEvent id="end"><bpmn:incoming>flow_${taskTypes.length}</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`);
}

interface GrpcErrorLike {
  code: number;
  details: string;
}

/** Awaits a rejection with gRPC status `code` whose details match `details`. */
export async function expectGrpcError(
  promise: Promise<unknown>,
  code: number,
  details: RegExp,
): Promise<GrpcErrorLike> {
  let error: unknown;
  try {
    await promise;
  } catch (thrown: unknown) {
    error = thrown;
  }
  expect(error, 'expected the call to fail').to.be.an('error');
  const grpcError = error as GrpcErrorLike;
  expect({ code: grpcError.code, details: grpcError.details }).to.deep.include({ code });
  expect(grpcError.details).to.match(details);
  return grpcError;
}
