/** Failures of the deploy step itself (not of the bundle, see shared/bundle/errors.ts). Branch on `code`. */
class DeployError extends Error {
  readonly code: string = 'DEPLOY_ERROR';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeployError';
  }
}

/** S3 refused or failed a read/write; the invocation fails and S3's async retry runs it again. */
class DeployStoreError extends DeployError {
  override readonly code = 'DEPLOY_STORE';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeployStoreError';
  }
}

/** The upload was overwritten or deleted after its event: a newer event owns the key now. */
class UploadChangedError extends DeployError {
  override readonly code = 'DEPLOY_UPLOAD_CHANGED';

  constructor(key: string, options?: ErrorOptions) {
    super(`s3 object ${key} changed or disappeared while being deployed; its newer event deploys it`, options);
    this.name = 'UploadChangedError';
  }
}

/** Rollback asked for a digest the app never ran (or whose stored bundle is gone). */
class UnknownDigestError extends DeployError {
  override readonly code = 'DEPLOY_UNKNOWN_DIGEST';

  constructor(appId: string, digest: string, why: string) {
    super(`cannot roll ${appId} back to ${digest}: ${why}; run "autopilot history ${appId}" for the digests it ran`);
    this.name = 'UnknownDigestError';
  }
}

/** The invocation event is neither an S3 notification nor S3's test event; `problems` names each bad field. */
class DeployEventError extends DeployError {
  override readonly code = 'DEPLOY_BAD_EVENT';
  readonly problems: string[];

  constructor(problems: string[], options?: ErrorOptions) {
    super(`not an S3 notification: ${problems.join('; ')}`, options);
    this.name = 'DeployEventError';
    this.problems = problems;
  }
}

export { DeployError, DeployEventError, DeployStoreError, UnknownDigestError, UploadChangedError };
