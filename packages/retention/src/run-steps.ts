import type { Database } from '@steno/db';
import { countAfterSql, type RulePlan } from './rule-plan.js';
import type { RuleOutcome, RunContext } from './rule-runner.js';
import { numberSql } from './sql.js';

/** Marks `outcome` unfinished and counts what the rule left. */
export async function stopEarly(
  outcome: RuleOutcome,
  context: RunContext,
  plan: RulePlan,
  after: number,
): Promise<RuleOutcome> {
  outcome.complete = false;
  outcome.remaining = await countRemaining(context.db, plan, after);
  return outcome;
}

/** Logs one committed batch at debug level. */
export function logBatch(
  context: RunContext,
  plan: RulePlan,
  after: number,
  files: number,
): void {
  context.logger.debug(
    { job: 'retention', rule_id: plan.rule.ruleId, after, files },
    'batch committed',
  );
}

async function countRemaining(
  db: Database,
  plan: RulePlan,
  after: number,
): Promise<number> {
  const query = countAfterSql(plan, after);
  return db.withConnection((c) => numberSql(c, query.sql, query.params));
}

/** An outcome with nothing done yet. */
export function emptyOutcome(): RuleOutcome {
  return { items: {}, fileBytes: 0, files: [], complete: true, remaining: 0 };
}
