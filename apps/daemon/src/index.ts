export { buildProgram, runCli } from './program.js';
export {
  defaultConfig,
  loadConfig,
  type LoadConfigOptions,
  type StenoConfig,
} from './config/load-config.js';
