import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient, type HttpClient, redactUrl } from "../../src/cluster/http.js";
import { OTHER_CA, startServer, TEST_CA, type TestServer } from "./server.js";

const servers: TestServer[] = [];
const clients: HttpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: Parameters<typeof startServer>[0]) {
  const s = await startServer(options);
  servers.push(s);
  return s;
}

function client(options: Parameters<typeof createHttpClient>[0] = {}) {
  const c = createHttpClient({ retryDelayMs: 10, ...options });
  clients.push(c);
  return c;
}

describe("createHttpClient", () => {
  it("reads JSON and sends the DC/OS token as Authorization: token=<t>", async () => {
    const s = await server({ token: "s3cret-token", routes: { "/v2/queue": { json: { queue: [] } } } });
    const r = await client({ token: "s3cret-token" }).getJson(`${s.url}/v2/queue`);
    expect(r.ok && r.value.json).toEqual({ queue: [] });
    expect(s.requests).toEqual([
      expect.objectContaining({ path: "/v2/queue", authorization: "token=s3cret-token" }),
    ]);
  });

  it("decompresses a gzip body and asks for it", async () => {
    const s = await server({ routes: { "/master/state": { json: { slaves: [] }, gzip: true } } });
    const r = await client().getJson(`${s.url}/master/state`);
    expect(r.ok && r.value.json).toEqual({ slaves: [] });
    expect(s.requests[0]?.acceptEncoding).toContain("gzip");
  });

  it("sends user:password from the URL as Basic auth and never shows them", async () => {
    const s = await server({ routes: { "/v2/apps": { status: 500, text: "boom" } } });
    const url = s.url.replace("//", "//alice:pa55word@");
    const r = await client().getJson(`${url}/v2/apps`, { what: "Marathon's apps" });
    expect(s.requests[0]?.authorization).toBe(`Basic ${Buffer.from("alice:pa55word").toString("base64")}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("http_status");
    expect(JSON.stringify(r.error)).not.toMatch(/pa55word|alice:|YWxpY2U6/);
    expect(r.error.url).toBe(`${s.url}/v2/apps`);
  });

  it("uses MARATHON_USERNAME-style credentials when the URL has none", async () => {
    const s = await server({ routes: { "/v2/info": { json: {} } } });
    await client().getJson(`${s.url}/v2/info`, { basic: { username: "bob", password: "hunter2" } });
    expect(s.requests[0]?.authorization).toBe(`Basic ${Buffer.from("bob:hunter2").toString("base64")}`);
  });

  it("follows redirects to a leader, keeping the token on the same host", async () => {
    const leader = await server({ token: "tok", routes: { "/master/state": { json: { slaves: [] } } } });
    const follower = await server({
      routes: {
        "/master/state": (_req, res) => {
          res.writeHead(307, { location: `${leader.url.replace("http:", "")}/master/state` });
          res.end();
        },
      },
    });
    const r = await client({ token: "tok" }).getJson(`${follower.url}/master/state`);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.url).toBe(`${leader.url}/master/state`);
    expect(leader.requests[0]?.authorization).toBe("token=tok");
  });

  it("stops after 5 redirects", async () => {
    const s = await server({
      routes: {
        "/loop": (_req, res) => {
          res.writeHead(302, { location: "/loop" });
          res.end();
        },
      },
    });
    const r = await client().getJson(`${s.url}/loop`);
    expect(!r.ok && r.error.code).toBe("http_redirects");
    expect(s.requests).toHaveLength(6);
  });

  it("answers 401 with what to do, without retrying and without the token", async () => {
    const s = await server({ token: "right" });
    const r = await client({ token: "wrong-token" }).getJson(`${s.url}/v2/queue`, {
      what: "Marathon's queue",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("http_unauthorized");
    expect(r.error.status).toBe(401);
    expect(r.error.message).toContain("the token was refused: log in again (e.g. `dcos auth login`");
    expect(r.error.message).not.toContain("wrong-token");
    expect(s.requests).toHaveLength(1);
  });

  it("says what to do on 403 and on 404", async () => {
    const s = await server({ routes: { "/v2/pods/::status": { status: 403, text: "no" } } });
    const c = client();
    const forbidden = await c.getJson(`${s.url}/v2/pods/::status`);
    expect(!forbidden.ok && forbidden.error.code).toBe("http_forbidden");
    const missing = await c.getJson(`${s.url}/v2/queue`, { service: "Marathon", what: "Marathon's queue" });
    expect(!missing.ok && missing.error.message).toMatch(
      /^Marathon's queue: HTTP 404 Not Found from 127\.0\.0\.1:\d+\/v2\/queue: \/v2\/queue was not found: is this a Marathon URL\?/,
    );
  });

  it("retries once after a 503, then succeeds", async () => {
    const s = await server({
      routes: {
        "/v2/apps": (_req, res, seen) => {
          if (seen === 1) {
            res.writeHead(503);
            res.end("try later");
          } else {
            res.writeHead(200, { "content-type": "application/json" });
            res.end('{"apps":[]}');
          }
        },
      },
    });
    const r = await client().getJson(`${s.url}/v2/apps`);
    expect(r.ok).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it("retries once after a connection reset, then reports it", async () => {
    const s = await server({
      routes: {
        "/master/state": (req) => {
          req.socket.destroy();
        },
      },
    });
    const r = await client().getJson(`${s.url}/master/state`);
    expect(!r.ok && r.error.code).toBe("http_connection");
    expect(s.requests).toHaveLength(2);
  });

  it("gives up after the timeout when the server stalls", async () => {
    const s = await server({ routes: { "/v2/queue": () => undefined } });
    const started = Date.now();
    const r = await client({ timeoutMs: 300 }).getJson(`${s.url}/v2/queue`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(!r.ok && r.error.code).toBe("http_timeout");
    expect(!r.ok && r.error.message).toContain("within 0.3 s");
    expect(s.requests).toHaveLength(1);
  });

  it("reports a body that is not JSON", async () => {
    const s = await server({
      routes: { "/v2/queue": { text: "<html><body>Login</body></html>", type: "text/html" } },
    });
    const r = await client().getJson(`${s.url}/v2/queue`);
    expect(!r.ok && r.error.code).toBe("http_not_json");
    expect(!r.ok && r.error.message).toContain("<html><body>Login</body></html>");
  });

  it("refuses a body over the limit, also when it only grows that large when gunzipped", async () => {
    const big = { json: { slaves: "x".repeat(100_000) } };
    const s = await server({ routes: { "/plain": big, "/gzip": { ...big, gzip: true } } });
    const c = client({ maxBytes: 10_000 });
    for (const path of ["/plain", "/gzip"]) {
      const r = await c.getJson(`${s.url}${path}`);
      expect(!r.ok && r.error.code).toBe("http_too_large");
    }
  });

  it("refuses a malformed URL", async () => {
    const r = await client().getJson("ftp://example/x");
    expect(!r.ok && r.error.code).toBe("http_bad_url");
  });

  it("reports a connection refused", async () => {
    const s = await server({});
    const url = s.url;
    await s.close();
    servers.pop();
    const r = await client().getJson(`${url}/v2/queue`);
    expect(!r.ok && r.error.code).toBe("http_connection");
    expect(!r.ok && r.error.message).toContain("refused the connection");
  });
});

describe("createHttpClient over HTTPS", () => {
  it("trusts a CA given with ca", async () => {
    const s = await server({ https: true, routes: { "/v2/queue": { json: { queue: [] }, gzip: true } } });
    const r = await client({ ca: [TEST_CA] }).getJson(`${s.url}/v2/queue`);
    expect(r.ok && r.value.json).toEqual({ queue: [] });
  });

  it("names --ca-cert when the certificate is not trusted", async () => {
    const s = await server({ https: true, routes: { "/v2/queue": { json: {} } } });
    const r = await client({ ca: [OTHER_CA] }).getJson(`${s.url}/v2/queue`);
    expect(!r.ok && r.error.code).toBe("http_tls");
    expect(!r.ok && r.error.message).toContain("--ca-cert FILE");
  });

  it("skips verification with insecure", async () => {
    const s = await server({ https: true, routes: { "/v2/queue": { json: { queue: [] } } } });
    const r = await client({ insecure: true }).getJson(`${s.url}/v2/queue`);
    expect(r.ok).toBe(true);
  });
});

describe("redactUrl", () => {
  it.each([
    ["https://u:p@host/x", "https://***@host/x"],
    ["http://host/x?access_token=abc&embed=1", "http://host/x?access_token=***&embed=1"],
    ["not a url //user:pw@host", "not a url //***@host"],
  ])("hides credentials in %s", (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});
