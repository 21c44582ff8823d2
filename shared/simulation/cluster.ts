/**
 * The app's instances on the cluster: each has the time it becomes ready to serve.
 * Scale-up adds instances that serve only after the start-up delay; scale-down removes instances at once,
 * youngest first (Marathon's default kill selection), so instances still starting go before serving ones.
 */
interface Cluster {
  /** Ready times in seconds from the start, ascending. */
  readonly readyAt: readonly number[];
}

function createCluster(instances: number): Cluster {
  return { readyAt: Array.from({ length: instances }, () => 0) };
}

function scaleCluster(cluster: Cluster, to: number, nowS: number, startupDelayS: number): Cluster {
  const count = cluster.readyAt.length;
  if (to >= count) {
    const added = Array.from({ length: to - count }, () => nowS + startupDelayS);
    return { readyAt: [...cluster.readyAt, ...added] };
  }
  return { readyAt: cluster.readyAt.slice(0, Math.max(0, to)) };
}

function readyCount(cluster: Cluster, nowS: number): number {
  let ready = 0;
  for (const at of cluster.readyAt) if (at <= nowS) ready += 1;
  return ready;
}

export type { Cluster };
export { createCluster, readyCount, scaleCluster };
