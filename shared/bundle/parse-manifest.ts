import { BundleInvalidAppIdError, BundleInvalidManifestError } from './errors.ts';
import { describeIssues, MANIFEST_FILE, type Manifest, ManifestSchema } from './manifest.ts';

/** Parses and validates the manifest's bytes; throws a BundleError that lists every problem. */
function parseManifest(bytes: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new BundleInvalidManifestError(
      `${MANIFEST_FILE} is not valid JSON (${(error as Error).message}); fix the syntax, e.g. with "jq . ${MANIFEST_FILE}"`,
      { problems: [(error as Error).message] },
      { cause: error },
    );
  }
  const result = ManifestSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = describeIssues(result.error);
  const idProblem = result.error.issues.some((issue) => issue.path.length === 1 && issue.path[0] === 'id');
  const Error_ = idProblem ? BundleInvalidAppIdError : BundleInvalidManifestError;
  throw new Error_(`${MANIFEST_FILE} is invalid: ${problems.join('; ')}`, { problems }, { cause: result.error });
}

export { parseManifest };
