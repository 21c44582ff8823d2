import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssues } from '#shared/validation/index.ts';

describe('describeZodIssues', () => {
  it('gives one "path: message" line per issue, dotted through nested keys', () => {
    const result = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: { b: 'x' } });

    expect(result.success).toBe(false);
    expect(describeZodIssues((result as { error: z.ZodError }).error)).toEqual([
      'a.b: Invalid input: expected number, received string',
      'c: Invalid input: expected string, received undefined',
    ]);
  });

  it('names an issue about the whole input with the given root label', () => {
    const result = z.object({}).safeParse(42);

    expect(describeZodIssues((result as { error: z.ZodError }).error, '(event)')).toEqual([
      '(event): Invalid input: expected object, received number',
    ]);
  });
});
