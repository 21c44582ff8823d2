/**
 * Where the deploy function keeps things in the bundle bucket. Uploads stay where users put them;
 * everything else is written under these prefixes.
 */

/** `/shop/rest-app` → `shop/rest-app`: app ids become key paths. */
function appIdPath(appId: string): string {
  return appId.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The immutable, content-addressed copy Marathon fetches. */
function bundleKey(appId: string, digest: string): string {
  return `bundles/${appIdPath(appId)}/${digest}.tar.gz`;
}

function deploysPrefix(appId: string): string {
  return `deploys/${appIdPath(appId)}/`;
}

/** One record per deploy; ISO time first so keys sort by time. */
function deployRecordKey(appId: string, at: Date, digest: string): string {
  return `${deploysPrefix(appId)}${at.toISOString()}-${digest.slice(0, 12)}.json`;
}

/** The pointer to the app's current deploy record. */
function currentKey(appId: string): string {
  return `${deploysPrefix(appId)}current.json`;
}

function rejectionKey(sourceKey: string): string {
  return `rejected/${sourceKey}.json`;
}

/**
 * The URL agents fetch a stored bundle from. Never presigned: Marathon relaunches tasks months later.
 * `baseUrl` (ARTIFACT_BASE_URL) wins; otherwise the bucket's regional virtual-hosted HTTPS URL.
 */
function artifactUrl(key: string, where: { bucket: string; region: string; baseUrl?: string | undefined }): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (where.baseUrl) return `${where.baseUrl.replace(/\/+$/, '')}/${path}`;
  return `https://${where.bucket}.s3.${where.region}.amazonaws.com/${path}`;
}

export { appIdPath, artifactUrl, bundleKey, currentKey, deployRecordKey, deploysPrefix, rejectionKey };
