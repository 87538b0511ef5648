export { startGrpcGateway, type GrpcGateway, type GrpcGatewayConfig } from './server.js';
export { DEFAULT_GATEWAY_OPTIONS, GATEWAY_VERSION, type GatewayOptions } from './context.js';
export { loadGatewayService, resolveGatewayProtoPath, PROTO_LOADER_OPTIONS } from './proto.js';
