export {
  APP,
  DIST_CLI,
  bundleCli,
  removeBundle,
  runCli,
  useBundledCli,
  type CliRun,
  type RunCliOptions,
} from './cli.js';
export { digestFile, digestRows, withDatabase } from './database.js';
