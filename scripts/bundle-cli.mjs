// Bundles the command line (dist/cli/bin.js, built by tsc) into dist/bin/: one small entry file and a
// chunk per command, loaded on demand. Start-up is most of a short command's time, and Node loads one
// bundled file far faster than the ~100 modules of our code, chevrotain and yaml (bench: cli start-up).
// The library (dist/index.js) is not bundled: importers get ordinary modules.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist", "bin");

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { "marathon-constraints": join(root, "dist", "cli", "bin.js") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // Licence comments of bundled packages stay in the files that carry their code.
  legalComments: "inline",
  chunkNames: "chunks/[name]-[hash]",
  // .mjs: Node then knows the format without looking up package.json scopes for every file.
  outExtension: { ".js": ".mjs" },
  // yaml's Node build is CommonJS and requires Node built-ins: give the bundle a real `require`.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});
