// Suggests the known names closest to a mistyped one (edit distance with transpositions).

// The known names within a small edit distance of `name` (default: a third of it), best first (at most 3).
export function closestNames(
  name: string,
  known: readonly string[],
  limit = Math.max(2, Math.floor(name.length / 3)),
): string[] {
  const lower = name.toLowerCase();
  return (
    known
      // The distance is at least the difference in length: most of a long list is out at once.
      .filter((candidate) => Math.abs(candidate.length - name.length) <= limit)
      .map((candidate) => ({ candidate, distance: distance(lower, candidate.toLowerCase()) }))
      .filter((c) => c.distance <= limit)
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
      .slice(0, 3)
      .map((c) => c.candidate)
  );
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Number.POSITIVE_INFINITY;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Number.POSITIVE_INFINITY;
}
