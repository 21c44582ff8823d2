/**
 * Child process of collect.bench.ts: the measured collector. Bundled with esbuild before it runs (as
 * serverless-esbuild packages the Lambda), so its RSS is that of the deployed code, not of type stripping.
 * argv[2]: JSON `{ env, concurrency, cycles: string[] }`; reports each cycle and the peak RSS over IPC.
 */
import { createS3Client, createSqsClient } from '#shared/aws/index.ts';
import { createCollector } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';

interface RunnerInput {
  env: Record<string, string>;
  cycles: string[];
}

const input = JSON.parse(process.argv[2] ?? '{}') as RunnerInput;
const config = loadConfig(input.env);
/** s3rver and fauxqs accept any key. */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const logger = new Logger({ service: 'bench', level: 'error', sink: () => {} });
const collector = createCollector(config, {
  s3: createS3Client(config, { credentials }),
  sqs: createSqsClient(config, { credentials }),
  logger,
});

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 10);

for (const cycleId of input.cycles) {
  const started = performance.now();
  const summary = await collector.run({ cycleId });
  const ms = Math.round(performance.now() - started);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  process.send?.({ cycle: { cycleId, ms, summary, rssBytes: process.memoryUsage.rss() } });
}
clearInterval(sampler);
await collector.close();
process.send?.({ done: { peakRssBytes: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) } });
process.disconnect?.();
