export { agentStatisticsUrl, MesosClient, type MesosClientOptions } from './client.ts';
export {
  AgentStatisticsSchema,
  type ExecutorStatistics,
  ExecutorStatisticsSchema,
  type MesosAgent,
  MesosAgentListSchema,
  MesosAgentSchema,
  type ResourceStatistics,
  ResourceStatisticsSchema,
} from './schemas.ts';
