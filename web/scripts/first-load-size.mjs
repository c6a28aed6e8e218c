// Prints the gzipped size of the scripts that out/login/index.html makes a
// browser load, and fails when their sum exceeds the budget. `noModule`
// scripts (Next's legacy polyfills) are listed but not counted: browsers that
// run this app skip them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const OUT = new URL("../out/", import.meta.url).pathname;
const PAGE = process.argv[2] ?? "login/index.html";
const BUDGET_KIB = Number(process.env.SIZE_BUDGET_KIB ?? 150);

const html = readFileSync(join(OUT, PAGE), "utf8");
const tags = [...new Set(html.match(/<script\b[^>]*\bsrc="[^"]+"[^>]*>/g) ?? [])];

const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
let total = 0;
for (const tag of tags) {
  const src = tag.match(/\bsrc="([^"]+)"/)[1];
  const bytes = gzipSync(readFileSync(join(OUT, src.split(/[?#]/)[0]))).length;
  const skipped = /\bnomodule\b/i.test(tag);
  if (!skipped) total += bytes;
  console.log(`${kib(bytes)} KiB  ${src}${skipped ? "  (noModule: not counted)" : ""}`);
}

console.log(`${kib(total)} KiB  total gzipped for /${PAGE} (budget ${BUDGET_KIB} KiB)`);
if (total / 1024 > BUDGET_KIB) {
  console.error(`Over budget by ${(total / 1024 - BUDGET_KIB).toFixed(1)} KiB`);
  process.exit(1);
}
