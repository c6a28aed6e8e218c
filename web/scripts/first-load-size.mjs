// Prints the gzipped size of the scripts that out/login/index.html makes a
// browser load, and fails when their sum exceeds the budget. `noModule`
// scripts (Next's legacy polyfills) are listed but not counted: browsers that
// run this app skip them. Chunks the page only preloads (its lazily hydrated
// form) are listed and summed apart, so the whole download is on record too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const OUT = new URL("../out/", import.meta.url).pathname;
const PAGE = process.argv[2] ?? "login/index.html";
const BUDGET_KIB = Number(process.env.SIZE_BUDGET_KIB ?? 150);

const html = readFileSync(join(OUT, PAGE), "utf8");
const tags = [...new Set(html.match(/<script\b[^>]*\bsrc="[^"]+"[^>]*>/g) ?? [])];
const scripts = tags.map((tag) => tag.match(/\bsrc="([^"]+)"/)[1]);
const preloads = [...html.matchAll(/<link\b[^>]*\bas="script"[^>]*>/g)]
  .map(([tag]) => tag.match(/\bhref="([^"]+)"/)[1])
  .filter((href) => !scripts.includes(href));

const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
const gzipped = (src) => gzipSync(readFileSync(join(OUT, src.split(/[?#]/)[0]))).length;

let total = 0;
tags.forEach((tag, index) => {
  const bytes = gzipped(scripts[index]);
  const skipped = /\bnomodule\b/i.test(tag);
  if (!skipped) total += bytes;
  console.log(`${kib(bytes)} KiB  ${scripts[index]}${skipped ? "  (noModule: not counted)" : ""}`);
});
console.log(`${kib(total)} KiB  total gzipped for /${PAGE} (budget ${BUDGET_KIB} KiB)`);

let preloaded = 0;
for (const href of [...new Set(preloads)]) {
  const bytes = gzipped(href);
  preloaded += bytes;
  console.log(`${kib(bytes)} KiB  ${href}  (preloaded, runs after hydration)`);
}
if (preloaded) console.log(`${kib(preloaded)} KiB  preloaded lazy chunks; ${kib(total + preloaded).trim()} KiB in all`);
if (total / 1024 > BUDGET_KIB) {
  console.error(`Over budget by ${(total / 1024 - BUDGET_KIB).toFixed(1)} KiB`);
  process.exit(1);
}
