// Loads the Zeebe gateway service definition from the proto file shipped in the installed
// @camunda8/sdk package, so the gateway speaks exactly the protocol the client was built against.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';

/**
 * Same conversions as the SDK's client: int64 fields arrive as decimal strings (lossless), enums
 * as their names, absent fields as proto3 defaults, and a set oneof names its field.
 */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Absolute path of `zeebe.proto` inside the installed SDK package. */
export function resolveGatewayProtoPath(): string {
  const require = createRequire(import.meta.url);
  const sdkRoot = dirname(require.resolve('@camunda8/sdk/package.json'));
  const protoPath = join(sdkRoot, 'dist', 'proto', 'zeebe.proto');
  if (!existsSync(protoPath)) {
    throw new Error(`The Zeebe gateway proto was not found at ${protoPath}; is @camunda8/sdk installed?`);
  }
  return protoPath;
}

/** The `gateway_protocol.Gateway` service definition, ready for `Server.addService`. */
export function loadGatewayService(protoPath = resolveGatewayProtoPath()): ServiceDefinition {
  const packageDefinition = loadSync(protoPath, PROTO_LOADER_OPTIONS);
  const grpcObject = loadPackageDefinition(packageDefinition);
  const protocol = grpcObject['gateway_protocol'];
  const gateway =
    protocol && typeof protocol === 'object' && 'Gateway' in protocol ? protocol.Gateway : undefined;
  if (typeof gateway !== 'function' || !('service' in gateway)) {
    throw new Error(`${protoPath} does not define the service gateway_protocol.Gateway`);
  }
  return gateway.service;
}
