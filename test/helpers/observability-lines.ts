import { type CollectDeps, emptyCounterState, parseCidrList, runCollectCycle } from '#shared/collect/index.ts';
import { DEPLOY_LOG, DEPLOY_OUTCOMES, SCALE_ACTIONS, SCALE_BLOCKED_BY, SCALE_LOG } from '#shared/logging/log-shapes.ts';
import { Logger } from '#shared/logging/logger.ts';
import type { FunctionKey } from '#shared/observability/queries.ts';

/**
 * Log lines per function for the saved-query tests, each written by the real logger (shared/logging/logger.ts).
 * collect: produced by the real collect cycle (shared/collect) with in-memory collaborators: two cycles, one clean,
 * one with an agent down and a message SQS refused.
 * scale and deploy: the documented shapes (docs/log-shapes.md) written through the real logger, so every query has
 * every kind of record to find; test/integration/observability runs the same queries over the log files the real
 * handlers write on the local stack.
 */

function capture(fn: FunctionKey): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = new Logger({ service: 'marathon-autopilot', sink: (line) => lines.push(line) });
  logger.appendKeys({ function: fn });
  return { logger, lines };
}

async function collectLines(): Promise<string[]> {
  const { logger, lines } = capture('collect');
  let cycle = 0;
  const deps: CollectDeps = {
    marathon: {
      listApps: async () => [
        {
          id: '/web',
          cpus: 1,
          mem: 64,
          instances: 2,
          labels: { 'autopilot.enabled': 'true' },
          tasks: [
            { id: 'web.1', appId: '/web', host: '10.0.0.1', slaveId: 'S1' },
            { id: 'web.2', appId: '/web', host: '10.0.0.2', slaveId: 'S2' },
          ],
        },
      ],
    },
    mesos: {
      listAgents: async () => [
        { id: 'S1', hostname: '10.0.0.1', port: 5051, active: true },
        { id: 'S2', hostname: '10.0.0.2', port: 5051, active: true },
      ],
      agentStatistics: async (agent) => {
        if (cycle === 2 && agent.hostname === '10.0.0.2') throw new Error('connect ECONNREFUSED 10.0.0.2:5051');
        const id = agent.hostname === '10.0.0.1' ? 'web.1' : 'web.2';
        const statistics = {
          timestamp: 1000 + cycle,
          cpus_limit: 1,
          cpus_user_time_secs: cycle,
          cpus_system_time_secs: 0,
        };
        return [{ executor_id: id, framework_id: 'f', statistics }];
      },
    },
    counters: { load: async () => emptyCounterState(), save: async () => {} },
    sender: {
      send: async (messages) =>
        cycle === 2
          ? {
              sent: 0,
              failed: messages.map((m) => ({ appId: m.appId, code: 'SQS_THROTTLED', reason: 'throttled' })),
              requests: 1,
            }
          : { sent: messages.length, failed: [], requests: 1 },
    },
    logger,
  };
  const options = {
    autoscaleLabel: 'autopilot.enabled',
    agentPolicy: parseCidrList('10.0.0.0/8'),
    agentConcurrency: 2,
    secondSampleDelayMs: 1,
    countersMaxAgeS: 900,
  };
  for (cycle = 1; cycle <= 2; cycle += 1) await runCollectCycle(deps, { ...options, cycleId: `cycle-${cycle}` });
  return lines;
}

function scaleLines(): string[] {
  const { logger, lines } = capture('scale');
  const decision = (appId: string, fields: Record<string, unknown>) =>
    logger.info(SCALE_LOG.decision, {
      appId,
      cycleId: 'cycle-1',
      policy: 'target',
      params: { targetCpu: 0.8 },
      observed: { cpuMean: 0.95, cpuP90: 0.99, memMean: 0.4, overloaded: 2, samples: 2, tasksMissing: 0 },
      current: 2,
      desired: 2,
      recommended: 2,
      action: SCALE_ACTIONS.none,
      reason: 'within-tolerance',
      reasonText: 'CPU within tolerance of the target',
      blockedBy: null,
      dryRun: false,
      deploymentId: null,
      applyError: null,
      ...fields,
    });
  decision('/web', {
    action: SCALE_ACTIONS.up,
    desired: 3,
    recommended: 3,
    reason: 'above-target',
    deploymentId: 'd-1',
  });
  decision('/api', { reason: 'deployment-in-progress', recommended: 3, blockedBy: SCALE_BLOCKED_BY.deployment });
  decision('/batch', {});
  logger.info(SCALE_LOG.dropped, { appId: '/web', cycleId: 'cycle-0', reason: 'duplicate' });
  logger.warn(SCALE_LOG.failed, { messageId: 'm-2', code: 'MARATHON_LOCKED', retry: true });
  logger.error(SCALE_LOG.poison, { messageId: 'm-1', reason: 'invalid JSON', forwarded: true });
  return lines;
}

function deployLines(): string[] {
  const { logger, lines } = capture('deploy');
  const base = { appId: '/web', digest: 'sha256:ab', key: 'incoming/web.tar.gz', durationMs: 12 };
  logger.info(DEPLOY_LOG.accepted, { outcome: DEPLOY_OUTCOMES.accepted, ...base, bundleKey: 'bundles/web/ab.tar.gz' });
  logger.info(DEPLOY_LOG.deployed, {
    outcome: DEPLOY_OUTCOMES.deployed,
    ...base,
    deploymentId: 'd-9',
    recordKey: 'deploys/web/1.json',
  });
  logger.info(DEPLOY_LOG.unchanged, { outcome: DEPLOY_OUTCOMES.unchanged, ...base, reason: 'same-digest' });
  logger.warn(DEPLOY_LOG.rejected, {
    outcome: DEPLOY_OUTCOMES.rejected,
    code: 'BUNDLE_NO_MANIFEST',
    key: 'incoming/bad.tar.gz',
    message: 'the bundle has no marathon.json',
    recordKey: 'rejected/bad.json',
    durationMs: 3,
  });
  logger.error(DEPLOY_LOG.failed, {
    outcome: DEPLOY_OUTCOMES.failed,
    key: 'incoming/x.tar.gz',
    code: 'MARATHON_HTTP_STATUS',
  });
  logger.info(DEPLOY_LOG.ignored, { outcome: DEPLOY_OUTCOMES.ignored, reason: 's3:TestEvent', key: '' });
  return lines;
}

/** Every function's lines, as the log files of one run would hold them. */
async function observabilityLines(): Promise<Record<FunctionKey, string[]>> {
  return { collect: await collectLines(), scale: scaleLines(), deploy: deployLines() };
}

export { observabilityLines };
