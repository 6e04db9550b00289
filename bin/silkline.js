#!/usr/bin/env node
// Silkline runs on Node 24. Machines that ship an older Node get the project's own runtime,
// installed by `npm ci` from the npm package `node` into node_modules/.bin.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
// The service allocates briskly (tracking ingests thousands of events a second): a larger young
// generation cuts the time spent collecting it (bench/tracking: garbage collection 17 % → 12 % of
// the process's time at 16 → 32 MiB semi-spaces). Given when this launcher starts Node 24 itself;
// `npm start` passes it too. Never re-spawned for it on Node 24: a supervisor's SIGKILL of this
// process could not reach the child, which would keep the data directory.
const runtimeFlags = process.argv[2] === 'serve' ? ['--max-semi-space-size=32'] : [];
if (major < 24) {
  const local = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
  if (!existsSync(local)) {
    process.stderr.write(
      `silkline: needs Node.js 24 (this is ${process.version}); run \`npm ci\` in the project to install it.\n`,
    );
    process.exit(1);
  }
  // Run on the project's Node 24 (with the flags above), passing signals on so that `kill` of
  // this process stops the service gracefully too, and leave with the child's exit status.
  const child = spawn(
    local,
    [...runtimeFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => child.kill(signal));
  const code = await new Promise((done) =>
    child.on('exit', (status, signal) =>
      done(status ?? (signal ? 128 + (constants.signals[signal] ?? 1) : 1)),
    ),
  );
  process.exit(code);
}
const { main } = await import('../src/shell/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
