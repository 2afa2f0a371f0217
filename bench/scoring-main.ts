import { benchScoring } from './scoring'

// Run by bench/run.ts as an esbuild bundle, so the scoring code runs as the browser and Lambda bundles run it
// (tsx's development transform wraps every inner function and would measure itself, not the scorer).
process.stdout.write(`${JSON.stringify(benchScoring(Number(process.argv[2] ?? 100_000)))}\n`)
