// Put the page together as one file: the template (src/index.html) with
// the stylesheet, the JavaScript bundle and the engine's WebAssembly
// (base64) inlined, and the hash of the page's inputs (inputs.txt)
// recorded, so that `cargo test` can tell when the page is stale.
//
//   node tools/assemble.mjs ENGINE.wasm BUNDLE.js OUT.html
//   node tools/assemble.mjs --hash        (print the inputs' hash)
//
// The hash: SHA-256 over every input file in path order, each as
// "<path>\n<byte length>\n<bytes>" (tests/playground.rs does the same).

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const page = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(page, "..");
const MAX_BYTES = 3 * 1024 * 1024;

function files(rel) {
  const abs = join(repo, rel);
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs).flatMap((name) => files(`${rel}/${name}`));
}

export function inputsHash() {
  const list = readFileSync(join(page, "inputs.txt"), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const all = list.flatMap(files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash("sha256");
  for (const rel of all) {
    const bytes = readFileSync(join(repo, rel));
    hash.update(`${rel}\n${bytes.length}\n`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

/** The licences of the npm packages bundled into the page (package-lock's
 *  non-dev packages), each text once with the packages it covers: the page
 *  carries their code, so it carries their notices too. */
function licences() {
  const lock = JSON.parse(readFileSync(join(page, "package-lock.json"), "utf8"));
  const byText = new Map();
  for (const [dir, info] of Object.entries(lock.packages)) {
    if (!dir || info.dev) continue;
    const name = dir.replace(/^.*node_modules\//, "");
    const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((f) => join(page, dir, f)).find((f) => {
      try { return statSync(f).isFile(); } catch { return false; }
    });
    const text = file ? readFileSync(file, "utf8").trim() : `${info.license || "unknown"} (no licence file)`;
    byText.set(text, [...(byText.get(text) || []), `${name} ${info.version}`]);
  }
  let all = [...byText].map(([text, names]) => `${names.join(", ")}:\n\n${text}`).join("\n\n* * *\n\n");
  // Nothing may end the HTML comment early (nor make it malformed).
  while (all.includes("--")) all = all.replace(/--/g, "- -");
  return all;
}

const args = process.argv.slice(2);
if (args[0] === "--hash") {
  console.log(inputsHash());
} else {
  const [wasmPath, bundlePath, outPath] = args;
  const template = readFileSync(join(page, "src/index.html"), "utf8");
  const style = readFileSync(join(page, "src/style.css"), "utf8");
  // `</script` inside the bundle would end the inline script early.
  const script = readFileSync(bundlePath, "utf8").replace(/<\/script/gi, "<\\/script");
  // Compressed: the module is 4 MB, 1.3 MB gzipped; the page inflates it
  // with the browser's DecompressionStream (src/engine.js).
  const wasm = gzipSync(readFileSync(wasmPath), { level: 9 }).toString("base64");
  const parts = { INPUTS_HASH: inputsHash(), STYLE: style, SCRIPT: script, WASM_BASE64: wasm, LICENCES: licences() };
  const html = template.replace(/@@([A-Z0-9_]+)@@/g, (m, key) => {
    if (!(key in parts)) throw new Error(`unknown placeholder ${m}`);
    return parts[key];
  });
  writeFileSync(outPath, html);
  const size = Buffer.byteLength(html);
  console.log(`${outPath}: ${(size / 1024 / 1024).toFixed(2)} MB (engine ${(readFileSync(wasmPath).length / 1024).toFixed(0)} KB, ${(wasm.length / 1024).toFixed(0)} KB gzipped in base64, script ${(Buffer.byteLength(script) / 1024).toFixed(0)} KB)`);
  if (size > MAX_BYTES) {
    console.error(`the page is over ${MAX_BYTES} bytes: the issue's limit is 3 MB`);
    process.exit(1);
  }
}
