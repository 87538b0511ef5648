export {
  ConfigError,
  EMBEDDED_ENGINE_HOST,
  loadConfig,
  type AppConfig,
  type CamundaAuth,
  type EngineMode,
  type LogLevel,
  type NodeEnv,
  type TrustProxy,
} from './config.js';
