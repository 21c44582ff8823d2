import { describe, expect, it } from 'vitest';
import { isValidAppId, parseAppInput, validateApp } from '#local/cluster/index.ts';

const valid = { id: '/team/api', cmd: 'python3 -m http.server $PORT0', cpus: 0.5, mem: 128, instances: 2 };

function pathsOf(app: Record<string, unknown>): string[] {
  return validateApp(app).map((detail) => detail.path);
}

describe('Marathon app validation', () => {
  it('accepts a complete definition with a nested id', () => {
    expect(validateApp(valid)).toEqual([]);
  });

  it('checks the id pattern on every path segment', () => {
    expect(isValidAppId('/team/api-v2')).toBe(true);
    expect(isValidAppId('/team/rest.app')).toBe(true);
    expect(isValidAppId('/Team/api')).toBe(false);
    expect(isValidAppId('/team/-api')).toBe(false);
    expect(isValidAppId('/team/rest_app')).toBe(false);
    expect(pathsOf({ ...valid, id: '/Bad_Id' })).toEqual(['/id']);
  });

  it('rejects cpus below 0.001, negative mem and negative instances with Marathon wording', () => {
    const details = validateApp({ ...valid, cpus: 0.0001, mem: -1, instances: -1 });
    expect(details).toEqual([
      { path: '/cpus', errors: ['got 0.0001, expected 0.001 or more'] },
      { path: '/mem', errors: ['got -1.0, expected 0.0 or more'] },
      { path: '/instances', errors: ['got -1, expected 0 or more'] },
    ]);
  });

  it('requires exactly one of cmd and args unless a container runs the app', () => {
    const rule = "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";
    expect(validateApp({ id: '/a', cpus: 1, mem: 1, instances: 1 })).toEqual([{ path: '/', errors: [rule] }]);
    expect(pathsOf({ ...valid, args: ['sleep', '1'] })).toEqual(['/']);
    expect(pathsOf({ id: '/a', args: ['sleep', '1'], cpus: 1, mem: 1, instances: 1 })).toEqual([]);
    expect(pathsOf({ id: '/a', container: { type: 'DOCKER' }, cpus: 1, mem: 1, instances: 1 })).toEqual([]);
  });

  it('reports wrongly typed fields in Play JSON wording', () => {
    const parsed = parseAppInput({ id: '/a', cmd: 'x', cpus: 'lots' });
    expect(parsed).toEqual({ details: [{ path: '/cpus', errors: ['error.expected.jsnumber'] }] });
  });

  it('keeps unknown fields of a valid body', () => {
    const parsed = parseAppInput({ ...valid, constraints: [['hostname', 'UNIQUE']] });
    expect(parsed).toMatchObject({ input: { constraints: [['hostname', 'UNIQUE']] } });
  });
});
