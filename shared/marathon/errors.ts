import type { HttpStatusError } from '../http/errors.ts';
import { MarathonErrorBodySchema } from './schemas.ts';

/** Base of the Marathon-specific answers worth branching on; the underlying HTTP error is the `cause`. */
class MarathonError extends Error {
  readonly code: string = 'MARATHON_ERROR';
  readonly appId: string;

  constructor(message: string, appId: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MarathonError';
    this.appId = appId;
  }
}

/** 409: the app is locked by a running deployment. Retry later, or force. */
class MarathonDeploymentLockedError extends MarathonError {
  override readonly code = 'MARATHON_LOCKED';
  readonly deploymentIds: readonly string[];

  constructor(appId: string, deploymentIds: readonly string[], options?: ErrorOptions) {
    super(
      `Marathon app ${appId} is locked by deployment(s) ${deploymentIds.join(', ') || '(unknown)'}; retry after it finishes`,
      appId,
      options,
    );
    this.name = 'MarathonDeploymentLockedError';
    this.deploymentIds = deploymentIds;
  }
}

/** 422 (or 400): Marathon rejected the app definition; `details` holds its per-field reasons. */
class MarathonInvalidAppError extends MarathonError {
  override readonly code = 'MARATHON_INVALID_APP';
  readonly details: readonly { path: string; errors: readonly string[] }[];

  constructor(appId: string, details: MarathonInvalidAppError['details'], message: string, options?: ErrorOptions) {
    const reasons = details.map((d) => `${d.path}: ${d.errors.join(', ')}`).join('; ');
    super(`Marathon rejected app ${appId}: ${reasons || message}`, appId, options);
    this.name = 'MarathonInvalidAppError';
    this.details = details;
  }
}

/** Maps Marathon's meaningful statuses to their own errors; other statuses stay as they are. */
function fromStatusError(error: HttpStatusError, appId: string): Error {
  const parsed = MarathonErrorBodySchema.safeParse(error.json);
  const body = parsed.success ? parsed.data : undefined;
  if (error.statusCode === 409) {
    return new MarathonDeploymentLockedError(appId, body?.deployments?.map((d) => d.id) ?? [], { cause: error });
  }
  if (error.statusCode === 422 || error.statusCode === 400) {
    const details = (body?.details ?? []).map((d) => ({ path: d.path ?? '/', errors: d.errors }));
    return new MarathonInvalidAppError(appId, details, body?.message ?? error.body, { cause: error });
  }
  return error;
}

export { fromStatusError, MarathonDeploymentLockedError, MarathonError, MarathonInvalidAppError };
