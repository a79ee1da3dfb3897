// Prints the benchmark as a table of medians and the ratios the performance targets are stated in.
import type { Result } from './measure.js';

/** Everything one benchmark run produced. */
export interface Report {
  readonly machine: string;
  readonly date: string;
  readonly backend: string;
  readonly runs: number;
  readonly kernelKeyring: boolean;
  readonly results: readonly Result[];
  readonly peakRssMb: number;
  readonly peakRssLargeMb: number;
}

function find(results: readonly Result[], name: string): number {
  return results.find((r) => r.name === name)?.medianMs ?? Number.NaN;
}

// The target checks: each a ratio from the same run and whether it is met.
export function targets(
  report: Report,
): { what: string; value: string; target: string; met: boolean }[] {
  const r = report.results;
  /** A ratio of two cases' medians, to stay at or below `target`. */
  const ratio = (what: string, name: string, base: string, target: number) => ({
    what,
    value: find(r, name) / find(r, base),
    target,
    below: true,
  });
  const floor = 'floor: node spawning true';
  const node = 'floor: node -e 0';
  const hot = 'exec, cached (hot path)';
  const completion = 'completion of profiles';
  const rows = [
    ratio('cached exec / spawn floor', hot, floor, 1.6),
    ratio(
      'cached exec (login_session) / spawn floor',
      'exec, cached, login_session profile',
      floor,
      1.6,
    ),
    ratio(
      'credential-process export / spawn floor',
      'export --format credential-process, cached',
      floor,
      1.8,
    ),
    ratio('completion / node -e 0', completion, node, 1.3),
    ratio('prompt / node -e 0', 'awsrole prompt', node, 1.15),
    ratio('--version / node -e 0', 'awsrole --version', node, 1.15),
    ratio(
      'file store (unlocked) exec / keyring exec',
      'exec, cached, file store unlocked',
      hot,
      1.25,
    ),
    ratio('10,000-profile exec / 10-profile exec', 'exec, cached, 10,000 profiles', hot, 1.1),
    ratio(
      '10,000-profile cold exec / 10-profile cold exec',
      'exec, cold (AssumeRole), 10,000 profiles',
      'exec, cold (AssumeRole)',
      1.1,
    ),
    ratio(
      '10,000-profile completion / 10-profile completion',
      'completion, 10,000 profiles',
      completion,
      1.1,
    ),
    {
      what: 'aws sts assume-role / cold exec',
      value: find(r, 'aws sts assume-role') / find(r, 'exec, cold (AssumeRole)'),
      target: 3,
      below: false,
    },
    { what: 'peak RSS of exec (MB)', value: report.peakRssMb, target: 70, below: true },
    {
      what: 'peak RSS of exec, 10,000 profiles (MB)',
      value: report.peakRssLargeMb,
      target: 70,
      below: true,
    },
  ];
  return rows
    .filter((row) => Number.isFinite(row.value))
    .map((row) => ({
      what: row.what,
      value: row.value.toFixed(2),
      target: `${row.below ? '<=' : '>='} ${row.target}`,
      met: row.below ? row.value <= row.target : row.value >= row.target,
    }));
}

// Writes the human-readable report to stdout.
export function printTable(report: Report): void {
  const floor = find(report.results, 'floor: node spawning true');
  const out: string[] = [
    `awsrole benchmark: ${report.machine}; ${report.date}; backend ${report.backend}; kernel keyring ${report.kernelKeyring ? 'yes' : 'no'}; ${report.runs} runs per case`,
    '',
  ];
  out.push('| case | median ms | min | max | x spawn floor |', '|---|---:|---:|---:|---:|');
  for (const r of report.results) {
    out.push(
      `| ${r.name} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${(r.medianMs / floor).toFixed(2)} |`,
    );
  }
  out.push('', '| target | value | goal | met |', '|---|---:|---:|---|');
  for (const t of targets(report))
    out.push(`| ${t.what} | ${t.value} | ${t.target} | ${t.met ? 'yes' : 'NO'} |`);
  process.stdout.write(`${out.join('\n')}\n`);
}
