export {
  type AppUsageMessage,
  AppUsageMessageSchema,
  type TaskUsage,
  TaskUsageSchema,
  type UsageSummary,
  UsageSummarySchema,
} from './schemas.ts';
