import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One measured figure. `baseline` is measured in the same run (not remembered from another machine);
 * `goal` is a comparison against `value` (or `ratio` when a baseline exists).
 */
interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number } | undefined;
  /** value / baseline.value, or the figure that the goal compares when it differs (say so in `goal.on`). */
  ratio?: number | undefined;
  goal?: { op: '<' | '<=' | '>' | '>='; target: number; on: 'value' | 'ratio' } | undefined;
}

interface BenchResult {
  name: string;
  title: string;
  /** `loadAverage`: the 1-minute load average when the bench finished (other work on the machine skews timings). */
  machine: { cpus: number; node: string; platform: string; loadAverage?: number | undefined };
  finishedAt: string;
  figures: Figure[];
  notes?: string[] | undefined;
}

const RESULTS_DIR = new URL('../results/', import.meta.url).pathname;

function goalMet(figure: Figure): boolean | undefined {
  if (!figure.goal) return undefined;
  const subject = figure.goal.on === 'ratio' ? figure.ratio : figure.value;
  if (subject === undefined) return false;
  const { op, target } = figure.goal;
  return op === '<'
    ? subject < target
    : op === '<='
      ? subject <= target
      : op === '>'
        ? subject > target
        : subject >= target;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

function describeGoal(figure: Figure): string {
  if (!figure.goal) return '';
  const unit = figure.goal.on === 'ratio' ? '×' : ` ${figure.unit}`;
  return `${figure.goal.on} ${figure.goal.op} ${formatNumber(figure.goal.target)}${unit}`;
}

function tableRows(result: BenchResult): string[] {
  return result.figures.map((f) => {
    const met = goalMet(f);
    const baseline = f.baseline ? `${formatNumber(f.baseline.value)} ${f.unit} (${f.baseline.name})` : '—';
    const ratio = f.ratio === undefined ? '—' : `${formatNumber(f.ratio)}×`;
    const verdict = met === undefined ? '' : met ? 'met' : '**not met**';
    return `| ${result.name} | ${f.name} | ${formatNumber(f.value)} ${f.unit} | ${baseline} | ${ratio} | ${describeGoal(f)} | ${verdict} |`;
  });
}

const TABLE_HEADER = [
  '| bench | figure | value | baseline (same run) | ratio | goal | |',
  '|---|---|---|---|---|---|---|',
];

/** Writes `bench/results/<name>.json` and `<name>.md`. */
async function writeBenchResult(result: Omit<BenchResult, 'machine' | 'finishedAt'>): Promise<BenchResult> {
  const { availableParallelism, loadavg } = await import('node:os');
  const full: BenchResult = {
    ...result,
    machine: {
      cpus: availableParallelism(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: loadavg()[0],
    },
    finishedAt: new Date().toISOString(),
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, `${result.name}.json`), `${JSON.stringify(full, null, 2)}\n`);
  const md = [
    `# ${result.title}`,
    '',
    ...TABLE_HEADER,
    ...tableRows(full),
    '',
    ...(result.notes ?? []).map((n) => `- ${n}`),
  ];
  await writeFile(join(RESULTS_DIR, `${result.name}.md`), `${md.join('\n')}\n`);
  return full;
}

/** Reads every `bench/results/*.json` that has `figures` and writes the combined `bench/results/README.md`. */
async function writeSummary(): Promise<string> {
  const files = (await readdir(RESULTS_DIR)).filter((f) => f.endsWith('.json')).sort();
  const results: BenchResult[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(join(RESULTS_DIR, file), 'utf8')) as Partial<BenchResult>;
    if (Array.isArray(parsed.figures) && parsed.name) results.push(parsed as BenchResult);
  }
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (each bench alone: `npm run bench -- <name>`). Every baseline is measured in the same run',
    'on the same machine; a goal compares the value, or the ratio against that baseline. How to read it, and what each',
    'bench measures: [docs/benchmarks.md](../../docs/benchmarks.md).',
    '',
    ...TABLE_HEADER,
    ...results.flatMap(tableRows),
    '',
    ...results.map(
      (r) =>
        `- [${r.title}](./${r.name}.md): ${r.machine.cpus} cores, Node ${r.machine.node}, ${r.finishedAt}` +
        (r.machine.loadAverage === undefined ? '' : `, load average ${r.machine.loadAverage.toFixed(2)} (1 min)`),
    ),
  ];
  const text = `${lines.join('\n')}\n`;
  await writeFile(join(RESULTS_DIR, 'README.md'), text);
  return text;
}

export type { BenchResult, Figure };
export { goalMet, RESULTS_DIR, writeBenchResult, writeSummary };
