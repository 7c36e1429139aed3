// The command-line side of reading over HTTP(S): the shared options (--token-file, --ca-cert,
// --insecure, --timeout), credentials from the environment, one client built from them, and the
// input reader that lets every command take an http(s):// URL wherever it takes a file.
import { type BasicCredentials, createHttpClient, type HttpClient } from "../cluster/http.js";
import type { InputReader } from "./input.js";
import { CliError, type CliIO, UsageError } from "./io.js";

/** parseArgs definitions of the HTTP options, for every command that reads URLs. */
export const HTTP_OPTIONS = {
  "token-file": { type: "string" },
  "ca-cert": { type: "string" },
  insecure: { type: "boolean" },
  timeout: { type: "string" },
} as const;

/** The help lines of the HTTP options. */
export const HTTP_HELP = `  --token-file FILE     a DC/OS ACS token (default: $DCOS_ACS_TOKEN), sent as
                        "Authorization: token=<t>"
  --ca-cert FILE        trust this CA (PEM, e.g. a DC/OS cluster's dcos-ca.crt) besides
                        the system's and $NODE_EXTRA_CA_CERTS
  --insecure            do not verify certificates (prints a warning)
  --timeout S           seconds per request (default 10)
`;

export interface HttpValues {
  readonly "token-file"?: string | undefined;
  readonly "ca-cert"?: string | undefined;
  readonly insecure?: boolean | undefined;
  readonly timeout?: string | undefined;
  readonly verbose?: boolean | undefined;
}

/** Whether an input argument names a URL rather than a file. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** MARATHON_USERNAME and MARATHON_PASSWORD, when set: Basic credentials for Marathon. */
export function marathonCredentials(io: CliIO): BasicCredentials | undefined {
  const username = io.env.MARATHON_USERNAME;
  if (username === undefined || username === "") return undefined;
  return { username, password: io.env.MARATHON_PASSWORD ?? "" };
}

async function readText(io: CliIO, file: string, what: string): Promise<string> {
  // The input module is imported here, not at the top: it imports this module for its URL reader.
  const { readInput } = await import("./input.js");
  return (await readInput(file, io, what)).text;
}

/**
 * One HTTP client from the options and the environment: the token from --token-file or
 * DCOS_ACS_TOKEN, --ca-cert plus NODE_EXTRA_CA_CERTS, --insecure (with a warning), --timeout;
 * with `verbose`, each request is logged on standard error (credentials hidden).
 */
export async function httpClient(io: CliIO, values: HttpValues): Promise<HttpClient> {
  let timeoutMs = 10_000;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || s <= 0 || s > 3600)
      throw new UsageError(`--timeout must be a number of seconds from 0 to 3600, not "${values.timeout}"`);
    timeoutMs = Math.round(s * 1000);
  }
  let token = io.env.DCOS_ACS_TOKEN;
  if (values["token-file"] !== undefined)
    token = (await readText(io, values["token-file"], "token file")).trim();
  const ca: string[] = [];
  if (values["ca-cert"] !== undefined) {
    ca.push(await readText(io, values["ca-cert"], "CA certificate"));
    // Giving a CA replaces Node's default trust, which is where NODE_EXTRA_CA_CERTS would otherwise go.
    const extra = io.env.NODE_EXTRA_CA_CERTS;
    if (extra !== undefined && extra !== "") ca.push(await readText(io, extra, "NODE_EXTRA_CA_CERTS file"));
  }
  if (values.insecure) io.stderr("warning: --insecure: the cluster's certificates are not verified\n");
  return createHttpClient({
    timeoutMs,
    ...(token === undefined || token === "" ? {} : { token }),
    ...(ca.length === 0 ? {} : { ca }),
    insecure: values.insecure === true,
    ...(values.verbose
      ? { onRequest: (e) => io.stderr(`GET ${e.url}${e.attempt > 1 ? ` (retry ${e.attempt - 1})` : ""}\n`) }
      : {}),
  });
}

/** The HTTP options a command was given, for the URL reader; a command without them uses the environment. */
const given = new WeakMap<CliIO, HttpValues>();

/** Records a command's HTTP options for the URLs it reads through the input module. */
export function useHttpOptions(io: CliIO, values: HttpValues): void {
  given.set(io, values);
}

/** Clients per run, shared by its URL inputs (one warning for --insecure, pooled connections). */
const clients = new WeakMap<CliIO, Promise<HttpClient>>();

/**
 * Reads `http://` and `https://` inputs through the cluster HTTP client: the body as the input's bytes,
 * the URL (credentials hidden) as its name. Errors say what to do and end the command with exit 2.
 */
export const urlReader: InputReader = {
  claims: isUrl,
  async open(spec, io, what) {
    let client = clients.get(io);
    if (client === undefined) {
      client = httpClient(io, given.get(io) ?? {});
      clients.set(io, client);
    }
    const c = await client;
    // Marathon's Basic credentials go to any URL without its own: the reader cannot tell Marathon apart.
    const basic = marathonCredentials(io);
    const r = await c.getText(spec, {
      what: what.trim() || "input",
      ...(basic === undefined ? {} : { basic }),
    });
    if (!r.ok) throw new CliError(r.error.message);
    return {
      name: r.value.url,
      chunks: (async function* () {
        yield Buffer.from(r.value.text, "utf8");
      })(),
    };
  },
};

/** Closes the connections a run's URL inputs opened (a command calls it before it returns). */
export async function closeHttpInputs(io: CliIO): Promise<void> {
  const client = clients.get(io);
  clients.delete(io);
  if (client !== undefined) await (await client).close();
}
