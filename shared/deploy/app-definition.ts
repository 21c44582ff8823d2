import { asAutoscalingSpec } from '../bundle/autoscaling.ts';
import type { Manifest } from '../bundle/manifest.ts';
import { normalizeAppId } from '../marathon/client.ts';
import type { MarathonAppUpdate } from '../marathon/schemas.ts';
import { specToLabels } from '../scaling/labels.ts';

interface AppSource {
  artifactUrl: string;
  digest: string;
  sourceKey: string;
  /** The app already runs: with autoscaling on, its instance count belongs to the scale function. */
  exists: boolean;
}

/**
 * Marathon's PUT is a partial update: a field left out keeps its old value. A manifest that drops `env` (or a
 * rollback to one without it) must drop it in Marathon too, so every optional manifest field is sent, with
 * Marathon's own default when the manifest leaves it out.
 */
const CLEARED_FIELDS = {
  env: {},
  healthChecks: [],
  portDefinitions: [{ port: 0, protocol: 'tcp' }],
  upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
  disk: 0,
} satisfies Partial<Record<keyof Manifest, unknown>>;

/** Label keys the deploy function owns. */
const DIGEST_LABEL = 'autopilot.digest';
const SOURCE_KEY_LABEL = 'autopilot.source-key';

/**
 * The body of PUT /v2/apps/{id}: the manifest's fields, `fetch` of the stored bundle (extracted in the
 * sandbox, where `cmd` runs) and labels: the user's, the autoscaling policy's, the digest and source key.
 */
function toAppDefinition(manifest: Manifest, source: AppSource): MarathonAppUpdate {
  const { autoscaling, id, labels, instances, ...fields } = manifest;
  const definition: MarathonAppUpdate = {
    id: normalizeAppId(id),
    ...CLEARED_FIELDS,
    ...fields,
    fetch: [{ uri: source.artifactUrl, extract: true }],
    labels: {
      ...labels,
      ...(autoscaling ? specToLabels(asAutoscalingSpec(autoscaling)) : {}),
      [DIGEST_LABEL]: source.digest,
      [SOURCE_KEY_LABEL]: source.sourceKey,
    },
  };
  // Marathon keeps fields a PUT leaves out, so an update does not undo the scale function's last decision.
  if (!(autoscaling && source.exists)) definition.instances = instances;
  return definition;
}

export type { AppSource };
export { DIGEST_LABEL, SOURCE_KEY_LABEL, toAppDefinition };
