/**
 * The clusters table's columns: what each one is called, which API sort key it writes, which are
 * shown by default, and the grouping of rows by provider, connection or scope. Pure.
 */
import type { ColumnDef, VisibilityState } from "@tanstack/react-table";
import type { ClusterRow } from "@/lib/inventory/api-types";
import { providerName, type ProviderMap } from "../providers";
import type { GroupKey } from "../query";

/** the user preference that keeps the shown columns */
export const COLUMNS_PREFERENCE = "clusters.columns";

export type ColumnId = "name" | "status" | "provider" | "connection" | "scope" | "region" | "version" | "eol" | "nodes" | "created" | "providerStatus" | "externalId" | "apiEndpoint" | "lastSeen";

export interface ColumnMeta {
  id: ColumnId;
  label: string;
  /** the API's sort key when the column sorts */
  sort?: string;
  always?: boolean;
  numeric?: boolean;
}

export const COLUMN_META: readonly ColumnMeta[] = [
  { id: "name", label: "Name", sort: "name", always: true },
  { id: "status", label: "Status", sort: "status" },
  { id: "provider", label: "Provider", sort: "provider" },
  { id: "connection", label: "Connection", sort: "connection" },
  { id: "scope", label: "Scope", sort: "scope" },
  { id: "region", label: "Region", sort: "region" },
  { id: "version", label: "Version", sort: "version" },
  { id: "eol", label: "End of life", sort: "eol" },
  { id: "nodes", label: "Nodes", sort: "nodes", numeric: true },
  { id: "created", label: "Created", sort: "created" },
  { id: "providerStatus", label: "Provider status" },
  { id: "externalId", label: "Provider id" },
  { id: "apiEndpoint", label: "API endpoint" },
  { id: "lastSeen", label: "Last seen" },
];
const DEFAULT_COLUMNS: ColumnId[] = ["name", "status", "provider", "connection", "scope", "region", "version", "eol", "nodes"];
export const META_BY_ID = new Map<string, ColumnMeta>(COLUMN_META.map((c) => [c.id, c]));

export const columnDefs: ColumnDef<ClusterRow>[] = COLUMN_META.map((c) => ({
  id: c.id,
  header: c.label,
  enableHiding: !c.always,
}));

export function visibilityFrom(columns: string[] | null): VisibilityState {
  const shown = new Set<string>(columns?.length ? columns : DEFAULT_COLUMNS);
  return Object.fromEntries(COLUMN_META.map((c) => [c.id, !!c.always || shown.has(c.id)]));
}

/** the ids of the shown columns, in table order (what the preference stores) */
export function shownColumns(visibility: VisibilityState): string[] {
  return COLUMN_META.filter((c) => visibility[c.id] !== false).map((c) => c.id);
}

export function groupValue(r: ClusterRow, g: GroupKey, providers: ProviderMap): { key: string; label: string } {
  if (g === "provider") return { key: r.provider, label: providerName(providers, r.provider) };
  if (g === "connection") return { key: r.connectionId, label: `${r.connectionName} · ${providerName(providers, r.provider)}` };
  return { key: `${r.connectionId}/${r.scope}`, label: `${r.scopeName ?? r.scope} · ${r.connectionName}` };
}
