export { createEngineRestApp, type EngineRestConfig } from './app.js';
export { startEngineRest, type EngineRestServer, type EngineRestServerConfig } from './server.js';
export { HttpProblem, parseBody, problemMiddleware, type ProblemDetail } from './problem.js';
