// Shared by both models' fits: what counts as a usable maximum.
import { ClvError } from './errors.js';
import { minimizeBfgs, type Minimum, type Objective } from './minimize.js';

/** Beyond e^±20 a parameter is running off to a boundary: the data do not pin the model down. */
const LOG_PARAMETER_LIMIT = 20;

/**
 * Minimises from each start in turn and keeps the first converged optimum inside the limits; the
 * later starts are there for data on which the first one wanders off. Throws `clv_fit_failed`
 * naming the model when none converges.
 */
export function fitLogParameters(model: string, objective: Objective, starts: readonly number[][]): Minimum {
  for (const start of starts) {
    const found = minimizeBfgs(objective, start);
    if (found.converged && usable(found)) return found;
  }
  throw new ClvError(
    'clv_fit_failed',
    `${model} did not converge to a finite maximum likelihood; the data do not identify its parameters (too few customers, or no variation in purchases or spend)`,
  );
}

function usable(found: Minimum): boolean {
  return Number.isFinite(found.value) && found.point.every((p) => Number.isFinite(p) && Math.abs(p) < LOG_PARAMETER_LIMIT);
}
