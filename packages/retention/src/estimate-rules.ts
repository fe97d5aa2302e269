import { newestStoredMs } from './clock-check.js';
import type { RetentionRule } from './retention-rule.js';
import { estimateDatabaseBytes } from './rule-result.js';
import { estimatePlan } from './rule-runner.js';
import {
  contextOf,
  isPostponed,
  planOf,
  type RunEnv,
} from './run-retention.js';
import type { CleanupEstimate, RuleEstimate } from './types.js';

/**
 * What each rule would delete now: the same batches a real run walks,
 * read without writing. Postponed rules estimate nothing.
 */
export async function estimateRules(
  rules: RetentionRule[],
  env: RunEnv,
): Promise<CleanupEstimate> {
  const newest = await env.db.withConnection(newestStoredMs);
  const estimates: RuleEstimate[] = [];
  for (const rule of rules) {
    const blank = { ruleId: rule.ruleId, items: {}, fileBytes: 0 };
    if (isPostponed(rule, env, newest)) {
      estimates.push({ ...blank, databaseBytes: 0, postponed: true });
      continue;
    }
    const outcome = await estimatePlan(await planOf(rule, env), {
      ...contextOf(env),
      deadline: Number.POSITIVE_INFINITY,
    });
    estimates.push({
      ...blank,
      items: outcome.items,
      fileBytes: outcome.fileBytes,
      databaseBytes: await estimateDatabaseBytes(env.db, outcome.items),
      postponed: false,
    });
  }
  return { rules: estimates, total: totalOf(estimates) };
}

function totalOf(estimates: RuleEstimate[]): CleanupEstimate['total'] {
  const items: Record<string, number> = {};
  let fileBytes = 0;
  let databaseBytes = 0;
  for (const estimate of estimates) {
    for (const [entity, n] of Object.entries(estimate.items)) {
      items[entity] = (items[entity] ?? 0) + n;
    }
    fileBytes += estimate.fileBytes;
    databaseBytes += estimate.databaseBytes;
  }
  return { items, fileBytes, databaseBytes };
}
