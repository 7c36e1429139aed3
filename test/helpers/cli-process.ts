// Runs the built CLI (the bundle in dist/bin/, built by test/global-setup.ts) as a real process.
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/bin/marathon-constraints.mjs", import.meta.url));
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Whether the suite runs as root, where permission bits do not bind. */
export const IS_ROOT = process.getuid?.() === 0;

/**
 * An unprivileged user (nobody) to run the CLI as when the suite runs as root, if that user can reach
 * Node and the bundle (a clone inside a private temporary directory, as in CI, it cannot).
 */
export const UNPRIVILEGED: { uid: number; gid: number } | undefined = (() => {
  if (!IS_ROOT) return undefined;
  const user = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, [BIN, "--version"], { ...user, timeout: 20_000 });
  return probe.status === 0 ? user : undefined;
})();

export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/bin/marathon-constraints.mjs ...args` to completion. */
export function runCli(
  args: readonly string[],
  options: { input?: string; cwd?: string; node?: string; asUser?: { uid: number; gid: number } } = {},
): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? REPO,
    encoding: "utf8",
    env,
    timeout: 20_000,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.asUser ?? {}),
  };
  const r = spawnSync(options.node ?? process.execPath, [BIN, ...args], spawnOptions);
  return {
    status: r.status,
    signal: r.signal,
    stdout: String(r.stdout ?? ""),
    stderr: String(r.stderr ?? ""),
  };
}
