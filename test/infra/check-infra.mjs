#!/usr/bin/env node
// `npm run check:infra`: type-checks sst.config.ts and stacks/ against SST's real component types,
// and has SST's own loader evaluate app(), offline, on a fresh clone (after `npm ci`).
//
// SST ships its platform (the component sources behind `sst.aws.*`, `$app`, `$config`) embedded in
// the CLI binary and copies it to .sst/platform on its first run; `sst install` then downloads
// Pulumi, bun and the providers, which is impossible offline. We run the same binary from
// node_modules with its dependency download switched off, keep the platform it copied, and write
// the config.d.ts that `sst install` would write for the aws provider. @pulumi/pulumi and
// @pulumi/aws come from our own devDependencies, pinned to the versions this platform declares.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(root, 'package.json'))
const platformDir = join(root, '.sst', 'platform')
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
// Not require.resolve: `sst` does not export its package.json.
const installedVersion = (name) => readJson(join(root, 'node_modules', name, 'package.json')).version

function fail(message) {
  console.error(`check:infra: ${message}`)
  process.exit(1)
}

function sstBinary() {
  if (process.env.SST_BIN_PATH) return process.env.SST_BIN_PATH
  const pkg = `sst-${process.platform}-${process.arch}`
  try {
    return require.resolve(`${pkg}/bin/${process.platform === 'win32' ? 'sst.exe' : 'sst'}`)
  } catch {
    fail(`the SST CLI binary for this platform (${pkg}) is not installed; run npm ci`)
  }
}

// What `sst install` writes (pkg/project/install.go, writeTypes) when the only provider is aws.
const CONFIG_D_TS = `import "./src/global.d.ts"
import "../types.generated"
import { AppInput, App, Config } from "./src/config"
import * as _aws from "@pulumi/aws";


declare global {
  // @ts-expect-error
  export import aws = _aws
  interface Providers {
    providers?: {
      "aws"?:  (_aws.ProviderArgs & { package?: string, version?: string }) | string;
    }
  }
  export const $config: (
    input: Omit<Config, "app"> & {
      app(input: AppInput): Promise<Omit<App, "providers"> & Providers> | (Omit<App, "providers"> & Providers);
    },
  ) => Config;
}
`

function preparePlatform(sstVersion) {
  const versionFile = join(platformDir, 'version')
  const ready =
    existsSync(join(platformDir, 'src', 'config.ts')) &&
    existsSync(versionFile) &&
    readFileSync(versionFile, 'utf8').trim() === sstVersion
  if (!ready) {
    // A throwaway project with home "local": no provider to look up on the registry. The CLI
    // copies its platform, then fails at "bun install" (the bun path points nowhere), which
    // is the step we must not take; we therefore judge success by the copied files.
    const scratch = mkdtempSync(join(tmpdir(), 'xa-so-sst-platform-'))
    try {
      writeFileSync(
        join(scratch, 'sst.config.ts'),
        `export default $config({ app() { return { name: "platform", home: "local" } }, async run() {} })\n`,
      )
      writeFileSync(join(scratch, 'package.json'), '{ "private": true }\n')
      try {
        execFileSync(sstBinary(), ['install', '--stage', 'platform'], {
          cwd: scratch,
          stdio: 'pipe',
          env: {
            ...process.env,
            HOME: scratch,
            USERPROFILE: scratch,
            SST_SKIP_DEPENDENCY_CHECK: '1',
            SST_TELEMETRY_DISABLED: '1',
            SST_BUN_PATH: join(scratch, 'no-bun'),
            SST_NO_BUN: '',
          },
        })
      } catch {
        // expected, see above
      }
      const copied = join(scratch, '.sst', 'platform')
      const copiedVersion = existsSync(join(copied, 'version'))
        ? readFileSync(join(copied, 'version'), 'utf8').trim()
        : undefined
      if (copiedVersion !== sstVersion || !existsSync(join(copied, 'src', 'config.ts'))) {
        fail(`the sst ${sstVersion} CLI did not extract its platform sources (got version ${copiedVersion})`)
      }
      rmSync(platformDir, { recursive: true, force: true })
      mkdirSync(dirname(platformDir), { recursive: true })
      cpSync(copied, platformDir, { recursive: true })
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }
  writeFileSync(join(platformDir, 'config.d.ts'), CONFIG_D_TS)
}

// Types checked against a different @pulumi version than the one `sst deploy` installs would be
// a check of something else.
function checkPins() {
  const wanted = readJson(join(platformDir, 'package.json')).dependencies
  const problems = []
  for (const name of ['@pulumi/pulumi', '@pulumi/aws']) {
    const want = String(wanted[name]).replace(/^v/, '')
    const have = installedVersion(name)
    if (want !== have) problems.push(`${name}: SST ${sstVersion()} deploys ${want}, node_modules has ${have}`)
  }
  if (problems.length) {
    fail(`pin these devDependencies to the versions SST uses:\n  ${problems.join('\n  ')}`)
  }
}

// The SST CLI bundles sst.config.ts with its own esbuild rules (it rejects top-level imports, for
// one) and runs app() before anything else. We let it do exactly that, then stop it at the first
// network step: the provider lookup goes to a registry address that refuses connections.
function evaluateWithSst(stage) {
  let output
  try {
    output = execFileSync(sstBinary(), ['install', '--stage', stage, '--print-logs'], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
      env: {
        ...process.env,
        SST_SKIP_DEPENDENCY_CHECK: '1',
        SST_TELEMETRY_DISABLED: '1',
        NPM_REGISTRY: 'http://127.0.0.1:9',
        SST_BUN_PATH: join(root, '.sst', 'no-bun'),
        SST_NO_BUN: '',
      },
    })
  } catch (error) {
    output = `${error.stdout ?? ''}${error.stderr ?? ''}`
  }
  // "checking platform" is logged only once the config has loaded and app()'s answer was accepted.
  const loaded = /msg="config evaluated"/.test(output) && /msg="checking platform"/.test(output)
  if (!loaded || /Error evaluating config|ErrTopLevelImport/.test(output)) {
    console.error(output)
    fail(`SST could not load sst.config.ts for stage ${stage} (its own output is above)`)
  }
}

function sstVersion() {
  return installedVersion('sst')
}

function typecheck() {
  const configPath = join(root, 'stacks', 'tsconfig.json')
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  })
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options })
  // SST's own sources are compiled too (they are .ts, not .d.ts) but are not ours to fix: they
  // import providers we do not use (cloudflare, vercel, …) and are not written for our stricter
  // flags. Only diagnostics in our files count; the canary proves the types we use are real.
  const ours = (file) => {
    const rel = relative(root, file.fileName)
    return !rel.startsWith('..') && !rel.startsWith(`.sst${sep}`) && !rel.split(sep).includes('node_modules')
  }
  const checked = program.getSourceFiles().filter(ours)
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ]
  const host = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  }
  if (diagnostics.length) {
    console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host))
    fail(`${diagnostics.length} type error(s) in the infrastructure code`)
  }
  console.log(
    `check:infra: ok — ${checked.length} files checked against sst ${sstVersion()} platform types:\n  ` +
      checked.map((f) => relative(root, f.fileName)).join('\n  '),
  )
}

preparePlatform(sstVersion())
checkPins()
for (const stage of ['quang-ngai', 'dev-check']) evaluateWithSst(stage)
console.log('check:infra: SST loads sst.config.ts and evaluates app() for a province and a dev stage')
typecheck()
