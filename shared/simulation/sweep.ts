import { SimulationConfigError } from './errors.ts';

type ParamValue = number | boolean | string;
type Params = Readonly<Record<string, ParamValue>>;

/** Larger grids take minutes; the user narrows the ranges instead. */
const MAX_GRID = 1_000;

/** `"0.6"` → 0.6, `"true"` → true, anything else stays a string (the policy's schema validates it). */
function coerceValue(raw: string): ParamValue {
  const text = raw.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}

/** `key=value` → [key, value]; throws naming the flag when malformed. */
function parseAssignment(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) {
    throw new SimulationConfigError(`${flag} expects key=value (e.g. ${flag} targetCpu=60), got "${text}"`);
  }
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

function parseParams(assignments: readonly string[]): Params {
  const params: Record<string, ParamValue> = {};
  for (const assignment of assignments) {
    const [key, value] = parseAssignment(assignment, '--param');
    params[key] = coerceValue(value);
  }
  return params;
}

/** `--sweep targetCpu=0.5,0.6` flags → every combination of the values (cartesian product), in flag order. */
function sweepGrid(assignments: readonly string[]): Params[] {
  const axes = assignments.map((assignment) => {
    const [key, list] = parseAssignment(assignment, '--sweep');
    const values = list.split(',').filter((value) => value.trim() !== '');
    return { key, values: values.map(coerceValue) };
  });
  const size = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (size > MAX_GRID) {
    throw new SimulationConfigError(`the sweep has ${size} combinations; keep it to ${MAX_GRID} or fewer`);
  }
  let grid: Params[] = [{}];
  for (const axis of axes) {
    grid = grid.flatMap((params) => axis.values.map((value) => ({ ...params, [axis.key]: value })));
  }
  return grid;
}

export type { Params, ParamValue };
export { coerceValue, parseParams, sweepGrid };
