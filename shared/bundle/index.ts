export { AutoscalingBlockSchema, asAutoscalingSpec, autoscalingJsonSchema } from './autoscaling.ts';
export { checkEntry, checkSymlinkChains, type EntryHeader, normalizeEntryName } from './entries.ts';
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
} from './errors.ts';
export {
  APP_ID_REGEX,
  describeIssues,
  MANIFEST_FILE,
  type Manifest,
  type ManifestInput,
  ManifestSchema,
  suggestAppId,
} from './manifest.ts';
export { parseManifest } from './parse-manifest.ts';
export { type BundleLimits, type ValidatedBundle, validateBundle } from './validate.ts';
