export {
  ConfigError,
  EMBEDDED_ENGINE_HOST,
  loadConfig,
  type AppConfig,
  type CamundaAuth,
  type EngineMode,
  type LogLevel,
  type NodeEnv,
} from './config.js';
