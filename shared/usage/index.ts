export { type AppUsageMessage, AppUsageMessageSchema, type TaskUsage, TaskUsageSchema } from './schemas.ts';
