/**
 * `npm run load -- --url http://127.0.0.1:PORT [--path /load?ms=20] [--rate 20] [--duration 10000] [--concurrency 8]`
 * Sends bounded GET load to a loopback app and prints the stats as JSON. Ctrl-C stops early (stats so far).
 * Exit codes: 0 done, 1 some requests failed, 2 bad arguments or a non-loopback URL.
 */
import { parseArgs } from 'node:util';
import { generateLoad } from './generate-load.ts';

const HELP = `usage: npm run load -- --url URL [--path PATH] [--rate N/s] [--duration MS] [--concurrency N] [--json]
  --url          loopback base URL (127.0.0.0/8, [::1], localhost), e.g. http://127.0.0.1:31000
  --path         path and query to GET (default /)         e.g. /load?ms=20 burns 20 ms CPU per request
  --rate         requests started per second (default 10, at most 500)
  --duration     milliseconds to run (default 10000, at most 900000)
  --concurrency  requests in flight at most (default 8, at most 64)
  --json         print only the final stats as JSON
example: npm run load -- --url http://127.0.0.1:31000 --path '/load?ms=20' --rate 20 --duration 30000`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      path: { type: 'string', default: '/' },
      rate: { type: 'string', default: '10' },
      duration: { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '8' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.url) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  try {
    const stats = await generateLoad({
      url: values.url,
      path: values.path,
      ratePerSec: Number(values.rate),
      durationMs: Number(values.duration),
      concurrency: Number(values.concurrency),
      signal: stop.signal,
      onProgress: values.json
        ? undefined
        : (s) =>
            console.log(
              `sent ${s.sent} ok ${s.ok} errors ${s.errors} dropped ${s.dropped} p95 ${s.latencyMs?.p95 ?? '-'} ms`,
            ),
    });
    console.log(JSON.stringify(stats, null, values.json ? undefined : 2));
    return stats.errors > 0 ? 1 : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(`load: ${(error as Error).message}`);
    return code === 'LOAD_NON_LOOPBACK' || code === 'LOAD_BAD_OPTIONS' ? 2 : 1;
  }
}

process.exitCode = await main();
