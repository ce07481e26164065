#!/usr/bin/env node
// pretest: the Debian packages the tests drive, installed the way .ci/run used to (apt-get, as root
// or through passwordless sudo), or else a one-line refusal naming the command to run. Plain Node,
// no dependencies, because it runs before anything is installed.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** Each package the tests need and the file that shows it is installed. */
const PACKAGES = [
  { name: 'chromium', file: '/usr/bin/chromium', for: 'browser tests (playwright-core)' },
  { name: 'libreoffice-writer-nogui', file: '/usr/bin/soffice', for: 'rendering the .docx documents to PDF' },
  { name: 'poppler-utils', file: '/usr/bin/pdftotext', for: 'reading the rendered PDFs' },
  {
    name: 'fonts-liberation',
    file: '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
    for: 'Times New Roman metrics in the PDFs',
  },
];

const missing = PACKAGES.filter((p) => !fs.existsSync(p.file));
if (missing.length > 0) {
  const names = missing.map((p) => p.name);
  const command = `sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const aptGet = fs.existsSync('/usr/bin/apt-get');
  if (!aptGet || (!root && !sudo)) {
    console.error(`npm test needs ${names.join(', ')} (${missing.map((p) => p.for).join('; ')}): run ${command}`);
    process.exit(1);
  }
  console.log(`installing ${names.join(', ')} for the tests …`);
  const run = (args) =>
    execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', ...names]);
}
