// `npm test`: type checks, the desktop build, the whole vitest suite (process time zone UTC), the engine suites again
// under Pacific/Auckland, and one closing line "N passed, N failed". Runs itself inside a private
// D-Bus session with an unlocked gnome-keyring when there is none, so the keychain tests use the
// real Secret Service without touching the user's own keyring.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, chmodSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

if (!process.env.SLOTLINE_TEST_SESSION && hasCommand('dbus-run-session') && hasCommand('gnome-keyring-daemon')) {
  const home = mkdtempSync(join(tmpdir(), 'slotline-keyring-'))
  for (const dir of ['data', 'cache', 'run']) mkdirSync(join(home, dir))
  chmodSync(join(home, 'run'), 0o700)
  const inner = `printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "${process.execPath}" --experimental-strip-types --disable-warning=ExperimentalWarning "${join(root, 'test/run.ts')}" "$@"`
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SLOTLINE_TEST_SESSION: '1', XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), XDG_RUNTIME_DIR: join(home, 'run') },
  })
  rmSync(home, { recursive: true, force: true })
  process.exit(run.status ?? 1)
}

let passed = 0
let failed = 0

function check(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  process.stdout.write(`\n▶ ${name}\n`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status === 0
}

function vitest(name: string, args: string[], tz: string): void {
  const report = join(mkdtempSync(join(tmpdir(), 'slotline-vitest-')), 'report.json')
  const ok = check(name, bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { TZ: tz })
  if (!existsSync(report)) {
    failed++
    process.stdout.write(`${name}: vitest wrote no report\n`)
    return
  }
  const summary = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number; numFailedTestSuites: number }
  passed += summary.numPassedTests
  failed += summary.numFailedTests + (ok || summary.numFailedTests > 0 ? 0 : 1)
}

const only = process.argv.slice(2)
for (const project of ['tsconfig.json', 'tsconfig.web.json']) {
  if (check(`type check (${project})`, bin('tsc'), ['--noEmit', '-p', project])) passed++
  else failed++
}
if (only.length === 0) {
  // The desktop build: main (with server/ bundled), the CommonJS preload and the renderer.
  const built = check('electron-vite build', bin('electron-vite'), ['build'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
  if (built && check('node --check out/main/index.js', process.execPath, ['--check', join(root, 'out/main/index.js')])) passed++
  else failed++
}
vitest('tests (TZ=UTC)', only, 'UTC')
if (only.length === 0) vitest('engine tests (TZ=Pacific/Auckland)', ['test/scheduling'], 'Pacific/Auckland')

process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exit(failed === 0 ? 0 : 1)
