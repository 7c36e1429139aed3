// A constraint string found inside a host document, with the map from its offsets back to the file.
// Plain data plus small constructors; finding sources lives in the host-specific files beside it.
import type { Dialect, InputForm, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { type SourceString, sourceSpan } from "../syntax/source-string.js";

/** What kind of document the constraints were found in. */
export type HostKind =
  | "constraint-text"
  | "marathon-app"
  | "marathon-pod"
  | "marathon-group"
  | "marathon-app-list"
  | "dcos-options"
  | "sdk-service-yaml"
  | "unknown";

/** One constraint string inside a host document. */
export interface ConstraintSource {
  /** The constraint text as the parser should see it (decoded from JSON or YAML quoting). */
  readonly text: string;
  /** The dialect the host implies (a Marathon app: `marathon`; package options, service YAML: `dcos-sdk`). */
  readonly dialect: Dialect;
  /** The form the host implies, when it implies one (pods: `pod`). */
  readonly form?: InputForm;
  /** JSON-pointer-like path of the constraints in the host, e.g. `/apps/2/constraints`. */
  readonly path: string;
  /** The app, pod or service the constraints belong to (its `id` or pod name), when known. */
  readonly name?: string;
  /** How many instances the host asks for, when it says. */
  readonly instances?: number;
  /** Maps an offset in `text` (end offsets allowed) to an offset in the file. */
  map(offset: number): number;
  /** Maps a span in `text` to a span in the file; escapes in the host are covered whole. */
  mapSpan(span: Span): Span;
  /**
   * Encodes replacement text the way the host quotes this string (JSON string escapes, YAML quoting);
   * undefined when it cannot be written safely there, so the fix is dropped.
   */
  encode(text: string): string | undefined;
}

/** Where the constraints of one document are. */
export interface FindSourcesResult {
  readonly kind: HostKind;
  readonly sources: readonly ConstraintSource[];
  /** Problems of the host document itself (JSON or YAML syntax, a placement that is not a string), in file offsets. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Facts about the owner of a constraint list, carried into the source. */
export interface SourceMeta {
  readonly dialect: Dialect;
  readonly path: string;
  readonly form?: InputForm;
  readonly name?: string | undefined;
  readonly instances?: number | undefined;
}

function withMeta<T extends object>(base: T, meta: SourceMeta): T & Omit<SourceMeta, "name" | "instances"> {
  const out: Record<string, unknown> = { ...base, dialect: meta.dialect, path: meta.path };
  if (meta.form !== undefined) out.form = meta.form;
  if (meta.name !== undefined) out.name = meta.name;
  if (meta.instances !== undefined) out.instances = meta.instances;
  return out as T & SourceMeta;
}

/** A source that is a verbatim slice of the file starting at `start` (a JSON array, a raw text file). */
export function sliceSource(text: string, start: number, meta: SourceMeta): ConstraintSource {
  return withMeta(
    {
      text,
      map: (o: number) => start + Math.max(0, Math.min(o, text.length)),
      mapSpan: (s: Span) => ({
        start: start + Math.max(0, Math.min(s.start, text.length)),
        end: start + Math.max(0, Math.min(Math.max(s.start, s.end), text.length)),
      }),
      encode: (t: string) => t,
    },
    meta,
  );
}

/**
 * A source read from a quoted string of the host; `encode` re-quotes replacement text, or returns
 * undefined when the host quoting cannot hold it.
 */
export function stringSource(
  s: SourceString,
  encode: (t: string) => string | undefined,
  meta: SourceMeta,
): ConstraintSource {
  return withMeta(
    {
      text: s.value,
      map: (o: number) => sourceSpan(s, { start: o, end: o }).start,
      mapSpan: (span: Span) => sourceSpan(s, span),
      encode,
    },
    meta,
  );
}

/** A source whose characters cannot be mapped one by one: every span covers the whole `span`, no fixes. */
export function coarseSource(text: string, span: Span, meta: SourceMeta): ConstraintSource {
  return withMeta(
    {
      text,
      map: (o: number) => (o >= text.length && text.length > 0 ? span.end : span.start),
      mapSpan: () => span,
      encode: () => undefined,
    },
    meta,
  );
}

/** JSON string content for `t` (no surrounding quotes). */
export function encodeJsonContent(t: string): string {
  return JSON.stringify(t).slice(1, -1);
}
