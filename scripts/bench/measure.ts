// Times commands: hyperfine when installed (alternating is not possible there, so each case gets its own warm-up), else an alternating loop.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One command to time. */
export interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Its median and spread in milliseconds. */
export interface Result {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly tool: 'hyperfine' | 'loop';
}

function quote(arg: string): string {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function withHyperfine(c: Case, runs: number): Result | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'awsrole-hf-'));
  try {
    const out = join(dir, 'out.json');
    const run = spawnSync(
      'hyperfine',
      [
        '-N',
        '--warmup',
        '3',
        '--runs',
        String(runs),
        '--export-json',
        out,
        c.argv.map(quote).join(' '),
      ],
      { env: c.env, stdio: 'ignore' },
    );
    if (run.status !== 0) return undefined;
    const times =
      (JSON.parse(readFileSync(out, 'utf8')) as { results: { times: number[] }[] }).results[0]
        ?.times ?? [];
    const ms = times.map((t) => t * 1000);
    return {
      name: c.name,
      medianMs: median(ms),
      minMs: Math.min(...ms),
      maxMs: Math.max(...ms),
      tool: 'hyperfine',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Round-robin over all cases so machine noise hits each of them alike. */
function withLoop(cases: readonly Case[], runs: number): Result[] {
  const times = cases.map(() => [] as number[]);
  for (let round = -3; round < runs; round++) {
    cases.forEach((c, i) => {
      const start = process.hrtime.bigint();
      spawnSync(c.argv[0] ?? '', c.argv.slice(1), { env: c.env, stdio: 'ignore' });
      if (round >= 0) times[i]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return cases.map((c, i) => {
    const ms = times[i] ?? [];
    return {
      name: c.name,
      medianMs: median(ms),
      minMs: Math.min(...ms),
      maxMs: Math.max(...ms),
      tool: 'loop' as const,
    };
  });
}

// Times every case; hyperfine per case when present, else one alternating loop.
export async function measure(cases: readonly Case[], runs: number): Promise<Result[]> {
  const hyperfine =
    spawnSync('hyperfine', ['--version']).status === 0 && process.env.BENCH_TOOL !== 'loop';
  if (!hyperfine) return withLoop(cases, runs);
  return cases.map((c) => withHyperfine(c, runs) ?? withLoop([c], runs)[0]) as Result[];
}
