import Link from "next/link";
import type { ClusterRow } from "@/lib/inventory/api-types";
import { hasInsecureTls, INSECURE_TLS_MARK } from "@/lib/providers/kubernetes/marks";
import { Badge, EolBadge, StatusBadge } from "../badges";
import { formatDate } from "../format";
import { providerName, type ProviderMap } from "../providers";
import type { ColumnId } from "./columns";

// rows link without prefetching: 50 cluster pages prefetched on every list render cost the server and the browser more than a click saves (issue 20)
function NameCell({ r }: { r: ClusterRow }) {
  return (
    <div className="flex min-w-0 items-center gap-1.5">
      <Link prefetch={false} href={`/clusters/${r.id}`} className="cluster-link" title={r.name}>
        {r.name}
      </Link>
      {r.protected && (
        <span title="Protected from deletion" aria-label="protected" className="text-xs">
          🔒
        </span>
      )}
      {r.connectionState !== "fresh" && r.connectionState !== "syncing" && (
        <span title={`Data from a ${r.connectionState.replace("_", " ")} connection — last known state`} aria-label="stale data" className="text-amber-600 dark:text-amber-400">
          ⚠
        </span>
      )}
    </div>
  );
}

function StatusCell({ r }: { r: ClusterRow }) {
  return (
    <div className="flex items-center gap-1">
      <StatusBadge status={r.status} providerStatus={r.providerStatus} gone={!!r.goneAt} />
      {hasInsecureTls(r.providerStatus) && (
        <Badge tone="red" title={INSECURE_TLS_MARK}>
          TLS not verified
        </Badge>
      )}
      {r.runningOperation && (
        <Badge tone="purple" title={`Operation ${r.runningOperation.state}`}>
          {r.runningOperation.kind}…
        </Badge>
      )}
    </div>
  );
}

/** provider text in a monospace cell, "—" when absent (full value in the title) */
function Mono({ value }: { value: string | null }) {
  return (
    <span className="font-mono text-xs" title={value ?? undefined}>
      {value ?? "—"}
    </span>
  );
}

/** one cell of the clusters table */
export function Cell({ id, r, providers }: { id: ColumnId; r: ClusterRow; providers: ProviderMap }) {
  switch (id) {
    case "name":
      return <NameCell r={r} />;
    case "status":
      return <StatusCell r={r} />;
    case "provider":
      return <>{providerName(providers, r.provider)}</>;
    case "connection":
      return <span title={r.connectionName}>{r.connectionName}</span>;
    case "scope":
      return <span title={r.scopeName && r.scopeName !== r.scope ? `${r.scopeName} (${r.scope})` : r.scope}>{r.scopeName ?? r.scope}</span>;
    case "region":
      return <span title={r.region ?? undefined}>{r.region ?? "—"}</span>;
    case "version":
      return <span className="font-mono text-xs">{r.version ?? "—"}</span>;
    case "eol":
      return <EolBadge state={r.eolState} eol={r.eol} />;
    case "nodes":
      return <>{r.nodeCount}</>;
    case "created":
      return <>{formatDate(r.createdAt)}</>;
    case "providerStatus":
      return <Mono value={r.providerStatus} />;
    case "externalId":
      return <Mono value={r.externalId} />;
    case "apiEndpoint":
      return <Mono value={r.apiEndpoint} />;
    case "lastSeen":
      return <>{formatDate(r.lastSeenAt)}</>;
  }
}
