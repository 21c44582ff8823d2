export { type Config, ConfigSchema, loadConfig } from './config.ts';
export { ConfigError } from './errors.ts';
