import type { AutoscalingSpec, PolicyConfig } from '#shared/scaling/index.ts';
import { enginePolicy, parsePolicyConfig } from './engine-policy.ts';
import type { SimPolicy } from './types.ts';

/**
 * The policies the benchmark compares, all run by the real engine. Every one gets the article's bounds
 * (4..100 instances) so the comparison is about the rule, not the limits an operator picks per app.
 */
const BENCH_BOUNDS = { minInstances: 4, maxInstances: 100 } as const;

interface Peer {
  readonly id: string;
  readonly label: string;
  readonly spec: AutoscalingSpec;
  /** Why these parameters: the source of the defaults. */
  readonly note: string;
}

const PEERS: readonly Peer[] = [
  {
    id: 'product-default',
    label: 'target, product defaults',
    spec: { policy: 'target', ...BENCH_BOUNDS },
    note: 'The product default policy with every parameter at its default (shared/scaling/spec.ts).',
  },
  {
    id: 'hpa',
    label: 'HPA-style, Kubernetes defaults',
    spec: {
      policy: 'target',
      ...BENCH_BOUNDS,
      targetCpu: 80,
      tolerance: 0.1,
      downStabilisationS: 300,
      upStabilisationS: 0,
      upMaxPods: 4,
      upMaxPercent: 100,
      upPeriodS: 15,
      downMaxPercent: 100,
      downPeriodS: 15,
    },
    note: 'kube-controller-manager defaults (tolerance 0.1, 300 s down-stabilisation, +max(4 pods, 100 %)/15 s, −100 %/15 s) and kubectl autoscale’s default 80 % CPU target.',
  },
  {
    id: 'threshold',
    label: 'threshold, marathon-autoscale defaults',
    spec: { policy: 'threshold', ...BENCH_BOUNDS },
    note: 'mesosphere/marathon-autoscale defaults as the threshold policy encodes them (shared/scaling/spec.ts).',
  },
  {
    id: 'seed-fixed',
    label: 'seed rule, bug fixed',
    spec: { policy: 'seed', ...BENCH_BOUNDS },
    note: 'The article’s rule (±2 at ≥90 % / ≤50 % overloaded) with the scale-down bound fixed.',
  },
  {
    id: 'seed-original',
    label: 'seed rule as written (bug)',
    spec: { policy: 'seed-original', ...BENCH_BOUNDS },
    note: 'The article’s rule exactly as written: the `<= MIN` test means it scales down only at the bottom.',
  },
];

function peerPolicy(peer: Peer): SimPolicy {
  const config: PolicyConfig = parsePolicyConfig(peer.spec);
  return enginePolicy(peer.label, config);
}

export type { Peer };
export { BENCH_BOUNDS, PEERS, peerPolicy };
