// The first load of #/, gzip-compressed as the gateway serves it: index.html and the JS and CSS it loads.
// Prints each file and the total; fails when the total is over the budget (300 KB from the issue; we aim < 60 KB).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 300 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const loaded = [...html.matchAll(/(?:src|href)="\/app\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const files = ["index.html", ...new Set(loaded)];
let total = 0;
for (const file of files) {
  const bytes = readFileSync(join(dist, file));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`${file.padEnd(40)} ${String(bytes.length).padStart(8)} B  gzip ${String(gzipped).padStart(7)} B`);
}
console.log(`first load of #/ (gzip): ${(total / 1024).toFixed(1)} KB (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error("over the first-load budget");
  process.exit(1);
}
