// A stand-in for Marathon, Mesos and DC/OS in the suite: an HTTP or HTTPS server on 127.0.0.1 that
// replays saved responses and records every request it gets. Nothing here reaches past loopback.
import { readFileSync } from "node:fs";
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";

const certs = new URL("./certs/", import.meta.url);
export const TEST_CA = readFileSync(new URL("ca.crt", certs), "utf8");
export const OTHER_CA = readFileSync(new URL("other-ca.crt", certs), "utf8");
export const TEST_CA_PATH = new URL("ca.crt", certs).pathname;

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly acceptEncoding?: string;
}

/** What a route does: JSON to send, or a function that answers by hand. */
export type Route =
  | { readonly json: unknown; readonly gzip?: boolean; readonly status?: number }
  | { readonly text: string; readonly status?: number; readonly type?: string }
  | ((req: IncomingMessage, res: ServerResponse, seen: number) => void);

export interface TestServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (an ephemeral port). `token`: requests without `token=<it>` get 401. */
export async function startServer(
  options: { https?: boolean; routes?: Record<string, Route>; token?: string } = {},
): Promise<TestServer> {
  const routes = new Map<string, Route>(Object.entries(options.routes ?? {}));
  const counts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    requests.push({
      method: req.method ?? "GET",
      path,
      ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
      ...(req.headers["accept-encoding"] === undefined
        ? {}
        : { acceptEncoding: String(req.headers["accept-encoding"]) }),
    });
    const seen = (counts.get(path) ?? 0) + 1;
    counts.set(path, seen);
    if (options.token !== undefined && req.headers.authorization !== `token=${options.token}`) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": "acsjwt" });
      res.end('{"title":"Unauthorized","description":"Please provide a valid token"}');
      return;
    }
    const route = routes.get(path) ?? routes.get(path.split("?")[0]!);
    if (route === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found");
      return;
    }
    if (typeof route === "function") {
      route(req, res, seen);
      return;
    }
    if ("json" in route) {
      const body = Buffer.from(JSON.stringify(route.json));
      if (route.gzip) {
        res.writeHead(route.status ?? 200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
        });
        res.end(gzipSync(body));
      } else {
        res.writeHead(route.status ?? 200, { "content-type": "application/json" });
        res.end(body);
      }
      return;
    }
    res.writeHead(route.status ?? 200, { "content-type": route.type ?? "text/plain" });
    res.end(route.text);
  };
  const server = options.https
    ? createHttps(
        {
          key: readFileSync(new URL("server.key", certs)),
          cert: readFileSync(new URL("server.crt", certs)),
        },
        handler,
      )
    : createHttp(handler);
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.https ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    route(path, route) {
      routes.set(path, route);
    },
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
