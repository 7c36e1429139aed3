// The only HTTP client of the project: GET with auth, TLS trust, a per-request timeout, one retry,
// bounded redirects, gzip, and errors that say what to do. Credentials never leave it in any text.
// undici is imported lazily so that importing the library does not load an HTTP stack.
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate } from "node:zlib";

/** Why a request failed. Public API: add, never rename. */
export type HttpErrorCode =
  | "http_unauthorized"
  | "http_forbidden"
  | "http_not_found"
  | "http_status"
  | "http_not_json"
  | "http_timeout"
  | "http_tls"
  | "http_connection"
  | "http_redirects"
  | "http_too_large"
  | "http_bad_url";

export interface HttpError {
  readonly code: HttpErrorCode;
  /** One or two sentences: what went wrong and what to do; credentials redacted. */
  readonly message: string;
  /** The URL that failed, credentials redacted. */
  readonly url: string;
  readonly status?: number;
}

export interface HttpResponse {
  readonly text: string;
  /** The URL that answered (after redirects), credentials redacted. */
  readonly url: string;
  readonly status: number;
  /** The server's `Date` header, when it sent one. */
  readonly date?: string;
}

export type HttpResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: HttpError };

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export interface HttpClientOptions {
  /** Per request, connecting to the last body byte (default 10,000). */
  readonly timeoutMs?: number;
  /** A DC/OS ACS token, sent as `Authorization: token=<t>`. */
  readonly token?: string;
  /** PEM certificates to trust besides the system's (a DC/OS cluster's dcos-ca.crt). */
  readonly ca?: readonly string[];
  /** Skip certificate verification. */
  readonly insecure?: boolean;
  /** At most this many redirects per request (default 5). */
  readonly maxRedirects?: number;
  /** Wait before the one retry (default 1,000 ms). */
  readonly retryDelayMs?: number;
  /** Refuse bodies larger than this, after decompression (default 512 MiB). */
  readonly maxBytes?: number;
  /** Called before every request attempt, with the URL redacted (for --verbose). */
  readonly onRequest?: (event: { readonly url: string; readonly attempt: number }) => void;
}

export interface GetOptions {
  /** What is being read, for messages: "Marathon's queue", "the Mesos master state". */
  readonly what?: string;
  /** What kind of server should answer, for the 404 hint: "Marathon", "Mesos master". */
  readonly service?: string;
  /** Basic credentials to send when the URL carries none (MARATHON_USERNAME / MARATHON_PASSWORD). */
  readonly basic?: BasicCredentials;
  /** Do not follow redirects; a 3xx is returned as it is (with its Location in `text`). */
  readonly manualRedirect?: boolean;
  /** Refuse a body that does not start like JSON (a login page, a proxy's error page). */
  readonly expectJson?: boolean;
}

export interface HttpClient {
  /** GET a URL's body as text. Never throws. */
  getText(url: string, options?: GetOptions): Promise<HttpResult<HttpResponse>>;
  /** GET and parse JSON. Never throws. */
  getJson(url: string, options?: GetOptions): Promise<HttpResult<HttpResponse & { readonly json: unknown }>>;
  /** Replaces every credential this client knows with `***`. */
  redact(text: string): string;
  /** Closes idle connections; the client cannot be used afterwards. */
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUS = new Set([502, 503, 504]);
const RESET_CODES = new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"]);
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A URL with any user:password replaced by `***` and secret-looking query values hidden. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username !== "" || u.password !== "") {
      u.username = "***";
      u.password = "";
    }
    for (const key of [...u.searchParams.keys()]) {
      if (/token|secret|password|passwd|auth|key|signature/i.test(key)) u.searchParams.set(key, "***");
    }
    return u.toString();
  } catch {
    // Not a URL we can parse: hide anything between "//" and "@", the usual place of credentials.
    return url.replace(/\/\/[^/@\s]*@/g, "//***@");
  }
}

interface Target {
  readonly url: URL;
  /** The Authorization header value, when credentials go with this request. */
  readonly authorization?: string;
}

/** Splits user:password out of a URL: undici must never see them in the URL itself. */
function splitCredentials(raw: string): { url: URL; basic?: BasicCredentials } | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username === "" && url.password === "") return { url };
  const basic = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = "";
  url.password = "";
  return { url, basic };
}

function basicHeader(c: BasicCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, "utf8").toString("base64")}`;
}

/**
 * Credentials follow a redirect to the same host, and the Mesos leader redirect (a master answering
 * for the whole cluster), but never from https down to http.
 */
function keepsCredentials(from: URL, to: URL): boolean {
  if (from.protocol === "https:" && to.protocol !== "https:") return false;
  if (from.hostname === to.hostname) return true;
  return /\/master\/(redirect|state)$/.test(from.pathname) || /\/redirect$/.test(from.pathname);
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur !== null && typeof cur === "object"; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(e: unknown, code: string | undefined): boolean {
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return true;
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return true;
  const name = (e as { name?: unknown } | null)?.name;
  return name === "TimeoutError" || (name === "AbortError" && code === undefined);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${Math.round(ms / 100) / 10} s`;
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);

async function decode(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const enc = (encoding ?? "").trim().toLowerCase();
  const opts = { maxOutputLength: maxBytes };
  if (enc === "" || enc === "identity") return body;
  if (enc === "gzip" || enc === "x-gzip") return gunzipAsync(body, opts);
  if (enc === "deflate") return inflateAsync(body, opts);
  if (enc === "br") return brotliAsync(body, opts);
  throw Object.assign(new Error(`unsupported content-encoding ${enc}`), { code: "UNSUPPORTED_ENCODING" });
}

type Undici = typeof import("undici");

/**
 * An HTTP client for Marathon, Mesos and DC/OS: system CAs plus `ca`, `token` or Basic credentials,
 * a per-request timeout, one retry after a connection reset or 502/503/504, at most 5 redirects,
 * gzip/deflate/br bodies. Results are data; nothing throws.
 * @example const r = await createHttpClient({ token }).getJson("https://cluster/service/marathon/v2/queue");
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  const secrets = new Set<string>();
  if (options.token !== undefined && options.token !== "") {
    secrets.add(options.token);
    secrets.add(`token=${options.token}`);
  }
  let agent: InstanceType<Undici["Agent"]> | undefined;
  let undici: Undici | undefined;

  const addSecret = (c: BasicCredentials | undefined) => {
    if (c === undefined) return;
    const header = basicHeader(c);
    secrets.add(header.slice("Basic ".length));
    if (c.password !== "") {
      secrets.add(c.password);
      secrets.add(encodeURIComponent(c.password));
    }
  };

  const redact = (text: string): string => {
    let out = text;
    // Longest first, so a secret that contains another is hidden whole.
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
      if (s.length >= 3) out = out.split(s).join("***");
    }
    return out.replace(/\b(https?:\/\/)[^/@\s]*@/g, "$1***@");
  };

  const dispatcher = async () => {
    if (agent !== undefined) return agent;
    const loaded = (await import("undici")) as Undici & { default?: Undici };
    // Bundled (the CLI), a CommonJS package's dynamic import yields its exports as `default` only.
    undici = typeof loaded.Agent === "function" ? loaded : loaded.default!;
    const connect: Record<string, unknown> = { rejectUnauthorized: options.insecure !== true };
    if (options.ca !== undefined && options.ca.length > 0) {
      // `ca` replaces Node's default trust store, so the system roots go in explicitly.
      const tls = await import("node:tls");
      connect.ca = [...tls.rootCertificates, ...options.ca];
    }
    agent = new undici.Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    return agent;
  };

  const fail = (code: HttpErrorCode, url: URL | string, message: string, status?: number): HttpError => ({
    code,
    url: redactUrl(String(url)),
    message: redact(message),
    ...(status === undefined ? {} : { status }),
  });

  /** One attempt: a single request, no redirects followed. */
  const attempt = async (
    target: Target,
  ): Promise<
    | {
        kind: "response";
        status: number;
        headers: Record<string, string | string[] | undefined>;
        body: Buffer;
      }
    | { kind: "error"; error: unknown }
  > => {
    const d = await dispatcher();
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await undici!.request(target.url, {
        method: "GET",
        dispatcher: d,
        signal,
        headers: {
          accept: "application/json",
          "accept-encoding": "gzip, deflate, br",
          "user-agent": "marathon-constraints",
          ...(target.authorization === undefined ? {} : { authorization: target.authorization }),
        },
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        size += b.length;
        if (size > maxBytes) {
          res.body.destroy();
          throw Object.assign(new Error("too large"), { code: "TOO_LARGE" });
        }
        chunks.push(b);
      }
      return { kind: "response", status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) };
    } catch (error) {
      return { kind: "error", error };
    }
  };

  const describeFailure = (e: unknown, url: URL, what: string): HttpError => {
    const code = errorCode(e);
    const where = `${url.host}`;
    if (code === "TOO_LARGE" || code === "ERR_BUFFER_TOO_LARGE")
      return fail("http_too_large", url, `${what}: the response is larger than ${maxBytes} bytes`);
    if (isTimeout(e, code))
      return fail(
        "http_timeout",
        url,
        `${what}: no complete answer from ${where} within ${seconds(timeoutMs)}: check the URL and the network, or allow longer with --timeout`,
      );
    if (
      code !== undefined &&
      (TLS_CODES.has(code) || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL"))
    ) {
      const detail =
        code === "ERR_TLS_CERT_ALTNAME_INVALID"
          ? `the certificate of ${where} does not name that host`
          : `the certificate of ${where} is not trusted (${code})`;
      return fail(
        "http_tls",
        url,
        `${what}: ${detail}: pass the cluster's CA certificate with --ca-cert FILE (DC/OS: dcos-ca.crt, from https://<cluster>/ca/dcos-ca.crt), or skip verification with --insecure`,
      );
    }
    if (code === "ECONNREFUSED")
      return fail(
        "http_connection",
        url,
        `${what}: ${where} refused the connection: is the URL right and the service up?`,
      );
    if (code === "ENOTFOUND" || code === "EAI_AGAIN")
      return fail("http_connection", url, `${what}: the host ${url.hostname} is unknown: check the URL`);
    if (code !== undefined && RESET_CODES.has(code))
      return fail(
        "http_connection",
        url,
        `${what}: ${where} closed the connection (${code}), twice: try again later`,
      );
    const message = e instanceof Error ? e.message : String(e);
    return fail(
      "http_connection",
      url,
      `${what}: cannot read from ${where}: ${message}${code ? ` (${code})` : ""}`,
    );
  };

  const statusError = (
    status: number,
    url: URL,
    what: string,
    service: string | undefined,
    sentCredentials: "token" | "basic" | undefined,
    body: string,
  ): HttpError => {
    const head = `${what}: HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ""} from ${url.host}${url.pathname}`;
    if (status === 401) {
      const todo =
        sentCredentials === "token"
          ? "the token was refused: log in again (e.g. `dcos auth login`, then `dcos config show core.dcos_acs_token`) and pass the new token in DCOS_ACS_TOKEN or --token-file"
          : sentCredentials === "basic"
            ? "the user name and password were refused: check them (user:password@ in the URL, or MARATHON_USERNAME and MARATHON_PASSWORD)"
            : "the server wants credentials: set DCOS_ACS_TOKEN or --token-file (DC/OS), or give user:password@ in the URL or MARATHON_USERNAME and MARATHON_PASSWORD";
      return fail("http_unauthorized", url, `${head}: ${todo}`, status);
    }
    if (status === 403)
      return fail(
        "http_forbidden",
        url,
        `${head}: the credentials were accepted but may not read ${url.pathname}: ask an administrator for read permission (DC/OS: dcos:adminrouter:service:marathon and dcos:adminrouter:ops:mesos)`,
        status,
      );
    if (status === 404)
      return fail(
        "http_not_found",
        url,
        `${head}: ${url.pathname} was not found: is this ${service === undefined ? "the right URL" : `a ${service} URL`}? (with --dcos, Marathon is under /service/marathon/ and Mesos under /mesos/)`,
        status,
      );
    const text = snippet(body);
    return fail("http_status", url, `${head}${text === "" ? "" : `: ${text}`}`, status);
  };

  const getText = async (raw: string, get: GetOptions = {}): Promise<HttpResult<HttpResponse>> => {
    const what = get.what ?? "the request";
    try {
      const split = splitCredentials(raw);
      if (split === undefined)
        return {
          ok: false,
          error: fail("http_bad_url", raw, `${what}: "${redactUrl(raw)}" is not an http:// or https:// URL`),
        };
      addSecret(split.basic);
      addSecret(get.basic);
      const basic = split.basic ?? (options.token === undefined ? get.basic : undefined);
      let credentials: "token" | "basic" | undefined =
        split.basic !== undefined
          ? "basic"
          : options.token !== undefined
            ? "token"
            : basic
              ? "basic"
              : undefined;
      let authorization =
        credentials === "basic"
          ? basicHeader(basic!)
          : credentials === "token"
            ? `token=${options.token}`
            : undefined;
      let url = split.url;
      let redirects = 0;
      for (;;) {
        const result = await attemptWithRetry(
          authorization === undefined ? { url } : { url, authorization },
          get,
        );
        if (result.kind === "error") return { ok: false, error: describeFailure(result.error, url, what) };
        const { status, headers } = result;
        const location = headers.location;
        if (REDIRECTS.has(status) && typeof location === "string" && get.manualRedirect !== true) {
          redirects++;
          if (redirects > maxRedirects)
            return {
              ok: false,
              error: fail(
                "http_redirects",
                url,
                `${what}: more than ${maxRedirects} redirects, the last to ${redactUrl(new URL(location, url).toString())}: check the URL`,
              ),
            };
          const next = new URL(location, url);
          if (!keepsCredentials(url, next)) {
            authorization = undefined;
            credentials = undefined;
          }
          url = next;
          continue;
        }
        let body: Buffer;
        try {
          const enc = headers["content-encoding"];
          body = await decode(result.body, Array.isArray(enc) ? enc.join(",") : enc, maxBytes);
        } catch (e) {
          return { ok: false, error: describeFailure(e, url, what) };
        }
        const text = body.toString("utf8");
        if (status >= 300 && !(REDIRECTS.has(status) && get.manualRedirect === true)) {
          return { ok: false, error: statusError(status, url, what, get.service, credentials, text) };
        }
        if (get.expectJson === true && status < 300) {
          const first = text.trimStart()[0];
          if (first !== "{" && first !== "[")
            return {
              ok: false,
              error: fail(
                "http_not_json",
                url,
                `${what}: ${redactUrl(url.toString())} answered with something other than JSON ("${snippet(text) || "an empty body"}"): is the URL right, or is a login page or proxy in the way?`,
              ),
            };
        }
        const date = headers.date;
        return {
          ok: true,
          value: {
            text: REDIRECTS.has(status) && typeof location === "string" ? location : text,
            url: redactUrl(url.toString()),
            status,
            ...(typeof date === "string" ? { date } : {}),
          },
        };
      }
    } catch (e) {
      return {
        ok: false,
        error: fail("http_connection", raw, `${what}: ${e instanceof Error ? e.message : String(e)}`),
      };
    }
  };

  const attemptWithRetry = async (target: Target, get: GetOptions) => {
    for (let n = 1; ; n++) {
      options.onRequest?.({ url: redactUrl(target.url.toString()), attempt: n });
      const r = await attempt(target);
      const retry =
        r.kind === "error"
          ? RESET_CODES.has(errorCode(r.error) ?? "")
          : RETRY_STATUS.has(r.status) && get.manualRedirect !== true;
      if (!retry || n >= 2) return r;
      await new Promise((done) => setTimeout(done, retryDelayMs));
    }
  };

  const getJson = async (
    raw: string,
    get: GetOptions = {},
  ): Promise<HttpResult<HttpResponse & { readonly json: unknown }>> => {
    const r = await getText(raw, { ...get, expectJson: true });
    if (!r.ok) return r;
    const what = get.what ?? "the response";
    const text = r.value.text;
    try {
      return { ok: true, value: { ...r.value, json: JSON.parse(text) as unknown } };
    } catch (e) {
      return {
        ok: false,
        error: fail(
          "http_not_json",
          r.value.url,
          `${what}: ${r.value.url} answered with broken JSON (${(e as Error).message}): was the response cut short?`,
        ),
      };
    }
  };

  return {
    getText,
    getJson,
    redact,
    async close() {
      const a = agent;
      agent = undefined;
      if (a !== undefined) await a.close().catch(() => undefined);
    },
  };
}
