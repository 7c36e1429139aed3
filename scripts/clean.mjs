// Removes build output before a build, so files of deleted sources (or source maps from an older
// configuration) never linger in dist/ and end up in the package.
import { rmSync } from "node:fs";

for (const dir of process.argv.slice(2)) rmSync(dir, { recursive: true, force: true });
