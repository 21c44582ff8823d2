export { ExampleBundleError } from './errors.ts';
export {
  APT_INSTALL,
  type BundleKind,
  EXAMPLE_DIR,
  FALLBACK_DIR,
  PREBUILT_BUNDLE,
  type SelectBundleOptions,
  type SelectedBundle,
  selectExampleBundle,
} from './select-bundle.ts';
export { readTarGz, type TarFile, writeTarGz } from './tar-gz.ts';
