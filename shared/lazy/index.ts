export { cachedUntilFailure } from './cached-until-failure.ts';
