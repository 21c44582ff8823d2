import type { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { z } from 'zod';
import type { Logger } from '../logging/logger.ts';
import { emitScaleMetrics, type MetricsSink } from '../logging/metrics.ts';
import { SCALE_DROP_REASONS, SCALE_LOG } from '../logging/scale-log.ts';
import type { MarathonApp, MarathonClient } from '../marathon/index.ts';
import { decide, initialState } from '../scaling/engine.ts';
import { policyConfigFromLabels } from '../scaling/labels.ts';
import { type AppFacts, observationFrom } from '../scaling/observation.ts';
import type { PolicyConfig, PolicyName } from '../scaling/spec.ts';
import type { Decision } from '../scaling/types.ts';
import { type AppUsageMessage, AppUsageMessageSchema } from '../usage/schemas.ts';
import { describeZodIssues } from '../validation/index.ts';
import type { DeadLetterForwarder } from './dead-letter.ts';
import { errorCode, isRetryable } from './errors.ts';
import type { S3ScaleStateStore, ScaleState } from './state-store.ts';

type SqsRecord = z.infer<typeof SqsRecordSchema>;

interface ScaleDeps {
  /** Resolved lazily: the credentials may come from SSM on the first invocation. */
  marathon: () => Promise<Pick<MarathonClient, 'getApp' | 'scaleApp'>>;
  store: Pick<S3ScaleStateStore, 'load' | 'save'>;
  /** Unset when STATS_DLQ_URL is not configured: poison messages are then left to SQS's own redrive. */
  deadLetter: Pick<DeadLetterForwarder, 'forward'> | undefined;
  logger: Logger;
  metricsSink?: MetricsSink;
  /** ms since the epoch. **Default:** Date.now */
  clock?: () => number;
}

interface ScaleOptions {
  defaultPolicy: PolicyName;
  /** DRY_RUN: decide and log for every app, apply nothing. */
  dryRun: boolean;
  maxMessageAgeS: number;
}

type Outcome = 'done' | 'retry';

function parseBody(body: string): { message: AppUsageMessage } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { reason: `body is not JSON: ${(error as Error).message}` };
  }
  const parsed = AppUsageMessageSchema.safeParse(json);
  if (parsed.success) return { message: parsed.data };
  return { reason: describeZodIssues(parsed.error).join('; ') };
}

/** Marathon's view of the app, in the terms the engine's observation needs. */
function appFacts(app: MarathonApp): AppFacts {
  const lastScaling = Date.parse(app.versionInfo?.lastScalingAt ?? '');
  return {
    instances: app.instances,
    deploymentInProgress: (app.deployments?.length ?? 0) > 0,
    lastScalingAt: Number.isNaN(lastScaling) ? null : lastScaling,
  };
}

function logDecision(
  deps: ScaleDeps,
  context: { message: AppUsageMessage; config: PolicyConfig; decision: Decision },
  outcome: { deploymentId: string | null; applyError: string | null },
): void {
  const { message, config, decision } = context;
  const { policy, ...params } = config;
  deps.logger.info(SCALE_LOG.decision, {
    appId: message.appId,
    cycleId: message.cycleId,
    policy,
    params,
    observed: { ...decision.utilisation, tasksMissing: message.tasksMissing },
    current: decision.current,
    desired: decision.desired,
    recommended: decision.recommended,
    action: decision.action,
    reason: decision.reason,
    reasonText: decision.reasonText,
    blockedBy: decision.blockedBy ?? null,
    dryRun: config.dryRun,
    deploymentId: outcome.deploymentId,
    applyError: outcome.applyError,
  });
}

/** Gives a message up: to the DLQ when configured (then acknowledged), else back to SQS for its redrive. */
async function giveUp(record: SqsRecord, reason: string, deps: ScaleDeps, signal?: AbortSignal): Promise<Outcome> {
  const fields = { messageId: record.messageId, reason };
  if (!deps.deadLetter) {
    deps.logger.error(SCALE_LOG.poison, {
      ...fields,
      forwarded: false,
      note: 'STATS_DLQ_URL unset: left to SQS redrive',
    });
    return 'retry';
  }
  try {
    const groupId = record.attributes.MessageGroupId;
    await deps.deadLetter.forward({ messageId: record.messageId, body: record.body, groupId, reason }, signal);
    deps.logger.error(SCALE_LOG.poison, { ...fields, forwarded: true });
    return 'done';
  } catch (error) {
    deps.logger.error(SCALE_LOG.poison, { ...fields, forwarded: false, error });
    return 'retry';
  }
}

/** Applies a decision; the cycle is marked processed first, so a redelivered message can never act twice. */
async function apply(
  deps: ScaleDeps,
  context: { message: AppUsageMessage; config: PolicyConfig; decision: Decision },
  states: { stored: ScaleState | undefined; next: ScaleState },
  signal?: AbortSignal,
): Promise<Outcome> {
  const { message, decision } = context;
  await deps.store.save(states.next, signal);
  const marathon = await deps.marathon();
  let deploymentId: string;
  try {
    ({ deploymentId } = await marathon.scaleApp(message.appId, decision.desired, { signal }));
  } catch (error) {
    const retry = isRetryable(error, signal);
    const code = errorCode(error);
    logDecision(deps, context, { deploymentId: null, applyError: code });
    deps.logger[retry ? 'warn' : 'error'](SCALE_LOG.failed, { appId: message.appId, code, retry, error });
    if (retry) {
      // Undo the mark so the retry decides again; should this fail, the retry is skipped as a duplicate
      // and the next cycle decides instead.
      const rollback = states.stored ?? {
        ...states.next,
        lastCycleId: null,
        lastCollectedAt: null,
        engine: initialState(context.config),
      };
      await deps.store.save(rollback).catch((saveError: unknown) => {
        deps.logger.error(SCALE_LOG.stateNotSaved, { appId: message.appId, error: saveError });
      });
    }
    return retry ? 'retry' : 'done';
  }
  await deps.store.save({ ...states.next, lastDeploymentId: deploymentId }, signal).catch((error: unknown) => {
    deps.logger.error(SCALE_LOG.stateNotSaved, { appId: message.appId, deploymentId, error });
  });
  logDecision(deps, context, { deploymentId, applyError: null });
  return 'done';
}

/** One SQS record: validate, drop stale or repeated messages, read the app, decide, apply, record. */
async function processRecord(
  record: SqsRecord,
  deps: ScaleDeps,
  options: ScaleOptions,
  signal?: AbortSignal,
): Promise<Outcome> {
  const parsed = parseBody(record.body);
  if ('reason' in parsed) return giveUp(record, `malformed usage message: ${parsed.reason}`, deps, signal);
  const { message } = parsed;
  const now = (deps.clock ?? Date.now)();
  const where = { appId: message.appId, cycleId: message.cycleId };

  const ageS = Math.round((now - Date.parse(message.collectedAt)) / 1000);
  if (ageS > options.maxMessageAgeS) {
    deps.logger.warn(SCALE_LOG.dropped, { ...where, reason: SCALE_DROP_REASONS.stale, ageS });
    return 'done';
  }
  const loaded = await deps.store.load(message.appId, signal);
  if (loaded.problems) deps.logger.warn(SCALE_LOG.stateReset, { ...where, problems: loaded.problems });
  const stored = loaded.state;
  if (stored?.lastCycleId === message.cycleId) {
    deps.logger.info(SCALE_LOG.dropped, { ...where, reason: SCALE_DROP_REASONS.duplicate });
    return 'done';
  }
  if (stored?.lastCollectedAt && Date.parse(message.collectedAt) < Date.parse(stored.lastCollectedAt)) {
    deps.logger.warn(SCALE_LOG.dropped, { ...where, reason: SCALE_DROP_REASONS.superseded });
    return 'done';
  }

  const app = await (await deps.marathon()).getApp(message.appId, { signal });
  if (!app) {
    deps.logger.warn(SCALE_LOG.dropped, { ...where, reason: SCALE_DROP_REASONS.appNotFound });
    return 'done';
  }
  const labels = policyConfigFromLabels(app.labels, { policy: options.defaultPolicy, dryRun: options.dryRun });
  if (!labels.ok) {
    deps.logger.error(SCALE_LOG.invalidLabels, { ...where, problems: labels.problems, error: labels.message });
    return 'done';
  }
  const config = labels.config;
  if (!config.enabled) {
    deps.logger.info(SCALE_LOG.dropped, { ...where, reason: SCALE_DROP_REASONS.notEnabled });
    return 'done';
  }

  const { decision, state: engine } = decide(config, stored?.engine, observationFrom(appFacts(app), message, now));
  const next: ScaleState = {
    version: 1,
    appId: message.appId,
    lastCycleId: message.cycleId,
    lastCollectedAt: message.collectedAt,
    updatedAt: new Date(now).toISOString(),
    engine,
    lastDeploymentId: stored?.lastDeploymentId ?? null,
  };
  const context = { message, config, decision };
  const metrics = { appId: message.appId, desired: decision.desired, current: decision.current };
  const utilisation = { cpuMean: decision.utilisation.cpuMean, memMean: decision.utilisation.memMean };
  emitScaleMetrics({ ...metrics, ...utilisation }, now, deps.metricsSink);
  if (decision.action !== 'none') return apply(deps, context, { stored, next }, signal);
  await deps.store.save(next, signal);
  logDecision(deps, context, { deploymentId: null, applyError: null });
  return 'done';
}

export type { Outcome, ScaleDeps, ScaleOptions, SqsRecord };
export { giveUp, parseBody, processRecord };
