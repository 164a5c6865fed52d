// Shared bits of the benchmarks: command-line options, quick mode and the markdown result row
// that scripts/bench.mjs collects (| benchmark | figure | baseline (same run) | ratio |).

/** `--name value` or `--name=value` from the command line, else the fallback. */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1] ?? fallback;
    if (args[i]!.startsWith(`--${name}=`)) return args[i]!.slice(name.length + 3);
  }
  return fallback;
}

/** Set by `npm run bench -- --quick`: a short run that still exercises everything. */
export const QUICK = process.env.LINLI_BENCH_QUICK === '1';

export function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

export function formatRate(perSecond: number, unit: string): string {
  const text = perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)} k` : perSecond.toFixed(0);
  return `${text} ${unit}/s`;
}

/** One result line; ratio is figure / baseline, so above 1 means faster than the baseline. */
export function resultRow(benchmark: string, figure: string, baseline: string, ratio: number): string {
  return `| ${benchmark} | ${figure} | ${baseline} | ${ratio.toFixed(2)}x |`;
}

export function printHeader(): void {
  console.log('| benchmark | figure | baseline (same run) | ratio |');
  console.log('|---|---|---|---|');
}
