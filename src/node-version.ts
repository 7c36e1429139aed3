// The Node.js version gate. Evaluated before every other module of the package (the first import of
// index.ts; the first thing bin.js loads), so an old Node gets one sentence instead of a stack trace
// from deep inside chevrotain. Nothing else belongs here.

/** The oldest Node.js major version the package runs on (package.json `engines` says the same). */
export const MINIMUM_NODE_MAJOR = 22;

/** The sentence for an unsupported Node.js version, or undefined when `version` ("20.11.1") is fine. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number.parseInt(version, 10);
  if (Number.isFinite(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return `marathon-constraints needs Node ${MINIMUM_NODE_MAJOR} or newer; this is v${version}`;
}

const running = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
// Outside Node (a bundler, a browser) there is nothing to check.
if (running !== undefined) {
  const problem = nodeVersionProblem(running);
  if (problem !== undefined) throw new Error(problem);
}
