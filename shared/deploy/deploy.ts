import { BundleError } from '../bundle/errors.ts';
import type { Manifest } from '../bundle/manifest.ts';
import { validateBundle } from '../bundle/validate.ts';
import { MarathonInvalidAppError } from '../marathon/errors.ts';
import { DIGEST_LABEL, toAppDefinition } from './app-definition.ts';
import { applyApp, readApp } from './apply.ts';
import { applyOptions, type DeployContext } from './context.ts';
import { UploadChangedError } from './errors.ts';
import { artifactUrl, bundleKey, currentKey, deployRecordKey, rejectionKey } from './keys.ts';
import { isOlder } from './ordering.ts';
import { type CurrentPointer, CurrentPointerSchema, type DeployRecord, type RejectionRecord } from './records.ts';
import { copyObject, getJson, openUpload, putJson, type StoreOptions } from './store.ts';

/** One S3 ObjectCreated record, decoded. */
interface UploadEvent {
  key: string;
  etag?: string | undefined;
  sequencer?: string | undefined;
  /** ISO time of the event. */
  eventTime: string;
  /** userIdentity.principalId: who uploaded. */
  who: string;
}

type DeployOutcome =
  | { outcome: 'deployed'; appId: string; digest: string; deploymentId: string; recordKey: string }
  | { outcome: 'unchanged'; appId: string; digest: string; reason: 'same-digest' | 'older-than-current' }
  | { outcome: 'rejected'; code: string; message: string; recordKey: string; appId?: string; digest?: string }
  | { outcome: 'ignored'; reason: 'upload-gone' | 'upload-changed' };

interface DeployHooks {
  /** Called once the bundle is validated and stored, before Marathon is asked (the `accepted` log line). */
  onAccepted?: (info: { appId: string; digest: string; bundleKey: string }) => void;
}

/**
 * Turns one upload into a running app: validate (streaming), store under its digest, PUT to Marathon, record.
 * Bad bundles and 422s become `rejected/<key>.json`; the upload itself is never moved or deleted.
 */
async function deployUpload(ctx: DeployContext, event: UploadEvent, hooks: DeployHooks = {}): Promise<DeployOutcome> {
  const store: StoreOptions = { s3: ctx.s3, bucket: ctx.bucket, signal: ctx.signal };
  const upload = await openUpload(store, event.key, event.etag);
  if (!upload) return { outcome: 'ignored', reason: 'upload-gone' };

  let bundle: Awaited<ReturnType<typeof validateBundle>>;
  try {
    bundle = await validateBundle(upload.body, ctx.limits);
  } catch (error) {
    upload.body.destroy?.();
    if (error instanceof BundleError) return reject(ctx, event, upload.etag, error.code, error.message, error.details);
    throw error;
  }
  const { manifest, digest } = bundle;
  const appId = manifest.id;

  const current = await getJson(store, currentKey(appId), CurrentPointerSchema);
  if (current && isOlder(event, current)) return { outcome: 'unchanged', appId, digest, reason: 'older-than-current' };
  const running = await readApp(appId, applyOptions(ctx));
  if (current?.digest === digest && running?.labels?.[DIGEST_LABEL] === digest) {
    return { outcome: 'unchanged', appId, digest, reason: 'same-digest' };
  }

  const stored = bundleKey(appId, digest);
  try {
    await copyObject(store, event.key, stored, upload.etag);
  } catch (error) {
    if (error instanceof UploadChangedError) return { outcome: 'ignored', reason: 'upload-changed' };
    throw error;
  }
  hooks.onAccepted?.({ appId, digest, bundleKey: stored });

  const url = artifactUrl(stored, { bucket: ctx.bucket, region: ctx.region, baseUrl: ctx.artifactBaseUrl });
  const definition = toAppDefinition(manifest, { artifactUrl: url, digest, sourceKey: event.key, exists: !!running });
  let result: Awaited<ReturnType<typeof applyApp>>;
  try {
    result = await applyApp(appId, definition, applyOptions(ctx));
  } catch (error) {
    if (!(error instanceof MarathonInvalidAppError)) throw error;
    return reject(ctx, event, upload.etag, error.code, error.message, { marathon: error.details }, { appId, digest });
  }
  const recordKey = await record(ctx, {
    kind: 'deploy',
    manifest,
    digest,
    event,
    deploymentId: result.deploymentId,
    version: result.version,
  });
  return { outcome: 'deployed', appId, digest, deploymentId: result.deploymentId, recordKey };
}

interface RecordInput {
  kind: DeployRecord['kind'];
  manifest: Manifest;
  digest: string;
  event: UploadEvent;
  deploymentId: string;
  version?: string | undefined;
}

/** Writes the deploy record, then moves `current.json` to it. Returns the record's key. */
async function record(ctx: DeployContext, input: RecordInput): Promise<string> {
  const store: StoreOptions = { s3: ctx.s3, bucket: ctx.bucket, signal: ctx.signal };
  const at = (ctx.now ?? (() => new Date()))();
  const appId = input.manifest.id;
  const recordKey = deployRecordKey(appId, at, input.digest);
  const deployRecord: DeployRecord = {
    kind: input.kind,
    appId,
    digest: input.digest,
    bundleKey: bundleKey(appId, input.digest),
    sourceKey: input.event.key,
    ...(input.event.sequencer ? { sequencer: input.event.sequencer } : {}),
    eventTime: input.event.eventTime,
    who: input.event.who,
    at: at.toISOString(),
    manifest: input.manifest,
    deploymentId: input.deploymentId,
    ...(input.version ? { version: input.version } : {}),
    outcome: 'deployed',
  };
  await putJson(store, recordKey, deployRecord);
  const pointer: CurrentPointer = {
    appId,
    digest: input.digest,
    recordKey,
    sourceKey: input.event.key,
    ...(input.event.sequencer ? { sequencer: input.event.sequencer } : {}),
    eventTime: input.event.eventTime,
    at: at.toISOString(),
  };
  await putJson(store, currentKey(appId), pointer);
  return recordKey;
}

async function reject(
  ctx: DeployContext,
  event: UploadEvent,
  etag: string,
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>>,
  app: { appId?: string; digest?: string } = {},
): Promise<DeployOutcome> {
  const recordKey = rejectionKey(event.key);
  const rejection: RejectionRecord = {
    code,
    message,
    details: { ...details },
    bucket: ctx.bucket,
    key: event.key,
    ...(etag ? { etag } : {}),
    ...(event.sequencer ? { sequencer: event.sequencer } : {}),
    who: event.who,
    ...app,
    at: (ctx.now ?? (() => new Date()))().toISOString(),
  };
  await putJson({ s3: ctx.s3, bucket: ctx.bucket, signal: ctx.signal }, recordKey, rejection);
  return { outcome: 'rejected', code, message, recordKey, ...app };
}

export type { DeployHooks, DeployOutcome, RecordInput, UploadEvent };
export { deployUpload, record };
