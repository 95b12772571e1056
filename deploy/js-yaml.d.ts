// js-yaml 4 arrives with @eslint/eslintrc (a dev dependency); the chart and compose tests use it to
// parse YAML. Only the calls they make are declared (no @types package is installed).
declare module "js-yaml" {
  export function load(src: string, opts?: Record<string, unknown>): unknown;
  export function loadAll(src: string, iterator?: null, opts?: Record<string, unknown>): unknown[];
  export function dump(value: unknown, opts?: { sortKeys?: boolean; lineWidth?: number; noRefs?: boolean; indent?: number }): string;
  const yaml: { load: typeof load; loadAll: typeof loadAll; dump: typeof dump };
  export default yaml;
}
