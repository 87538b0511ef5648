// A bare grpc-js client of the gateway service, for what the SDK cannot send: cancelled polls,
// deprecated RPCs, malformed documents, int64 fields as they are on the wire.
import {
  credentials,
  loadPackageDefinition,
  type ChannelCredentials,
  type Client,
  type ClientReadableStream,
  type GrpcObject,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, resolveGatewayProtoPath } from '../../../src/engine/gateway/index.js';

type UnaryMethod = (
  request: object,
  callback: (error: ServiceError | null, response?: unknown) => void,
) => void;

export interface RawGateway extends Client {
  ActivateJobs(request: object): ClientReadableStream<{ jobs: { key: string; deadline: string }[] }>;
  DeployProcess: UnaryMethod;
  PublishMessage: UnaryMethod;
  BroadcastSignal: UnaryMethod;
  ModifyProcessInstance: UnaryMethod;
  MigrateProcessInstance: UnaryMethod;
}

export function rawClient(port: number): RawGateway {
  const definition = loadPackageDefinition(loadSync(resolveGatewayProtoPath(), PROTO_LOADER_OPTIONS));
  const protocol = definition.gateway_protocol as GrpcObject;
  const Gateway = protocol.Gateway as unknown as new (
    address: string,
    creds: ChannelCredentials,
  ) => RawGateway;
  return new Gateway(`127.0.0.1:${port}`, credentials.createInsecure());
}

type UnaryName =
  'DeployProcess' | 'PublishMessage' | 'BroadcastSignal' | 'ModifyProcessInstance' | 'MigrateProcessInstance';

/** Calls a unary RPC; resolves with the response, rejects with the ServiceError. */
export function callUnary(client: RawGateway, method: UnaryName, request: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client[method].call(client, request, (error, response) => {
      if (error) reject(error);
      else resolve(response);
    });
  });
}
