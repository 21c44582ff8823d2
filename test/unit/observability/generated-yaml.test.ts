import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observabilityYaml } from '../../../scripts/observability/resources.ts';

describe('infra/observability.yml', () => {
  it('is what `npm run gen:observability` writes from the current sources', async () => {
    const committed = await readFile(join(import.meta.dirname, '../../../infra/observability.yml'), 'utf8');
    // On failure: run `npm run gen:observability` and commit the file.
    expect(committed).toBe(observabilityYaml());
  });
});
