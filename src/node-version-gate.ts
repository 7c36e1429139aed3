// The Node.js version gate of `import "marathon-constraints"`: index.ts imports it first, and ES modules
// evaluate in import order, so an old Node gets one sentence instead of a stack trace from deep inside
// chevrotain. Nothing else belongs here.
import { nodeVersionProblem } from "./node-version.js";

const running = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
// Outside Node (a bundler's browser build) there is nothing to check.
const problem = running === undefined ? undefined : nodeVersionProblem(running);
if (problem !== undefined) throw new Error(problem);
