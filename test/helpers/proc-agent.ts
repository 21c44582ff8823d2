import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback "agent" whose executors are real local processes: it reads their CPU time and RSS from /proc
 * (Linux), as a Mesos agent reads them from cgroups. Lets a test compare the collector's figures with the
 * processes' real CPU use.
 */

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const PAGE_SIZE = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim()) || 4096;

/** Cumulative user and system CPU seconds of a process, from /proc/<pid>/stat. */
function procCpu(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3, so utime (14) is index 11.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
}

function procRssBytes(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
}

interface ProcExecutor {
  id: string;
  pid: number;
  cpusLimit: number;
  memLimitBytes: number;
}

interface ProcAgent {
  url: string;
  port: number;
  executors: ProcExecutor[];
  close(): Promise<void>;
}

async function startProcAgent(executors: ProcExecutor[]): Promise<ProcAgent> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/monitor/statistics.json') {
      res.statusCode = 404;
      res.end();
      return;
    }
    const body = executors.map((executor) => {
      const cpu = procCpu(executor.pid);
      return {
        executor_id: executor.id,
        framework_id: 'proc-framework',
        statistics: {
          timestamp: Date.now() / 1000,
          cpus_limit: executor.cpusLimit,
          cpus_user_time_secs: cpu.user,
          cpus_system_time_secs: cpu.system,
          mem_rss_bytes: procRssBytes(executor.pid),
          mem_limit_bytes: executor.memLimitBytes,
        },
      };
    });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    executors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A process that keeps one core busy for `fraction` of every 100 ms and sleeps the rest (so ~`fraction` of a CPU
 * when the machine has room). Its real use is whatever /proc says, which is what tests compare against.
 */
function startBurner(fraction: number): ChildProcess {
  const script = `
    const busyMs = ${Math.round(fraction * 100)};
    const tick = () => { const end = Date.now() + busyMs; while (Date.now() < end) {} setTimeout(tick, 100 - busyMs); };
    tick();`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

export type { ProcAgent, ProcExecutor };
export { procCpu, procRssBytes, startBurner, startProcAgent };
