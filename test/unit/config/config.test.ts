import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#shared/config/index.ts';

const minimal = {
  BUNDLE_BUCKET: 'autopilot-bundles',
  STATS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/autopilot-stats.fifo',
  MARATHON_URL: 'http://marathon.internal:8080',
  MESOS_MASTER_URL: 'http://mesos.internal:5050',
};

describe('loadConfig', () => {
  it('applies the documented defaults when only the required keys are set', () => {
    const config = loadConfig(minimal);

    expect(config.INCOMING_PREFIX).toBe('incoming/');
    expect(config.HTTP_CONNECT_TIMEOUT_MS).toBe(2_000);
    expect(config.DEFAULT_POLICY).toBe('target');
    expect(config.DRY_RUN).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('coerces numbers and booleans from strings', () => {
    const config = loadConfig({ ...minimal, AGENT_CONCURRENCY: '64', DRY_RUN: 'true' });

    expect(config.AGENT_CONCURRENCY).toBe(64);
    expect(config.DRY_RUN).toBe(true);
  });

  it('lists every bad key in one ConfigError', () => {
    const attempt = () =>
      loadConfig({ ...minimal, MARATHON_URL: 'not a url', AGENT_CONCURRENCY: '-1', BUNDLE_BUCKET: undefined });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/MARATHON_URL/);
      expect(problems.join('\n')).toMatch(/AGENT_CONCURRENCY/);
      expect(problems.join('\n')).toMatch(/BUNDLE_BUCKET/);
      expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    }
  });
});
