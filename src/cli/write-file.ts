// Writing a user's file without ever losing or corrupting it: every command that writes (`lint --fix`,
// `simulate --out`, ...) goes through writeFileSafely. Owns the temporary files and their removal on
// SIGINT/SIGTERM/SIGHUP; nothing else in the CLI creates files.
import { randomBytes } from "node:crypto";
import { type Stats, unlinkSync } from "node:fs";
import { access, constants, lstat, open, readlink, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { describeFsError } from "./input.js";
import { CliError } from "./io.js";

/** What writeFileSafely accepts: text (written as UTF-8), bytes, or a stream of either. */
export type FileContent =
  | string
  | Uint8Array
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

export interface WriteOptions {
  /** How messages name the file (the path as the user gave it); default: the path. */
  readonly name?: string;
}

/** Symbolic links followed before giving up, as the kernel's own limit. */
const MAX_LINKS = 40;

/**
 * Writes `content` to `path` so that the file is either entirely old or entirely new, whatever happens:
 * a temporary file in the target's directory, flushed to disk, then renamed over the target.
 *
 * - A symbolic link stays a link: its final target is replaced (a dangling link gets its target created).
 * - An existing file keeps its mode and owner (the owner through chown; where that is not permitted
 *   the write is refused rather than silently handing the file to another user).
 * - Refused, with the file untouched: read-only files (no write permission bit, or not writable by this
 *   user), files with several hard links (a rename would split them: the other names would keep the old
 *   content), directories.
 * - Special files (a FIFO, /dev/stdout) are written in place: they cannot be replaced by a rename.
 * - The temporary file is removed on failure and on SIGINT, SIGTERM and SIGHUP.
 *
 * Throws a CliError that names the file (and the directory, when the temporary file cannot be created).
 * @example await writeFileSafely("/etc/marathon/app.json", fixedText, { name: "app.json" })
 */
export async function writeFileSafely(
  path: string,
  content: FileContent,
  options: WriteOptions = {},
): Promise<void> {
  const name = options.name ?? path;
  const fail = (why: string): never => {
    throw new CliError(`cannot write ${name}: ${why}; nothing was written`);
  };
  const target = await followLinks(resolve(path), name);
  let existing: Stats | undefined;
  try {
    existing = await stat(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") fail(describeFsError(e));
  }
  if (existing !== undefined) {
    const shown = target === resolve(path) ? "it" : `its target ${target}`;
    if (existing.isDirectory()) fail(`${shown} is a directory`);
    if (!existing.isFile()) {
      // A FIFO or a device (--out /dev/stdout): there is nothing to replace atomically.
      await writeInPlace(target, content).catch((e) => fail(describeFsError(e)));
      return;
    }
    const mode = (existing.mode & 0o777).toString(8).padStart(4, "0");
    if ((existing.mode & 0o222) === 0) fail(`${shown} is read-only (mode ${mode})`);
    if (!(await writable(target))) {
      fail(`${shown} is not writable by this user (mode ${mode}, owner ${existing.uid}:${existing.gid})`);
    }
    if (existing.nlink > 1) {
      fail(
        `${shown} has ${existing.nlink} hard links, and replacing it would leave the other names with the old content; ` +
          "copy it (cp --remove-destination) to give it a single name",
      );
    }
  }
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // A new file gets the usual 0666 & ~umask; an existing file's mode is copied below.
    handle = await open(tmp, "wx", existing ? 0o600 : 0o666);
  } catch (e) {
    return fail(`cannot create a temporary file in the directory ${dir}: ${describeFsError(e)}`);
  }
  pending.add(tmp);
  syncSignalHandlers();
  try {
    try {
      await writeContent(handle, content);
      if (existing !== undefined) {
        await handle.chmod(existing.mode & 0o7777);
        if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
          try {
            await handle.chown(existing.uid, existing.gid);
          } catch (e) {
            fail(
              `it belongs to user ${existing.uid}, group ${existing.gid}, and the rewritten file could not keep that owner (${describeFsError(e)})`,
            );
          }
        }
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, target);
    } catch (e) {
      fail(`cannot replace it in the directory ${dir}: ${describeFsError(e)}`);
    }
    pending.delete(tmp);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e instanceof CliError
      ? e
      : new CliError(`cannot write ${name}: ${describeFsError(e)}; nothing was written`);
  } finally {
    pending.delete(tmp);
    syncSignalHandlers();
  }
}

/** The file a path finally names after every symbolic link (which may not exist yet). */
async function followLinks(path: string, name: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw new CliError(`cannot write ${name}: ${describeFsError(e)}; nothing was written`);
    }
    if (!info.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new CliError(`cannot write ${name}: too many levels of symbolic links; nothing was written`);
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function writeContent(handle: Awaited<ReturnType<typeof open>>, content: FileContent): Promise<void> {
  if (typeof content === "string" || content instanceof Uint8Array) {
    await handle.writeFile(content);
    return;
  }
  for await (const chunk of content) {
    if (typeof chunk === "string") await handle.write(chunk);
    else await handle.write(chunk);
  }
}

async function writeInPlace(path: string, content: FileContent): Promise<void> {
  if (typeof content === "string" || content instanceof Uint8Array) {
    await writeFile(path, content);
    return;
  }
  const handle = await open(path, "w");
  try {
    await writeContent(handle, content);
  } finally {
    await handle.close();
  }
}

/** Temporary files not yet renamed: removed synchronously if the process is interrupted. */
const pending = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone: nothing to clean.
    }
  }
  pending.clear();
  syncSignalHandlers();
  // Die of the same signal, so the parent (a shell, make, CI) sees how this process ended.
  process.kill(process.pid, signal);
}

/** Handlers exist only while temporary files do, so Node's default signal behaviour is kept otherwise. */
function syncSignalHandlers(): void {
  if (pending.size > 0 && !installed) {
    for (const s of SIGNALS) process.on(s, onSignal);
    installed = true;
  } else if (pending.size === 0 && installed) {
    for (const s of SIGNALS) process.off(s, onSignal);
    installed = false;
  }
}
