/**
 * `npm start`: the whole pipeline on this machine (see docs/quick-start.md). Flags: `--help`.
 * Ctrl-C (or SIGTERM) stops every piece, task processes included; a second Ctrl-C exits at once (the stand-in's
 * watchdog still kills the task process groups).
 */
import { parseStartArgs, USAGE } from './demo/args.ts';
import { type DemoHandle, runDemo } from './demo/run-demo.ts';

const parsed = parseStartArgs(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`npm start: ${parsed.error}\nRun "npm start -- --help" for the flags.`);
  process.exit(2);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const { options } = parsed;

let demo: DemoHandle | undefined;
let stopping: Promise<void> | undefined;
function shutdown(code: number, why: string): void {
  if (stopping) {
    console.error('stopping again: exiting now');
    process.exit(130);
  }
  console.log(`${why}: stopping everything...`);
  stopping = (demo?.stop() ?? Promise.resolve()).then(
    () => {
      console.log('stopped: no servers, workers or task processes left');
      process.exit(code);
    },
    (error: unknown) => {
      console.error(`stop failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => shutdown(0, 'Ctrl-C'));
process.on('SIGTERM', () => shutdown(0, 'SIGTERM'));

try {
  demo = await runDemo(options);
} catch (error) {
  console.error(`npm start: the local stack did not start: ${(error as Error).message}`);
  process.exit(1);
}
if (stopping) demo.stop();

try {
  await demo.scenario;
  if (options.exitAfterScenario) shutdown(0, 'scenario done');
  else
    console.log(
      'running: watch it with "npm run autopilot -- status" / "npm run autopilot -- decisions -f"; Ctrl-C stops it',
    );
} catch (error) {
  if (!stopping) {
    console.error(`scenario failed: ${(error as Error).message}`);
    if (options.exitAfterScenario) shutdown(1, 'scenario failed');
    else console.error('the stack keeps running for a look around; Ctrl-C stops it');
  }
}
