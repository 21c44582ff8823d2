import { readFileSync, writeFileSync } from 'node:fs';

function statusKiB(field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  if (!match?.[1]) throw new Error(`/proc/self/status has no ${field} (Linux only)`);
  return Number(match[1]);
}

/**
 * Measures the peak RSS growth of `work` with the kernel's own high-water mark (VmHWM), reset first
 * through /proc/self/clear_refs, so short spikes between samples are not missed.
 */
async function measurePeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; baselineMiB: number; peakMiB: number; growthMiB: number }> {
  globalThis.gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const baselineKiB = statusKiB('VmRSS');
  const result = await work();
  const peakKiB = statusKiB('VmHWM');
  return {
    result,
    baselineMiB: baselineKiB / 1024,
    peakMiB: peakKiB / 1024,
    growthMiB: (peakKiB - baselineKiB) / 1024,
  };
}

export { measurePeakRss };
