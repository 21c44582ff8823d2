export { LoadError, LoadOptionsError, LoadTargetError } from './errors.ts';
export {
  type GenerateLoadOptions,
  generateLoad,
  LoadOptionsSchema,
  type LoadStats,
  MAX_CONCURRENCY,
  MAX_DURATION_MS,
  MAX_RATE_PER_SEC,
} from './generate-load.ts';
export { assertLoopbackUrl, isLoopbackAddress } from './loopback.ts';
