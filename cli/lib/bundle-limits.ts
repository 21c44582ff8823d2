import { createReadStream } from 'node:fs';
import { type BundleLimits, type ValidatedBundle, validateBundle } from '#shared/bundle/index.ts';
import { ConfigSchema } from '#shared/config/config.ts';

/**
 * The deploy function's limits, from the same config schema and defaults (BUNDLE_MAX_*, MANIFEST_MAX_BYTES), so
 * a bundle that passes here passes there (unless the stage raised or lowered them).
 */
function deployLimits(): BundleLimits {
  const defaults = ConfigSchema.pick({
    BUNDLE_MAX_ENTRIES: true,
    BUNDLE_MAX_UNCOMPRESSED_BYTES: true,
    BUNDLE_MAX_RATIO: true,
    MANIFEST_MAX_BYTES: true,
  }).parse({});
  return {
    maxEntries: defaults.BUNDLE_MAX_ENTRIES,
    maxUncompressedBytes: defaults.BUNDLE_MAX_UNCOMPRESSED_BYTES,
    maxRatio: defaults.BUNDLE_MAX_RATIO,
    manifestMaxBytes: defaults.MANIFEST_MAX_BYTES,
  };
}

/** Validates a bundle file exactly as the deploy function validates an upload. */
function validateBundleFile(path: string): Promise<ValidatedBundle> {
  return validateBundle(createReadStream(path), deployLimits());
}

export { deployLimits, validateBundleFile };
