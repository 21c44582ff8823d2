import { normalizeAppId } from '../marathon/client.ts';
import { toAppDefinition } from './app-definition.ts';
import { applyApp, readApp } from './apply.ts';
import { applyOptions, type DeployContext } from './context.ts';
import { type DeployOutcome, record } from './deploy.ts';
import { UnknownDigestError } from './errors.ts';
import { artifactUrl, bundleKey, currentKey, deploysPrefix } from './keys.ts';
import { type DeployRecord, DeployRecordSchema } from './records.ts';
import { exists, getJson, listKeys, type StoreOptions } from './store.ts';

/** Deploy records of an app, newest first (at most `limit`, **Default:** 100). */
async function listHistory(ctx: DeployContext, appId: string, options: { limit?: number } = {}) {
  const store: StoreOptions = { s3: ctx.s3, bucket: ctx.bucket, signal: ctx.signal };
  const current = currentKey(appId);
  const keys = (await listKeys(store, deploysPrefix(appId)))
    .filter((key) => key !== current && key.endsWith('.json'))
    .reverse()
    .slice(0, options.limit ?? 100);
  const records: DeployRecord[] = [];
  for (const key of keys) {
    const found = await getJson(store, key, DeployRecordSchema);
    if (found) records.push(found);
  }
  return records;
}

/**
 * Redeploys a digest the app ran before, with the manifest recorded for it, and records it as a rollback.
 * The digest may be abbreviated (at least 12 hex characters, as the record keys show it).
 * @throws UnknownDigestError when the app never ran it or its stored bundle is gone.
 */
async function rollback(
  ctx: DeployContext,
  appId: string,
  digest: string,
  options: { who?: string } = {},
): Promise<Extract<DeployOutcome, { outcome: 'deployed' }>> {
  const id = normalizeAppId(appId).slice(1);
  const wanted = digest.toLowerCase();
  if (wanted.length < 12) throw new UnknownDigestError(id, digest, 'give at least 12 characters of the digest');
  const store: StoreOptions = { s3: ctx.s3, bucket: ctx.bucket, signal: ctx.signal };
  // Record keys end with the digest's first 12 characters: read only the records that can match, newest first.
  const candidates = (await listKeys(store, deploysPrefix(id)))
    .filter((key) => key.endsWith(`-${wanted.slice(0, 12)}.json`))
    .reverse();
  let previous: DeployRecord | undefined;
  for (const key of candidates) {
    const found = await getJson(store, key, DeployRecordSchema);
    if (found?.digest.startsWith(wanted)) {
      previous = found;
      break;
    }
  }
  if (!previous) throw new UnknownDigestError(id, digest, 'no deploy record has that digest');
  const stored = bundleKey(id, previous.digest);
  if (!(await exists(store, stored))) throw new UnknownDigestError(id, digest, `s3://${ctx.bucket}/${stored} is gone`);

  const running = await readApp(id, applyOptions(ctx));
  const url = artifactUrl(stored, { bucket: ctx.bucket, region: ctx.region, baseUrl: ctx.artifactBaseUrl });
  const definition = toAppDefinition(previous.manifest, {
    artifactUrl: url,
    digest: previous.digest,
    sourceKey: previous.sourceKey,
    exists: !!running,
  });
  const result = await applyApp(id, definition, applyOptions(ctx));
  const now = (ctx.now ?? (() => new Date()))();
  // No sequencer and the rollback's own time: uploads made before the rollback cannot undo it when redelivered.
  const recordKey = await record(ctx, {
    kind: 'rollback',
    manifest: previous.manifest,
    digest: previous.digest,
    event: { key: previous.sourceKey, eventTime: now.toISOString(), who: options.who ?? 'rollback' },
    deploymentId: result.deploymentId,
    version: result.version,
  });
  return { outcome: 'deployed', appId: id, digest: previous.digest, deploymentId: result.deploymentId, recordKey };
}

export { listHistory, rollback };
