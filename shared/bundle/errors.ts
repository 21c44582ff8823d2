/**
 * Why a bundle was refused. Every error has a stable `code` (branch on it, never on the message),
 * a message that names the problem and the fix, and `details` for the rejection record.
 */
class BundleError extends Error {
  readonly code: string = 'BUNDLE_INVALID';
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BundleError';
    this.details = details;
  }
}

/** Declares one subclass per code so `instanceof` and `code` always agree. */
function bundleErrorClass<C extends string>(code: C, name: string) {
  const Subclass = class extends BundleError {
    override readonly code: C = code;
    constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
      super(message, details, options);
      this.name = name;
    }
  };
  Object.defineProperty(Subclass, 'name', { value: name });
  return Subclass;
}

const BundleNotGzipError = bundleErrorClass('BUNDLE_NOT_GZIP', 'BundleNotGzipError');
const BundleTruncatedError = bundleErrorClass('BUNDLE_TRUNCATED', 'BundleTruncatedError');
const BundleCorruptError = bundleErrorClass('BUNDLE_CORRUPT', 'BundleCorruptError');
const BundleNoManifestError = bundleErrorClass('BUNDLE_NO_MANIFEST', 'BundleNoManifestError');
const BundleDuplicateManifestError = bundleErrorClass('BUNDLE_DUPLICATE_MANIFEST', 'BundleDuplicateManifestError');
const BundleInvalidManifestError = bundleErrorClass('BUNDLE_INVALID_MANIFEST', 'BundleInvalidManifestError');
const BundleInvalidAppIdError = bundleErrorClass('BUNDLE_INVALID_APP_ID', 'BundleInvalidAppIdError');
const BundleManifestTooLargeError = bundleErrorClass('BUNDLE_MANIFEST_TOO_LARGE', 'BundleManifestTooLargeError');
const BundlePathTraversalError = bundleErrorClass('BUNDLE_PATH_TRAVERSAL', 'BundlePathTraversalError');
const BundleAbsolutePathError = bundleErrorClass('BUNDLE_ABSOLUTE_PATH', 'BundleAbsolutePathError');
const BundleLinkEscapesError = bundleErrorClass('BUNDLE_LINK_ESCAPES', 'BundleLinkEscapesError');
const BundleSpecialFileError = bundleErrorClass('BUNDLE_SPECIAL_FILE', 'BundleSpecialFileError');
const BundleTooManyEntriesError = bundleErrorClass('BUNDLE_TOO_MANY_ENTRIES', 'BundleTooManyEntriesError');
const BundleTooLargeError = bundleErrorClass('BUNDLE_TOO_LARGE', 'BundleTooLargeError');
const BundleRatioExceededError = bundleErrorClass('BUNDLE_RATIO_EXCEEDED', 'BundleRatioExceededError');

export {
  BundleAbsolutePathError,
  BundleCorruptError,
  BundleDuplicateManifestError,
  BundleError,
  BundleInvalidAppIdError,
  BundleInvalidManifestError,
  BundleLinkEscapesError,
  BundleManifestTooLargeError,
  BundleNoManifestError,
  BundleNotGzipError,
  BundlePathTraversalError,
  BundleRatioExceededError,
  BundleSpecialFileError,
  BundleTooLargeError,
  BundleTooManyEntriesError,
  BundleTruncatedError,
};
