// The command-line side of reading over HTTP(S): the shared options (--token-file, --ca-cert,
// --insecure, --timeout), the credentials from the environment, and one client built from them.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type BasicCredentials, createHttpClient, type HttpClient } from "../cluster/http.js";
import { type CliIO, UsageError } from "./io.js";

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
}

/** Whether an input argument names a URL rather than a file. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

async function readText(io: CliIO, file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch (e) {
    throw new UsageError(
      `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** MARATHON_USERNAME and MARATHON_PASSWORD, when set: Basic credentials for Marathon. */
export function marathonCredentials(io: CliIO): BasicCredentials | undefined {
  const username = io.env.MARATHON_USERNAME;
  if (username === undefined || username === "") return undefined;
  return { username, password: io.env.MARATHON_PASSWORD ?? "" };
}

/**
 * One HTTP client from the options and the environment: the token from --token-file or
 * DCOS_ACS_TOKEN, --ca-cert plus NODE_EXTRA_CA_CERTS, --insecure (with a warning), --timeout.
 */
export async function httpClient(
  io: CliIO,
  values: HttpValues,
  options: { readonly verbose?: boolean } = {},
): Promise<HttpClient> {
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
    ...(options.verbose
      ? { onRequest: (e) => io.stderr(`GET ${e.url}${e.attempt > 1 ? ` (retry ${e.attempt - 1})` : ""}\n`) }
      : {}),
  });
}
