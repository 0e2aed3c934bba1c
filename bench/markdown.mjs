#!/usr/bin/env node
// Print a bench results file (default bench/results/latest.json) as the Markdown tables of docs/performance.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.join(here, 'results', 'latest.json');
if (!fs.existsSync(file)) {
  console.error(`bench: no results at ${file}; run \`npm run bench\` first`);
  process.exit(1);
}
console.log(renderMarkdown(JSON.parse(fs.readFileSync(file, 'utf8'))));
