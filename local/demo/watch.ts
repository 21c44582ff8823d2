import type { LocalRunner } from '#local/runner/index.ts';
import { type DecisionLine, isChange, parseDecisionLine } from '#shared/logging/decision-line.ts';

/**
 * What the demo learns from the functions' log lines: the deploy outcome of its upload (deploy's `outcome` lines,
 * functions/deploy/README.md) and every scaling decision (scale's `scaling decision` lines).
 */
interface DeployOutcomeLine {
  outcome: 'deployed' | 'unchanged' | 'rejected' | 'failed';
  key: string;
  appId?: string;
  digest?: string;
  code?: string;
  message?: string;
  reason?: string;
  deploymentId?: string;
  durationMs?: number;
}

const TERMINAL = new Set(['deployed', 'unchanged', 'rejected', 'failed']);

function parseJson(line: string): Record<string, unknown> | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(start));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The final outcome deploy logs for an upload `key`, or undefined for any other line. */
function parseDeployOutcome(line: string, key: string): DeployOutcomeLine | undefined {
  const value = parseJson(line);
  if (!value || value.key !== key || typeof value.outcome !== 'string' || !TERMINAL.has(value.outcome)) {
    return undefined;
  }
  return value as unknown as DeployOutcomeLine;
}

/** Resolves with deploy's outcome for `key`; rejects when deploy crashes on it or after `timeoutMs`. */
function waitForDeployOutcome(
  runner: LocalRunner,
  key: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<DeployOutcomeLine> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      done();
      reject(signal?.reason);
    };
    const done = () => {
      clearTimeout(timer);
      offLog();
      offInvocation();
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`deploy did not report an outcome for ${key} within ${timeoutMs} ms (see logs/deploy.log)`));
    }, timeoutMs);
    const offLog = runner.on('log', (name, line) => {
      if (name !== 'deploy') return;
      const outcome = parseDeployOutcome(line, key);
      if (!outcome) return;
      done();
      resolve(outcome);
    });
    const offInvocation = runner.on('invocation', (record) => {
      if (record.name !== 'deploy' || !record.error || !JSON.stringify(record.event).includes(key)) return;
      done();
      reject(new Error(`deploy failed on ${key}: ${record.error.code ?? record.error.name}: ${record.error.message}`));
    });
  });
}

/** Collects scaling decisions as scale logs them, and lets callers wait for one that matches. */
class DecisionWatch {
  readonly decisions: DecisionLine[] = [];
  readonly #waiters = new Set<{ match: (d: DecisionLine) => boolean; resolve: (d: DecisionLine) => void }>();
  readonly #off: () => void;

  constructor(runner: LocalRunner, onDecision: (decision: DecisionLine) => void) {
    this.#off = runner.on('log', (name, line) => {
      if (name !== 'scale') return;
      const decision = parseDecisionLine(line);
      if (!decision) return;
      this.decisions.push(decision);
      onDecision(decision);
      for (const waiter of this.#waiters) {
        if (waiter.match(decision)) {
          this.#waiters.delete(waiter);
          waiter.resolve(decision);
        }
      }
    });
  }

  /** The first decision (from now on) that applied a change in `direction`. */
  next(
    direction: 'scale-up' | 'scale-down',
    timeoutMs: number,
    what: string,
    signal?: AbortSignal,
  ): Promise<DecisionLine> {
    // A guard may cut a change (blockedBy 'bounds', 'max-change') and it still happens; only 'none' changes nothing.
    const match = (d: DecisionLine) => isChange(d) && d.action === direction && !d.applyError && d.dryRun !== true;
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        settle();
        reject(signal?.reason);
      };
      const waiter = {
        match,
        resolve: (d: DecisionLine) => {
          settle();
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`no ${direction} decision within ${timeoutMs} ms (${what}); see logs/scale.log`));
      }, timeoutMs);
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.#off();
  }
}

export type { DeployOutcomeLine };
export { DecisionWatch, parseDeployOutcome, waitForDeployOutcome };
