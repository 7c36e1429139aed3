// Every input a command reads: a path, `-` for standard input, or whatever a reader in READERS claims
// (an `http(s)://` reader plugs in there). Bytes in, text out: a UTF-8 BOM is dropped, invalid UTF-8 is
// recorded, and every error names the input. Commands never open input files themselves.
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { urlReader } from "./http-options.js";
import { CliError, type CliIO } from "./io.js";

/** An input, opened: what reports call it and its bytes, in chunks, read once. */
export interface OpenedInput {
  /** How messages and reports name it: the path as given, `<stdin>`, a URL. */
  readonly name: string;
  /** The absolute path, when it is a local file (only files can be written back by `lint --fix`). */
  readonly path?: string;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * A source of inputs. Readers are asked in order; the first that claims a spec opens it, and the
 * file reader takes whatever no other reader claims. Keep `claims` cheap and load heavy modules
 * inside `open` (start-up time matters).
 */
export interface InputReader {
  claims(spec: string): boolean;
  /** Opens the input or throws a CliError whose message names it. */
  open(spec: string, io: CliIO, what: string): Promise<OpenedInput>;
}

/** An input read in full and decoded. */
export interface InputText {
  /** The text, without a leading byte order mark. */
  readonly text: string;
  readonly name: string;
  readonly path?: string;
  /** Whether the bytes began with a UTF-8 BOM (dropped from `text`; `lint --fix` writes it back). */
  readonly bom: boolean;
  /**
   * Where the first byte sequence that is not UTF-8 is, when there is one. The text holds U+FFFD
   * there, so it cannot be written back byte for byte.
   */
  readonly invalidUtf8?: BytePosition;
}

/** The spec that means standard input. */
export const STDIN_SPEC = "-";
const STDIN_NAME = "<stdin>";

/** Inputs whose standard input has been consumed: `-` can be given once per run. */
const stdinTaken = new WeakSet<CliIO>();

const stdinReader: InputReader = {
  claims: (spec) => spec === STDIN_SPEC,
  async open(_spec, io, what) {
    if (stdinTaken.has(io)) {
      throw new CliError(`cannot read ${what}from standard input: it was already read for another input`);
    }
    stdinTaken.add(io);
    return { name: STDIN_NAME, chunks: io.stdin() };
  },
};

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
};

/** A one-line reason for a file system error ("no such file or directory"). */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return (err?.code && READ_ERRORS[err.code]) ?? err?.code ?? (err?.message || String(e));
}

const fileReader: InputReader = {
  claims: () => true,
  async open(spec, io, what) {
    const path = resolve(io.cwd, spec);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, "r");
    } catch (e) {
      throw new CliError(`cannot read ${what}${spec}: ${describeFsError(e)}`);
    }
    return { name: spec, path, chunks: handleChunks(handle, spec, what) };
  },
};

/** Bytes per read: big enough to batch many eval lines per write, small enough to answer promptly. */
const CHUNK_BYTES = 256 * 1024;

async function* handleChunks(
  handle: Awaited<ReturnType<typeof open>>,
  spec: string,
  what: string,
): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let n: number;
      try {
        n = (await handle.read(buffer, 0, buffer.length, null)).bytesRead;
      } catch (e) {
        throw new CliError(`cannot read ${what}${spec}: ${describeFsError(e)}`);
      }
      if (n === 0) return;
      yield n === buffer.length ? buffer : buffer.subarray(0, n);
    }
  } finally {
    await handle.close();
  }
}

// Readers other than the file reader go before it (for example an http(s):// reader).
const READERS: readonly InputReader[] = [stdinReader, urlReader, fileReader];

/** `what` ("inventory") as a message prefix: "cannot read inventory x.json". */
const label = (what: string | undefined) => (what ? `${what} ` : "");

/**
 * Opens an input for streaming (`eval` answers line by line). Errors name the input.
 * @example const input = await openInput("-", io, "requests")
 */
export function openInput(spec: string, io: CliIO, what?: string): Promise<OpenedInput> {
  const reader = READERS.find((r) => r.claims(spec))!;
  return reader.open(spec, io, label(what));
}

/**
 * Reads an input in full and decodes it as UTF-8 (BOM dropped, invalid bytes noted).
 * @example const { text, name } = await readInput("state.json", io, "inventory")
 */
export async function readInput(spec: string, io: CliIO, what?: string): Promise<InputText> {
  const opened = await openInput(spec, io, what);
  const chunks: Uint8Array[] = [];
  for await (const chunk of opened.chunks) chunks.push(chunk);
  const decoded = decodeUtf8(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  return {
    ...decoded,
    name: opened.name,
    ...(opened.path === undefined ? {} : { path: opened.path }),
  };
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Decodes UTF-8: drops a leading BOM and records where the first invalid byte is, if any. */
export function decodeUtf8(bytes: Uint8Array): { text: string; bom: boolean; invalidUtf8?: BytePosition } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strict.decode(body), bom };
  } catch {
    const offset = firstInvalidUtf8(body);
    return { text: lenient.decode(body), bom, invalidUtf8: bytePosition(body, offset, bom ? 3 : 0) };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return bytes.length;
}

/** A byte offset in a file, with its 1-based line and column (the column counted in bytes). */
export interface BytePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

function bytePosition(bytes: Uint8Array, offset: number, shift: number): BytePosition {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { offset: offset + shift, line, column: offset - start + 1 };
}

/**
 * Runs a library call on one input. The library is written to survive any input, but should a deeply
 * nested or huge input still exhaust the stack, the user learns which input it was rather than
 * reading "internal error".
 */
export function withInput<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new CliError(`cannot process ${name}: it is nested too deeply or is too large (${e.message})`);
  }
}
