import { describe, expect, it } from 'vitest';
import { Logger } from '#shared/logging/index.ts';

function capture(level?: 'debug' | 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = new Logger({ service: 'test', level, sink: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('Logger', () => {
  it('writes one JSON object per line with level, message and fields', () => {
    const { logger, lines } = capture();

    logger.info('scaled app', { appId: '/rest_app', from: 2, to: 4 });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'test',
      message: 'scaled app',
      appId: '/rest_app',
      to: 4,
    });
    expect(typeof lines[0]?.timestamp).toBe('string');
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture('info');

    logger.debug('noise');
    logger.warn('kept');

    expect(lines.map((l) => l.message)).toEqual(['kept']);
  });

  it('redacts secret-looking keys at any depth', () => {
    const { logger, lines } = capture();

    logger.info('config', { marathon: { url: 'http://m', password: 'hunter2' }, authorization: 'Basic abc' });

    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Basic abc');
    expect(text).toContain('http://m');
  });

  it('serialises errors with code and cause', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('outer', { cause: new Error('inner') }), { code: 'X_CODE' });

    logger.error('failed', { error });

    expect(lines[0]?.error).toEqual({
      name: 'Error',
      message: 'outer',
      code: 'X_CODE',
      cause: { name: 'Error', message: 'inner' },
    });
  });
});
