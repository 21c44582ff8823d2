import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertLoopbackUrl,
  generateLoad,
  isLoopbackAddress,
  LoadOptionsError,
  LoadTargetError,
} from '#local/load/index.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';

/** Counts every request handed to it, so a test can prove that nothing was sent. */
class CountingAgent extends Agent {
  dispatched = 0;

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched += 1;
    return super.dispatch(options, handler);
  }
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('generateLoad', () => {
  it('starts one request per tick for the duration and counts the 2xx answers', async () => {
    // Prepare
    const seen: string[] = [];
    server = await startTestServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end('{"foo": "bar"}');
    });

    // Act: 50/s for 200 ms is ticks 0, 20, ..., 180 ms
    const stats = await generateLoad({
      url: server.url,
      path: '/load?ms=1',
      ratePerSec: 50,
      durationMs: 200,
      concurrency: 10,
    });

    // Assess
    expect(stats.sent + stats.dropped).toBe(10);
    expect(stats.ok).toBe(stats.sent);
    expect(stats.errors).toBe(0);
    expect(seen).toHaveLength(stats.sent);
    expect(new Set(seen)).toEqual(new Set(['/load?ms=1']));
    expect(stats.byOutcome).toEqual({ '200': stats.sent });
    expect(stats.latencyMs?.p50).toBeLessThanOrEqual(stats.latencyMs?.p95 ?? Number.NaN);
    expect(stats.aborted).toBe(false);
  });

  it('counts answers outside 2xx as errors, by status', async () => {
    server = await startTestServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });

    const stats = await generateLoad({ url: server.url, ratePerSec: 40, durationMs: 100 });

    expect(stats.ok).toBe(0);
    expect(stats.errors).toBe(stats.sent);
    expect(stats.byOutcome).toEqual({ '503': stats.sent });
  });

  it('never has more than `concurrency` requests in flight and counts the skipped ticks as dropped', async () => {
    let open = 0;
    let maxOpen = 0;
    const held: Array<() => void> = [];
    server = await startTestServer((_req, res) => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      held.push(() => {
        open -= 1;
        res.end('ok');
      });
    });
    // Answers are held up to 20 ms while a tick comes every 5 ms: two slots cannot keep up
    const release = setInterval(() => {
      for (const answer of held.splice(0)) answer();
    }, 20);

    const stats = await generateLoad({ url: server.url, ratePerSec: 200, durationMs: 100, concurrency: 2 });
    clearInterval(release);

    expect(maxOpen).toBeLessThanOrEqual(2);
    expect(stats.sent + stats.dropped).toBe(20);
    expect(stats.dropped).toBeGreaterThan(0);
  });

  it('stops when its signal is aborted and returns the stats so far', async () => {
    const controller = new AbortController();
    let received = 0;
    server = await startTestServer((_req, res) => {
      received += 1;
      if (received === 3) controller.abort();
      res.end('ok');
    });

    // A minute-long run: only the abort can end it within the test timeout
    const stats = await generateLoad({
      url: server.url,
      ratePerSec: 20,
      durationMs: 60_000,
      signal: controller.signal,
    });

    expect(stats.aborted).toBe(true);
    expect(stats.sent).toBeGreaterThanOrEqual(3);
    expect(stats.sent).toBeLessThan(1200);
  });

  it('reports progress while it runs', async () => {
    server = await startTestServer((_req, res) => res.end('ok'));
    const reports: number[] = [];

    await generateLoad({
      url: server.url,
      ratePerSec: 50,
      durationMs: 300,
      progressIntervalMs: 50,
      onProgress: (stats) => reports.push(stats.sent),
    });

    expect(reports.length).toBeGreaterThan(0);
  });

  it.each([
    'http://10.0.0.1:8080/',
    'http://192.168.1.20/',
    'http://8.8.8.8/',
    'http://example.com/',
    'http://[2001:db8::1]/',
    'http://[::ffff:10.0.0.1]/',
    'https://127.0.0.1/',
    'not a url',
  ])('refuses %s before sending anything', async (url) => {
    const agent = new CountingAgent();

    const result = generateLoad({ url, ratePerSec: 10, durationMs: 100, dispatcher: agent });

    await expect(result).rejects.toBeInstanceOf(LoadTargetError);
    await expect(result).rejects.toMatchObject({ code: 'LOAD_NON_LOOPBACK' });
    expect(agent.dispatched).toBe(0);
    await agent.close();
  });

  it('rejects a rate, duration or concurrency beyond its bounds', async () => {
    const tooFast = generateLoad({ url: 'http://127.0.0.1:1', ratePerSec: 10_000, durationMs: 100 });
    const tooLong = generateLoad({ url: 'http://127.0.0.1:1', ratePerSec: 1, durationMs: 24 * 3_600_000 });
    const tooWide = generateLoad({ url: 'http://127.0.0.1:1', ratePerSec: 1, durationMs: 100, concurrency: 1_000 });

    await expect(tooFast).rejects.toBeInstanceOf(LoadOptionsError);
    await expect(tooLong).rejects.toMatchObject({ code: 'LOAD_BAD_OPTIONS' });
    await expect(tooWide).rejects.toMatchObject({ code: 'LOAD_BAD_OPTIONS' });
  });

  it('counts refused connections as errors by code', async () => {
    server = await startTestServer((_req, res) => res.end('ok'));
    const url = server.url;
    await server.close();
    server = undefined;

    const stats = await generateLoad({ url, ratePerSec: 20, durationMs: 100 });

    expect(stats.ok).toBe(0);
    expect(stats.errors).toBe(stats.sent);
    expect(Object.keys(stats.byOutcome)).toEqual(['ECONNREFUSED']);
    expect(stats.latencyMs).toBeNull();
  });
});

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.255.0.9', '::1', '[::1]', '0:0:0:0:0:0:0:1'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each(['128.0.0.1', '10.0.0.1', '::2', '::ffff:127.0.0.1', 'localhost', ''])('rejects %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('assertLoopbackUrl', () => {
  it('accepts localhost when every address it resolves to is loopback', async () => {
    const url = await assertLoopbackUrl('http://localhost:8080/x');

    expect(url.hostname).toBe('localhost');
  });

  it('accepts numeric spellings that the URL parser normalises to 127.0.0.1', async () => {
    expect((await assertLoopbackUrl('http://2130706433:80/')).hostname).toBe('127.0.0.1');
    expect((await assertLoopbackUrl('http://0x7f.1/')).hostname).toBe('127.0.0.1');
  });
});
