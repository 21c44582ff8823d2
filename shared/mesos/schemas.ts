import { z } from 'zod';

/**
 * Mesos master and agent shapes the collector reads; unknown fields pass through, optional counters may be absent.
 * @see ../shared/reference/mesos/README.md (from apache/mesos src/slave/http.cpp, include/mesos/mesos.proto)
 */

/** @example {"id": "2015-S0", "hostname": "10.0.0.5", "port": 5051, "pid": "slave(1)@10.0.0.5:5051", "active": true} */
const MesosAgentSchema = z.looseObject({
  id: z.string(),
  hostname: z.string(),
  port: z.number().int().positive(),
  pid: z.string().optional(),
  active: z.boolean(),
  resources: z.record(z.string(), z.unknown()).optional(),
  used_resources: z.record(z.string(), z.unknown()).optional(),
});

/** GET /master/slaves. @example {"slaves": [{"id": "S0", "hostname": "10.0.0.5", "port": 5051, "active": true}]} */
const MesosAgentListSchema = z.looseObject({
  slaves: z.array(MesosAgentSchema),
  recovered_slaves: z.array(z.unknown()).optional(),
});

/** `message ResourceStatistics`: only `timestamp` is required by the proto. */
const ResourceStatisticsSchema = z.looseObject({
  timestamp: z.number(),
  cpus_limit: z.number().optional(),
  cpus_user_time_secs: z.number().optional(),
  cpus_system_time_secs: z.number().optional(),
  cpus_nr_periods: z.number().optional(),
  cpus_nr_throttled: z.number().optional(),
  cpus_throttled_time_secs: z.number().optional(),
  mem_limit_bytes: z.number().optional(),
  mem_rss_bytes: z.number().optional(),
  mem_total_bytes: z.number().optional(),
});

/**
 * One running executor on an agent.
 * @example {"executor_id": "rest_app.0d85", "framework_id": "2015-0001", "source": "rest_app.0d85",
 *   "statistics": {"timestamp": 1441047277.28, "cpus_limit": 0.6, "cpus_user_time_secs": 11.32,
 *   "cpus_system_time_secs": 91.05, "mem_limit_bytes": 167772160, "mem_rss_bytes": 50966400}}
 */
const ExecutorStatisticsSchema = z.looseObject({
  executor_id: z.string(),
  executor_name: z.string().optional(),
  framework_id: z.string(),
  source: z.string().optional(),
  statistics: ResourceStatisticsSchema,
});

/** GET /monitor/statistics.json: one entry per executor. */
const AgentStatisticsSchema = z.array(ExecutorStatisticsSchema);

type MesosAgent = z.infer<typeof MesosAgentSchema>;
type ResourceStatistics = z.infer<typeof ResourceStatisticsSchema>;
type ExecutorStatistics = z.infer<typeof ExecutorStatisticsSchema>;

export type { ExecutorStatistics, MesosAgent, ResourceStatistics };
export {
  AgentStatisticsSchema,
  ExecutorStatisticsSchema,
  MesosAgentListSchema,
  MesosAgentSchema,
  ResourceStatisticsSchema,
};
