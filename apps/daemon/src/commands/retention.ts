import type { RegisterCommands } from './index.js';

/** Registers steno retention estimate|apply. */
export const registerRetentionCommands: RegisterCommands = () => {
  // Not built yet: this group lands with its package's issue.
};
