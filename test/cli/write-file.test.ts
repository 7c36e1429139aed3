// writeFileSafely against real files: links, modes, owners, refusals, temporary files, signals.
import { spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/io.js";
import { writeFileSafely } from "../../src/cli/write-file.js";
import { IS_ROOT, REPO, runCli, UNPRIVILEGED } from "../helpers/cli-process.js";

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mc-write-"));
  // Readable by the unprivileged user some tests run as.
  chmodSync(dir, 0o755);
  return dir;
}

describe("writeFileSafely", () => {
  it("creates a new file with the usual permissions and no temporary file left", async () => {
    const dir = tempDir();
    await writeFileSafely(join(dir, "new.txt"), "hello\n");
    expect(readFileSync(join(dir, "new.txt"), "utf8")).toBe("hello\n");
    expect(statSync(join(dir, "new.txt")).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(readdirSync(dir)).toEqual(["new.txt"]);
  });

  it("replaces an existing file atomically (a new inode), keeping its mode", async () => {
    const dir = tempDir();
    const path = join(dir, "app.json");
    writeFileSync(path, "old");
    chmodSync(path, 0o640);
    const before = statSync(path);
    await writeFileSafely(path, Buffer.from("new"));
    const after = statSync(path);
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o7777).toBe(0o640);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "keeps the owner and group of a file it replaces (as root)",
    async () => {
      const dir = tempDir();
      const path = join(dir, "owned.json");
      writeFileSync(path, "old");
      chownSync(path, 1234, 5678);
      await writeFileSafely(path, "new");
      expect(statSync(path)).toMatchObject({ uid: 1234, gid: 5678 });
    },
  );

  it("writes through a symbolic link: the link stays and its target gets the content", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "app.json"), "old");
    symlinkSync("real/app.json", join(dir, "link.json"));
    symlinkSync("link.json", join(dir, "link2.json"));
    await writeFileSafely(join(dir, "link2.json"), "new");
    expect(lstatSync(join(dir, "link2.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.json"))).toBe("real/app.json");
    expect(readFileSync(join(dir, "real", "app.json"), "utf8")).toBe("new");
    expect(readdirSync(join(dir, "real"))).toEqual(["app.json"]);
  });

  it("creates the target of a dangling link", async () => {
    const dir = tempDir();
    symlinkSync("target.txt", join(dir, "link.txt"));
    await writeFileSafely(join(dir, "link.txt"), "x");
    expect(lstatSync(join(dir, "link.txt")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "target.txt"), "utf8")).toBe("x");
  });

  it("refuses a read-only file and leaves it as it was", async () => {
    const dir = tempDir();
    const path = join(dir, "ro.json");
    writeFileSync(path, "old");
    chmodSync(path, 0o444);
    await expect(writeFileSafely(path, "new", { name: "ro.json" })).rejects.toThrow(
      new CliError("cannot write ro.json: it is read-only (mode 0444); nothing was written"),
    );
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["ro.json"]);
  });

  it("refuses a file with several hard links rather than splitting them", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.json"), "old");
    linkSync(join(dir, "a.json"), join(dir, "b.json"));
    await expect(writeFileSafely(join(dir, "a.json"), "new", { name: "a.json" })).rejects.toThrow(
      /^cannot write a\.json: it has 2 hard links, and replacing it would leave the other names with the old content/,
    );
    expect(readFileSync(join(dir, "b.json"), "utf8")).toBe("old");
    expect(statSync(join(dir, "a.json")).nlink).toBe(2);
  });

  it("names the link's target when the target is what is refused", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.json"), "old");
    chmodSync(join(dir, "t.json"), 0o400);
    symlinkSync("t.json", join(dir, "l.json"));
    await expect(writeFileSafely(join(dir, "l.json"), "new", { name: "l.json" })).rejects.toThrow(
      `cannot write l.json: its target ${join(dir, "t.json")} is read-only (mode 0400)`,
    );
  });

  it("refuses a directory", async () => {
    const dir = tempDir();
    await expect(writeFileSafely(dir, "x", { name: "out" })).rejects.toThrow(
      "cannot write out: it is a directory; nothing was written",
    );
  });

  // sysfs refuses new files even to root: a directory no test set-up can make.
  const sysWritable = (() => {
    try {
      closeSync(openSync("/sys/.mc-probe", "wx"));
      unlinkSync("/sys/.mc-probe");
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(sysWritable || !existsSync("/sys"))(
    "names the directory when it may not create a file there (/sys: refused even to root)",
    async () => {
      await expect(writeFileSafely("/sys/mc-report.txt", "x", { name: "report.txt" })).rejects.toThrow(
        /^cannot write report\.txt: cannot create a temporary file in the directory \/sys: (permission denied|read-only file system); nothing was written$/,
      );
    },
  );

  it("names the directory when it cannot create the temporary file there", async () => {
    const dir = tempDir();
    const missing = join(dir, "no-such-dir");
    await expect(writeFileSafely(join(missing, "out.txt"), "x", { name: "out.txt" })).rejects.toThrow(
      `cannot write out.txt: cannot create a temporary file in the directory ${missing}: no such file or directory; nothing was written`,
    );
  });

  it("writes special files such as /dev/null in place", async () => {
    await writeFileSafely("/dev/null", "discarded");
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("writes a stream of chunks", async () => {
    const dir = tempDir();
    async function* chunks() {
      yield "a";
      yield Buffer.from("b");
    }
    await writeFileSafely(join(dir, "s.txt"), chunks());
    expect(readFileSync(join(dir, "s.txt"), "utf8")).toBe("ab");
  });

  it("removes its temporary file when the content fails midway, leaving the target as it was", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.txt"), "old");
    async function* failing() {
      yield "partial";
      throw new Error("the report could not be rendered");
    }
    await expect(writeFileSafely(join(dir, "t.txt"), failing())).rejects.toThrow("could not be rendered");
    expect(readdirSync(dir)).toEqual(["t.txt"]);
    expect(readFileSync(join(dir, "t.txt"), "utf8")).toBe("old");
  });

  it("removes its temporary file on SIGTERM and SIGINT, and dies of the signal", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const dir = tempDir();
      writeFileSync(join(dir, "t.txt"), "old");
      // A child writes a stream that stalls after its first chunk; the signal arrives mid-write.
      const script = `
        const { writeFileSafely } = await import(${JSON.stringify(join(REPO, "dist/cli/write-file.js"))});
        async function* slow() { yield "partial"; process.stdout.write("started\\n"); await new Promise((r) => setTimeout(r, 20000)); yield "rest"; }
        await writeFileSafely(${JSON.stringify(join(dir, "t.txt"))}, slow());`;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((ok) => child.stdout.once("data", () => ok()));
      expect(readdirSync(dir)).toHaveLength(2);
      child.kill(signal);
      const [, killedBy] = await new Promise<[number | null, string | null]>((ok) =>
        child.once("exit", (code, sig) => ok([code, sig])),
      );
      expect(killedBy).toBe(signal);
      expect(readdirSync(dir)).toEqual(["t.txt"]);
      expect(readFileSync(join(dir, "t.txt"), "utf8")).toBe("old");
    }
  });
});

describe("writeFileSafely as an unprivileged user (through simulate --out)", () => {
  const args = [
    "simulate",
    "--inventory",
    "examples/cluster.yaml",
    "--workload",
    "examples/workloads/kubernetes-ha.json",
  ];
  const user = UNPRIVILEGED;
  // As root, permission bits bind only for another user, who must be able to reach Node and the bundle.
  const skip = IS_ROOT && user === undefined;
  const why = skip
    ? " (skipped: running as root, and user nobody cannot reach this clone's Node and bundle)"
    : "";

  it.skipIf(skip)(`names the directory when it is read-only${why}`, () => {
    const dir = tempDir();
    const ro = join(dir, "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = runCli([...args, "--out", join(ro, "report.txt")], user ? { asUser: user } : {});
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `marathon-constraints simulate: cannot write ${join(ro, "report.txt")}: cannot create a temporary file in the directory ${ro}: permission denied; nothing was written\n`,
    );
  });

  it.skipIf(skip)(
    `refuses a file it may not write even though the directory would allow replacing it${why}`,
    () => {
      const dir = tempDir();
      chmodSync(dir, 0o777);
      const path = join(dir, "theirs.txt");
      writeFileSync(path, "old");
      chmodSync(path, 0o644);
      if (user) chownSync(path, 0, 0);
      else chmodSync(path, 0o444);
      const r = runCli([...args, "--out", path], user ? { asUser: user } : {});
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        user
          ? /cannot write .*theirs\.txt: it is not writable by this user \(mode 0644, owner 0:0\); nothing was written/
          : /cannot write .*theirs\.txt: it is read-only \(mode 0444\); nothing was written/,
      );
      expect(readFileSync(path, "utf8")).toBe("old");
    },
  );
});
