import { randomUUID } from 'node:crypto';
import { normalizeAppId } from '#shared/marathon/index.ts';

/** Marathon's framework id as the master knows it; fixed so that statistics are reproducible. */
const FRAMEWORK_ID = '20261125-000000-16777343-5050-1-0000';
/** The master's id; agent ids are `<MASTER_ID>-S<n>` as in Mesos. */
const MASTER_ID = '20261125-000000-16777343-5050-1';

/**
 * Marathon >= 1.5 task id: the app id without its leading slash, other slashes as `_`,
 * then `.instance-<uuid>._app.<incarnation>` (`/team/api` → `team_api.instance-…._app.1`).
 */
function taskIdFor(appId: string, uuid: string = randomUUID()): string {
  const prefix = normalizeAppId(appId).slice(1).replaceAll('/', '_');
  return `${prefix}.instance-${uuid}._app.1`;
}

let lastVersionMs = 0;

/**
 * Marathon versions are ISO timestamps that identify one app version; two changes within the
 * same millisecond still get distinct versions.
 */
function nextVersion(nowMs: number = Date.now()): string {
  lastVersionMs = Math.max(nowMs, lastVersionMs + 1);
  return new Date(lastVersionMs).toISOString();
}

export { FRAMEWORK_ID, MASTER_ID, nextVersion, normalizeAppId, randomUUID, taskIdFor };
