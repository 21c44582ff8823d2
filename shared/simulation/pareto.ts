/**
 * The Pareto front of items on two costs to minimise: an item stays unless another is no worse on both
 * and strictly better on one. Returned by ascending first cost (then second), so it reads as a trade-off curve.
 */
function paretoFront<T>(items: readonly T[], costA: (item: T) => number, costB: (item: T) => number): T[] {
  const front = items.filter(
    (item) =>
      !items.some((other) => {
        const a = costA(other);
        const b = costB(other);
        return a <= costA(item) && b <= costB(item) && (a < costA(item) || b < costB(item));
      }),
  );
  return front.sort((x, y) => costA(x) - costA(y) || costB(x) - costB(y));
}

export { paretoFront };
