/** How often each side of a case runs. */
export interface RunPlan {
  warmups: number;
  runs: number;
}

/**
 * One timed step: resolves to its own duration in ms when it measures
 * itself (a child process reporting its work), else is timed from here.
 */
export type Step = () => Promise<number | void>;

/** Runs `step` once and returns how long it took in ms. */
export async function timeStep(step: Step): Promise<number> {
  const started = performance.now();
  const reported = await step();
  const elapsed = performance.now() - started;
  return typeof reported === 'number' ? reported : elapsed;
}

/**
 * Times `subject` and `reference` alternately, after the warm-ups, so
 * the noise of a shared machine falls on both sides alike. `prepare`
 * runs untimed before every step, such as restoring a copied database.
 */
export async function compareSteps(
  plan: RunPlan,
  subject: Step,
  reference: Step,
  prepare: () => Promise<void> = async () => undefined,
): Promise<{ subject: number[]; reference: number[] }> {
  const times = { subject: [] as number[], reference: [] as number[] };
  for (let i = 0; i < plan.warmups + plan.runs; i++) {
    await prepare();
    const a = await timeStep(subject);
    await prepare();
    const b = await timeStep(reference);
    if (i < plan.warmups) continue;
    times.subject.push(a);
    times.reference.push(b);
  }
  return times;
}

/** Times one step `plan.runs` times after the warm-ups. */
export async function repeatStep(
  plan: RunPlan,
  step: Step,
  prepare: () => Promise<void> = async () => undefined,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < plan.warmups + plan.runs; i++) {
    await prepare();
    const ms = await timeStep(step);
    if (i >= plan.warmups) times.push(ms);
  }
  return times;
}
