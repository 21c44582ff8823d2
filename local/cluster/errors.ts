import type { ValidationDetail } from './validation.ts';

/** Base of the stand-in's API errors: each maps to one Marathon status and JSON body. */
class ClusterApiError extends Error {
  readonly code: string = 'CLUSTER_API_ERROR';
  readonly statusCode: number;
  readonly body: Record<string, unknown>;

  constructor(statusCode: number, body: { message: string } & Record<string, unknown>, options?: ErrorOptions) {
    super(body.message, options);
    this.name = 'ClusterApiError';
    this.statusCode = statusCode;
    this.body = body;
  }
}

/** 404, Marathon's wording. */
class AppNotFoundError extends ClusterApiError {
  override readonly code = 'CLUSTER_APP_NOT_FOUND';

  constructor(appId: string) {
    super(404, { message: `App '${appId}' does not exist` });
    this.name = 'AppNotFoundError';
  }
}

/** 409: a running deployment holds the app. */
class AppLockedError extends ClusterApiError {
  override readonly code = 'CLUSTER_APP_LOCKED';

  constructor(deploymentIds: readonly string[]) {
    const first = deploymentIds[0] ?? '';
    super(409, {
      message: `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${first}'.`,
      deployments: deploymentIds.map((id) => ({ id })),
    });
    this.name = 'AppLockedError';
  }
}

/** 409 on POST of an id that exists. */
class AppExistsError extends ClusterApiError {
  override readonly code = 'CLUSTER_APP_EXISTS';

  constructor(appId: string) {
    super(409, { message: `An app with id [${appId}] already exists.` });
    this.name = 'AppExistsError';
  }
}

/** 422 with per-field reasons. */
class AppInvalidError extends ClusterApiError {
  override readonly code = 'CLUSTER_APP_INVALID';

  constructor(details: ValidationDetail[]) {
    super(422, { message: 'Object is not valid', details });
    this.name = 'AppInvalidError';
  }
}

export { AppExistsError, AppInvalidError, AppLockedError, AppNotFoundError, ClusterApiError };
