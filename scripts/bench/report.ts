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
  const floor = find(r, 'floor: node spawning true');
  const nodeFloor = find(r, 'floor: node -e 0');
  const hot = find(r, 'exec, cached (hot path)');
  const exportCp = find(r, 'export --format credential-process, cached');
  const completion = find(r, 'completion of profiles');
  const rows = [
    { what: 'cached exec / spawn floor', value: hot / floor, target: 1.6, below: true },
    {
      what: 'credential-process export / spawn floor',
      value: exportCp / floor,
      target: 1.8,
      below: true,
    },
    { what: 'completion / node -e 0', value: completion / nodeFloor, target: 1.3, below: true },
    {
      what: 'prompt / node -e 0',
      value: find(r, 'awsrole prompt') / nodeFloor,
      target: 1.15,
      below: true,
    },
    {
      what: '--version / node -e 0',
      value: find(r, 'awsrole --version') / nodeFloor,
      target: 1.15,
      below: true,
    },
    {
      what: 'file store (unlocked) exec / keyring exec',
      value: find(r, 'exec, cached, file store unlocked') / hot,
      target: 1.25,
      below: true,
    },
    {
      what: '10,000-profile exec / 10-profile exec',
      value: find(r, 'exec, cached, 10,000 profiles') / hot,
      target: 1.1,
      below: true,
    },
    {
      what: '10,000-profile completion / 10-profile completion',
      value: find(r, 'completion, 10,000 profiles') / completion,
      target: 1.1,
      below: true,
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
