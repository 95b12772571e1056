/**
 * Prisma's schema engine (migrations, diff, introspection) as WebAssembly.
 *
 * The Prisma CLI downloads a native schema engine at start, which cannot work offline / air-gapped.
 * `@prisma/schema-engine-wasm` (pinned to the CLI's engine commit) is the same engine compiled to
 * WebAssembly; it talks to PostgreSQL through a driver adapter (`@prisma/adapter-pg`).
 *
 * The package's own entry point does `import * as wasm from "./schema_engine_bg.wasm"`, which Node
 * cannot load, so we instantiate the .wasm ourselves with the `schema_engine_bg` glue module as its
 * import object, then `__wbg_set_wasm` + `__wbindgen_start`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { existsSync } from "node:fs";
import type * as Engine from "@prisma/schema-engine-wasm";

export type SchemaEngine = Engine.SchemaEngine;
export type {
  ApplyMigrationsOutput,
  DiffParams,
  DiffResult,
  DiffTarget,
  MigrationDirectory,
  MigrationList,
  SchemaFilter,
} from "@prisma/schema-engine-wasm";

type GlueModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

const PACKAGE = "@prisma/schema-engine-wasm";

let gluePromise: Promise<GlueModule> | undefined;

/** Absolute path of the package's schema_engine_bg.wasm (works under tsx, vitest and Next externals). */
export function schemaEngineWasmPath(): string {
  // Looked up on disk from the app root (not require.resolve: bundlers replace it with module ids).
  let dir = path.resolve(/* turbopackIgnore: true */ process.env.CLUSTERDECK_ROOT ?? process.cwd());
  let pkgJson: string | undefined;
  for (;;) {
    const candidate = path.join(dir, "node_modules", PACKAGE, "package.json");
    if (existsSync(candidate)) {
      pkgJson = candidate;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (!pkgJson) {
    throw new Error(`Cannot find ${PACKAGE} below ${process.cwd()}. It is a runtime dependency of Clusterdeck (migrations); run npm install, or set CLUSTERDECK_ROOT to the app folder.`);
  }
  return path.join(path.dirname(pkgJson), "schema_engine_bg.wasm");
}

/** The wasm glue reports Rust panics through this global (as the Prisma CLI sets it up). */
export const panicRegistry = { message: "", set_message(m: string) { this.message = `RuntimeError: ${m}`; }, get() { return this.message; } };

async function loadGlue(): Promise<GlueModule> {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry };
  g.PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as GlueModule;
  const wasmPath = schemaEngineWasmPath();
  let bytes: Buffer;
  try {
    bytes = await readFile(wasmPath);
  } catch (err) {
    throw new Error(`Cannot read Prisma's schema engine WebAssembly at ${wasmPath}: ${String(err)}`);
  }
  const compiled = await WebAssembly.compile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(compiled, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/** The engine's glue module, instantiated once per process. */
export function loadSchemaEngineModule(): Promise<GlueModule> {
  gluePromise ??= loadGlue().catch((err: unknown) => {
    gluePromise = undefined;
    throw err;
  });
  return gluePromise;
}

/** application_name of the engine's connections (migrate.ts finds orphaned ones by it). */
export const ENGINE_APPLICATION_NAME = "clusterdeck-schema-engine";

/**
 * Marks the one unfinished, not rolled back `_prisma_migrations` row (the migration being applied:
 * the runner holds the migration lock and has resolved interrupted rows first) as finished, inside
 * the migration's own transaction. Prisma sets finished_at again right after; applied_steps_count
 * is left to Prisma.
 */
export const MARK_FINISHED_SQL = `
DO $clusterdeck$
BEGIN
  IF to_regclass('_prisma_migrations') IS NOT NULL THEN
    UPDATE _prisma_migrations SET finished_at = now()
     WHERE id = (SELECT id FROM _prisma_migrations
                  WHERE finished_at IS NULL AND rolled_back_at IS NULL
                  ORDER BY started_at DESC LIMIT 1);
  END IF;
END
$clusterdeck$;`;

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections. */
  close(): Promise<void>;
}

export interface OpenSchemaEngineOptions {
  /** The database the engine connects to (migrations are applied there; `url` diff targets are read). */
  databaseUrl?: string;
  /**
   * Append to every script the engine executes an UPDATE marking the running `_prisma_migrations`
   * row finished, so a migration's changes and its "finished" mark commit together (see migrate.ts).
   * Only for applying migrations while holding the migration lock.
   */
  markFinishedInScript?: boolean;
  /** Receives the engine's log lines (JSON strings). Defaults to printing only when DEBUG_SCHEMA_ENGINE is set. */
  log?: (line: string) => void;
}

/**
 * Opens a schema engine. Without a database URL the engine can still diff datamodels / from empty
 * (it then gets an adapter pointing at a URL it never connects to).
 */
export async function openSchemaEngine(opts: OpenSchemaEngineOptions = {}): Promise<SchemaEngineHandle> {
  const glue = await loadSchemaEngineModule();
  const connectionString = opts.databaseUrl ?? "postgresql://unused@127.0.0.1:1/unused";
  const factory = new PrismaPg({
    connectionString,
    max: 2,
    Client: IntrospectionClient,
    application_name: ENGINE_APPLICATION_NAME,
  } as pg.PoolConfig);
  const log =
    opts.log ??
    ((line: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
    });
  const engine = await glue.SchemaEngine.new({ datamodels: undefined }, log, wrapFactory(factory, { markFinishedInScript: !!opts.markFinishedInScript }));
  let closed = false;
  return {
    engine,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
    },
  };
}

/** Runs `fn` with an engine and always frees it. */
export async function withSchemaEngine<T>(
  opts: OpenSchemaEngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const handle = await openSchemaEngine(opts);
  try {
    return await fn(handle.engine);
  } finally {
    await handle.close();
  }
}

/** The engine's errors arrive as plain objects or strings; make them readable Errors. */
export function engineError(err: unknown, action: string): Error {
  const panic = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY?.get();
  if (panic) action = `${action} (schema engine panic: ${panic})`;
  if (err instanceof Error) return new Error(`${action}: ${err.message}`, { cause: err });
  if (typeof err === "string") return new Error(`${action}: ${err}`);
  try {
    return new Error(`${action}: ${JSON.stringify(err)}`);
  } catch {
    return new Error(`${action}: ${String(err)}`);
  }
}

/**
 * The engine's PostgreSQL introspection selects catalog columns of PostgreSQL's internal one-byte
 * `"char"` type (oid 18, e.g. pg_class.relkind, pg_constraint.contype), which @prisma/adapter-pg
 * rejects as an unsupported column type, while the engine wants them as its `Character` column type.
 * This client reports such columns as text to the adapter and tags the (shared) rows array with
 * their indexes; the bound adapter's queryRaw then turns those column types into `Character`.
 */
const CHAR_OID = 18;
const CHAR_ARRAY_OID = 1002;
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const CHAR_COLUMNS = Symbol("clusterdeck.charColumns");
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
const COLUMN_TYPE_CHARACTER_ARRAY = 70; // ColumnTypeEnum.CharacterArray

type Tagged = unknown[] & { [CHAR_COLUMNS]?: Map<number, number> };

function retype(result: unknown): unknown {
  const fix = (r: unknown) => {
    const res = r as { fields?: { dataTypeID: number }[]; rows?: Tagged } | null;
    if (!res || !Array.isArray(res.fields)) return;
    let tags: Map<number, number> | undefined;
    res.fields.forEach((f, i) => {
      if (f.dataTypeID === CHAR_OID) {
        f.dataTypeID = TEXT_OID;
        (tags ??= new Map()).set(i, COLUMN_TYPE_CHARACTER);
      } else if (f.dataTypeID === CHAR_ARRAY_OID) {
        f.dataTypeID = TEXT_ARRAY_OID;
        (tags ??= new Map()).set(i, COLUMN_TYPE_CHARACTER_ARRAY);
      }
    });
    if (tags && Array.isArray(res.rows)) {
      Object.defineProperty(res.rows, CHAR_COLUMNS, { value: tags, enumerable: false });
    }
  };
  if (Array.isArray(result)) result.forEach(fix);
  else fix(result);
  return result;
}

/** Applies the `Character` column types recorded by `retype` to an adapter result set. */
function restoreCharColumns(resultSet: unknown): unknown {
  const rs = resultSet as { columnTypes?: number[]; rows?: Tagged } | null;
  const tags = rs?.rows?.[CHAR_COLUMNS];
  if (tags && Array.isArray(rs?.columnTypes)) for (const [i, t] of tags) rs.columnTypes[i] = t;
  return resultSet;
}

class IntrospectionClient extends pg.Client {
  // pg's overloads are awkward to restate: handle the callback form (used by pg.Pool#query), the
  // query-config callback and the promise form (used on checked-out clients).
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (last >= 0 && typeof args[last] === "function") {
      const cb = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (e: unknown, res: unknown) => cb(e, e ? res : retype(res));
    } else if (args[0] && typeof args[0] === "object" && typeof (args[0] as { callback?: unknown }).callback === "function") {
      const q = args[0] as { callback: (err: unknown, res: unknown) => void };
      const cb = q.callback;
      q.callback = (e, res) => cb(e, e ? res : retype(res));
    }
    const ret = (super.query as (...a: unknown[]) => unknown)(...args);
    if (ret && typeof (ret as Promise<unknown>).then === "function") {
      return (ret as Promise<unknown>).then(retype) as never;
    }
    return ret as never;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Driver adapter binding. The engine calls the factory/adapter methods unbound and expects every
 * call to resolve to a Result (`{ ok: true, value } | { ok: false, error }`), with JS errors parked
 * in an `errorRegistry` it can read back. This is what @prisma/driver-adapter-utils'
 * `bindMigrationAwareSqlAdapterFactory` does; it is reproduced here because that package is only a
 * transitive dependency of @prisma/adapter-pg.
 * ---------------------------------------------------------------------------------------------- */

type AnyFn = (...args: unknown[]) => unknown;
type Result<T> =
  | { ok: true; value: T; map<U>(fn: (v: T) => U): Result<U> }
  | { ok: false; error: unknown; map<U>(fn: (v: T) => U): Result<U> };

function ok<T>(value: T): Result<T> {
  return { ok: true, value, map: (fn) => ok(fn(value)) };
}
function err<T>(error: unknown): Result<T> {
  return { ok: false, error, map: () => err(error) };
}

class ErrorRegistry {
  private readonly registeredErrors: ({ error: unknown } | undefined)[] = [];
  consumeError(id: number): { error: unknown } | undefined {
    const e = this.registeredErrors[id];
    this.registeredErrors[id] = undefined;
    return e;
  }
  registerNewError(error: unknown): number {
    let i = 0;
    while (this.registeredErrors[i] !== undefined) i++;
    this.registeredErrors[i] = { error };
    return i;
  }
}

function isDriverAdapterError(error: unknown): error is { cause: object } {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "DriverAdapterError" &&
    typeof (error as { cause?: unknown }).cause === "object"
  );
}

function wrapAsync(registry: ErrorRegistry, fn: AnyFn) {
  return async (...args: unknown[]): Promise<Result<unknown>> => {
    try {
      return ok(await fn(...args));
    } catch (error) {
      if (isDriverAdapterError(error)) return err(error.cause);
      return err({ kind: "GenericJs", id: registry.registerNewError(error) });
    }
  };
}

function wrapSync(registry: ErrorRegistry, fn: AnyFn) {
  return (...args: unknown[]): Result<unknown> => {
    try {
      return ok(fn(...args));
    } catch (error) {
      if (isDriverAdapterError(error)) return err(error.cause);
      return err({ kind: "GenericJs", id: registry.registerNewError(error) });
    }
  };
}

type Obj = Record<string | symbol, unknown>;
const method = (o: Obj, name: string): AnyFn => (o[name] as AnyFn).bind(o);

function queryRawWithChars(o: Obj): AnyFn {
  const q = method(o, "queryRaw");
  return async (...args: unknown[]) => restoreCharColumns(await q(...args));
}

function bindTransaction(registry: ErrorRegistry, tx: Obj): Obj {
  const bound: Obj = {
    adapterName: tx.adapterName,
    provider: tx.provider,
    options: tx.options,
    queryRaw: wrapAsync(registry, queryRawWithChars(tx)),
    executeRaw: wrapAsync(registry, method(tx, "executeRaw")),
    commit: wrapAsync(registry, method(tx, "commit")),
    rollback: wrapAsync(registry, method(tx, "rollback")),
  };
  for (const name of ["createSavepoint", "rollbackToSavepoint", "releaseSavepoint"]) {
    if (typeof tx[name] === "function") bound[name] = wrapAsync(registry, method(tx, name));
  }
  return bound;
}

/**
 * @prisma/adapter-pg's executeScript splits the script on ";" and runs the pieces one by one on
 * whichever pool connection is free: a crash mid-migration leaves it half applied, and a ";" inside
 * a string literal or function body breaks it. Instead send the whole script as one simple-protocol
 * query, which PostgreSQL runs as a single implicit transaction (all or nothing) unless the script
 * itself manages transactions.
 */
function atomicExecuteScript(adapter: Obj, opts: BindOptions): AnyFn {
  const driver = typeof adapter.underlyingDriver === "function" ? (adapter.underlyingDriver as () => unknown).call(adapter) : null;
  if (!driver || typeof (driver as pg.Pool).query !== "function") return method(adapter, "executeScript");
  const pool = driver as pg.Pool;
  const onError = typeof adapter.onError === "function" ? method(adapter, "onError") : null;
  return async (script: unknown) => {
    try {
      const sql = String(script);
      // A trailing "-- comment" line must not swallow the appended statement.
      await pool.query(opts.markFinishedInScript ? `${sql}\n;${MARK_FINISHED_SQL}` : sql);
    } catch (error) {
      if (onError) onError(error); // throws a DriverAdapterError the engine understands
      throw error;
    }
  };
}

interface BindOptions {
  markFinishedInScript: boolean;
}

function bindAdapter(adapter: Obj, registry: ErrorRegistry, opts: BindOptions): Obj {
  const bound: Obj = {
    adapterName: adapter.adapterName,
    provider: adapter.provider,
    errorRegistry: registry,
    queryRaw: wrapAsync(registry, queryRawWithChars(adapter)),
    executeRaw: wrapAsync(registry, method(adapter, "executeRaw")),
    executeScript: wrapAsync(registry, atomicExecuteScript(adapter, opts)),
    dispose: wrapAsync(registry, method(adapter, "dispose")),
    startTransaction: async (...args: unknown[]) =>
      (await wrapAsync(registry, method(adapter, "startTransaction"))(...args)).map((tx) =>
        bindTransaction(registry, tx as Obj),
      ),
  };
  if (typeof adapter.getConnectionInfo === "function") {
    bound.getConnectionInfo = wrapSync(registry, method(adapter, "getConnectionInfo"));
  }
  return bound;
}

function wrapFactory(factory: PrismaPg, opts: BindOptions): object {
  const registry = new ErrorRegistry();
  const f = factory as unknown as Obj;
  const bound: Obj = {
    adapterName: factory.adapterName,
    provider: factory.provider,
    errorRegistry: registry,
    connect: async (...args: unknown[]) =>
      (await wrapAsync(registry, method(f, "connect"))(...args)).map((a) => bindAdapter(a as Obj, registry, opts)),
    connectToShadowDb: async (...args: unknown[]) =>
      (await wrapAsync(registry, method(f, "connectToShadowDb"))(...args)).map((a) => bindAdapter(a as Obj, registry, opts)),
  };
  for (const sym of Object.getOwnPropertySymbols(factory)) bound[sym] = true;
  return bound;
}
