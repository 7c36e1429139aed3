// Which Node.js versions the package runs on, as one sentence for the others. Pure: the gate that
// throws is node-version-gate.ts; the CLI prints the sentence instead.

/** The oldest Node.js major version the package runs on (package.json `engines` says the same). */
export const MINIMUM_NODE_MAJOR = 22;

/** The sentence for an unsupported Node.js version, or undefined when `version` ("20.11.1") is fine. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number.parseInt(version, 10);
  if (Number.isFinite(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return `marathon-constraints needs Node ${MINIMUM_NODE_MAJOR} or newer; this is v${version}`;
}
