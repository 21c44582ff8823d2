import { describe, expect, it } from 'vitest';
import { MarathonDeploymentLockedError } from '#shared/marathon/index.ts';
import { type CommandSpec, type Io, intArg, runCommand } from '../../../cli/lib/command.ts';
import { CliError, EXIT } from '../../../cli/lib/errors.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

function spec(run: CommandSpec['run'], positionals = { min: 0, max: 1 }): CommandSpec {
  return {
    name: 'demo',
    help: 'Usage: autopilot demo\n\nExamples:\n  autopilot demo',
    options: { n: { type: 'string' } },
    positionals,
    run,
  };
}

describe('runCommand', () => {
  it('prints the help with its examples and exits 0 without running the command', async () => {
    const io = capture();
    let ran = false;
    const code = await runCommand(
      spec(async () => {
        ran = true;
        return 0;
      }),
      ['--help'],
      io,
    );
    expect(code).toBe(EXIT.ok);
    expect(ran).toBe(false);
    expect(io.stdout.join('\n')).toContain('Examples:');
  });

  it('exits 2 with a pointer to --help for an unknown flag', async () => {
    const io = capture();
    const code = await runCommand(
      spec(async () => 0),
      ['--nope'],
      io,
    );
    expect(code).toBe(EXIT.usage);
    expect(io.stderr[0]).toMatch(/^autopilot demo: .*nope/);
    expect(io.stderr[1]).toContain('autopilot demo --help');
  });

  it('exits 2 for missing or extra positional arguments', async () => {
    expect(
      await runCommand(
        spec(async () => 0, { min: 1, max: 1 }),
        [],
        capture(),
      ),
    ).toBe(EXIT.usage);
    expect(
      await runCommand(
        spec(async () => 0, { min: 0, max: 1 }),
        ['a', 'b'],
        capture(),
      ),
    ).toBe(EXIT.usage);
  });

  it('passes flags, positionals and --json to the command and returns its exit code', async () => {
    const io = capture();
    const code = await runCommand(
      spec(async ({ values, positionals, json }) => {
        io.out(`${values.n} ${positionals[0]} ${json}`);
        return 0;
      }),
      ['x', '--n', '3', '--json'],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout).toEqual(['3 x true']);
  });

  it('turns a CliError into its exit code, message and hint on stderr', async () => {
    const io = capture();
    const code = await runCommand(
      spec(async () => {
        throw new CliError('APP_NOT_FOUND', EXIT.notFound, 'Marathon has no app x', { hint: 'run autopilot status' });
      }),
      [],
      io,
    );
    expect(code).toBe(EXIT.notFound);
    expect(io.stderr).toEqual(['autopilot demo: Marathon has no app x', '  run autopilot status']);
  });

  it('with --json prints the error as one JSON object on stdout', async () => {
    const io = capture();
    const code = await runCommand(
      spec(async () => {
        throw new CliError('APP_NOT_FOUND', EXIT.notFound, 'Marathon has no app x', { hint: 'run autopilot status' });
      }),
      ['--json'],
      io,
    );
    expect(code).toBe(EXIT.notFound);
    expect(JSON.parse(io.stdout[0] ?? '')).toEqual({
      ok: false,
      error: { code: 'APP_NOT_FOUND', message: 'Marathon has no app x', hint: 'run autopilot status' },
    });
  });

  it("maps Marathon's deployment lock to exit 4 with what to do", async () => {
    const io = capture();
    const code = await runCommand(
      spec(async () => {
        throw new MarathonDeploymentLockedError('/x', ['d-1']);
      }),
      [],
      io,
    );
    expect(code).toBe(EXIT.conflict);
    expect(io.stderr[1]).toContain('--force');
  });

  it('maps bundle validation errors (code BUNDLE_*) to exit 5 and anything else to 1', async () => {
    const bundle = Object.assign(new Error('marathon.json is invalid: id: bad'), { code: 'BUNDLE_INVALID_APP_ID' });
    expect(
      await runCommand(
        spec(async () => Promise.reject(bundle)),
        [],
        capture(),
      ),
    ).toBe(EXIT.invalid);
    expect(
      await runCommand(
        spec(async () => Promise.reject(new Error('boom'))),
        [],
        capture(),
      ),
    ).toBe(EXIT.failure);
  });
});

describe('intArg', () => {
  it('accepts whole numbers in range and refuses the rest with a usage error', () => {
    expect(intArg('3', 'n', 0, 5)).toBe(3);
    expect(intArg(undefined, 'n', 0, 5)).toBeUndefined();
    for (const bad of ['6', '-1', '1.5', 'x', '']) {
      expect(() => intArg(bad, 'n', 0, 5)).toThrow(/n must be a whole number from 0 to 5/);
    }
  });
});
