"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { NodePoolActions } from "@/components/operations/node-pool-actions";
import { KIND_LABELS, type OperationSummary } from "@/lib/operations/types";
import { StateBadge } from "@/components/connections/state-badge";
import { SectionCard } from "@/components/ui/section-card";
import type { ClusterDetail } from "@/lib/inventory/api-types";
import { clusterIsBusy, fetchCluster, ApiRequestError, inventoryKeys, POLL_BUSY_MS, POLL_CALM_MS } from "./api";
import { Badge, EolBadge, Skeleton, StatusBadge } from "./badges";
import { SyncButton } from "./connection-warnings";
import { formatDate, formatDateTime } from "./format";
import { OperationsList } from "./operations";
import { humanizeKey, ProviderValue } from "./provider-fields";
import { hasInsecureTls, INSECURE_TLS_MARK } from "@/lib/providers/kubernetes/marks";
import { KubeLiveSection, kubeLiveOf } from "./kube-live";
import { NodePoolsTable } from "./node-pools-table";
import { managedOutside, nodePoolSupport, providerName, scopeLabel, type ProviderMap } from "./providers";

function Field({ label, children, mono = false }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={`mt-0.5 break-words text-sm ${mono ? "font-mono text-xs" : ""}`}>{children ?? "—"}</dd>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading cluster">
      <Skeleton className="h-7 w-64" />
      <div className="card grid gap-4 p-4 sm:grid-cols-3">
        {Array.from({ length: 9 }, (_, i) => (
          <div key={i}>
            <Skeleton className="h-3 w-16" />
            <Skeleton className="mt-1 h-4 w-32" />
          </div>
        ))}
      </div>
    </div>
  );
}

type Detail = ClusterDetail;

function blockedReasons(c: Detail) {
  const allowed = c.upgradeOptions.filter((o) => o.allowed && !o.current);
  const gone = c.goneAt ? "The provider no longer lists this cluster" : null;
  const running = c.runningOperation ? "An operation is running on this cluster" : null;
  return {
    deleteBlocked: c.protected ? "Protected from deletion" : (running ?? gone),
    upgradeBlocked: running ?? gone ?? (allowed.length === 0 ? "No version this cluster may upgrade to right now" : null),
  };
}

function ActionButton({ blocked, href, label, className }: { blocked: string | null; href: string; label: string; className: string }) {
  return blocked ? (
    <span className="btn-secondary cursor-not-allowed opacity-50" title={blocked} aria-disabled="true">
      {label}
    </span>
  ) : (
    <Link href={href} className={className}>
      {label}
    </Link>
  );
}

function ClusterHeader({ c, providers, canUpgrade, canDelete, fetching }: { c: Detail; providers: ProviderMap; canUpgrade: boolean; canDelete: boolean; fetching: boolean }) {
  const outside = managedOutside(providers, c.provider);
  const insecure = hasInsecureTls(c.providerStatus);
  const { deleteBlocked, upgradeBlocked } = blockedReasons(c);
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <p className="text-xs text-slate-500">
          <Link href="/clusters" className="hover:underline">
            Clusters
          </Link>{" "}
          / {providerName(providers, c.provider)} / {c.connectionName}
        </p>
        <h1 className={`mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight ${c.goneAt ? "text-slate-500" : ""}`}>
          <span className="line-clamp-3 min-w-0 max-w-full" title={c.name}>
            {c.name}
          </span>
          <StatusBadge status={c.status} providerStatus={c.providerStatus} gone={!!c.goneAt} />
          {c.protected && <Badge tone="slate">🔒 Protected</Badge>}
          {insecure && (
            <Badge tone="red" title={INSECURE_TLS_MARK}>
              TLS not verified
            </Badge>
          )}
          {fetching && <span className="h-2 w-2 animate-pulse rounded-full bg-brand-500" title="Refreshing" />}
        </h1>
      </div>
      {outside && (
        <p className="max-w-md text-sm text-slate-600 dark:text-slate-400" data-testid="managed-outside">
          <Badge tone="slate">Managed outside Clusterdeck</Badge> Clusterdeck reads this cluster through its own Kubernetes API; create, upgrade and delete it with the tools that manage it.
        </p>
      )}
      {!outside && (canUpgrade || canDelete) && (
        <div className="flex flex-wrap gap-2" data-testid="cluster-actions">
          {canUpgrade && <ActionButton blocked={upgradeBlocked} href={`/clusters/${c.id}/upgrade`} label="Upgrade" className="btn-primary" />}
          {canDelete && <ActionButton blocked={deleteBlocked} href={`/clusters/${c.id}/delete`} label="Delete" className="btn-danger" />}
        </div>
      )}
    </div>
  );
}

function ClusterNotices({ c, canSync, startedOp }: { c: Detail; canSync: boolean; startedOp: OperationSummary | null }) {
  const insecure = hasInsecureTls(c.providerStatus);
  const staleConnection = c.connectionState !== "fresh" && c.connectionState !== "syncing";
  return (
    <>
      {insecure && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200" role="alert" data-testid="insecure-tls">
          An admin allowed insecure-skip-tls-verify for this connection: the API server&apos;s certificate is not checked, so the answers could come from anyone on the path. Add the cluster&apos;s CA to the kubeconfig to turn this off.
        </p>
      )}
      {c.goneAt && (
        <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-800" role="status">
          The provider no longer lists this cluster (since {formatDateTime(c.goneAt)}). It stays here greyed out until the inventory drops it.
        </p>
      )}
      {staleConnection && (
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200" role="alert">
          <StateBadge state={c.connectionState} />
          <span>
            The connection <Link href={`/connections/${c.connectionId}`} className="font-medium underline">{c.connectionName}</Link> is not up to date — this is the last known state (seen {formatDateTime(c.lastSeenAt)}).
          </span>
          {canSync && <SyncButton connectionId={c.connectionId} label="Retry sync" />}
        </div>
      )}
      {startedOp && (
        <p className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:border-brand-700/40 dark:bg-brand-700/20 dark:text-brand-100" role="status" data-testid="node-pool-started">
          Started: <Link href={`/operations/${startedOp.id}`} className="font-medium underline">{KIND_LABELS[startedOp.kind] ?? startedOp.kind}</Link>. This page follows it.
        </p>
      )}
      {c.runningOperation && (
        <p className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:border-brand-700/40 dark:bg-brand-700/20 dark:text-brand-100" role="status">
          {c.runningOperation.kind} in progress ({c.runningOperation.state}) — this page follows it.
        </p>
      )}
    </>
  );
}

function DetailsCard({ c, providers, canUpgrade }: { c: Detail; providers: ProviderMap; canUpgrade: boolean }) {
  const sLabel = scopeLabel(providers, c.provider);
  return (
    <SectionCard title="Details" testId="cluster-fields">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Provider">{providerName(providers, c.provider)}</Field>
        <Field label="Connection">
          <Link href={`/connections/${c.connectionId}`} className="text-brand-600 hover:underline">
            {c.connectionName}
          </Link>{" "}
          <StateBadge state={c.connectionState} />
        </Field>
        <Field label={sLabel}>
          {c.scopeName ?? c.scope}
          {c.scopeName && c.scopeName !== c.scope && <span className="ml-1 font-mono text-xs text-slate-500">({c.scope})</span>}
        </Field>
        {/* where the scope is the region (CloudFerro), one field says it */}
        {!(c.region && (c.region === c.scope || c.region === c.scopeName) && sLabel === "Region") && <Field label="Region">{c.region}</Field>}
        <Field label="Kubernetes version" mono>
          {c.version}
        </Field>
        <Field label="End of life">
          <EolBadge state={c.eolState} eol={c.eol} />
        </Field>
        <Field label="Status">
          <StatusBadge status={c.status} gone={!!c.goneAt} />
        </Field>
        <Field label="Provider status" mono>
          {c.providerStatus}
        </Field>
        <Field label="Nodes">{c.nodeCount}</Field>
        <Field label="API endpoint" mono>
          {c.apiEndpoint}
        </Field>
        <Field label="Provider id" mono>
          {c.externalId}
        </Field>
        <Field label="Clusterdeck id" mono>
          {c.id}
        </Field>
        <Field label="Kubeconfig">
          <span data-testid="kubeconfig">
            {!c.kubeconfigAvailable ? (
              `${providerName(providers, c.provider)}'s API does not hand out kubeconfigs; use the provider's own tools.`
            ) : canUpgrade ? (
              <a href={`/api/v1/clusters/${encodeURIComponent(c.id)}/kubeconfig`} download className="text-brand-600 underline">
                Download {c.name}.kubeconfig
              </a>
            ) : (
              "Operators and admins can download it."
            )}
          </span>
        </Field>
        {c.consoleUrl && (
          <Field label="Provider console">
            <a href={c.consoleUrl} target="_blank" rel="noopener noreferrer" className="text-brand-600 underline" data-testid="console-link">
              Open in {providerName(providers, c.provider)}&apos;s console ↗
            </a>
          </Field>
        )}
        <Field label="Created">{c.createdAt ? <time data-testid="cluster-created" dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time> : null}</Field>
        <Field label="Updated">{formatDateTime(c.updatedAt)}</Field>
        <Field label="First seen">{formatDateTime(c.firstSeenAt)}</Field>
        <Field label="Last seen">{formatDateTime(c.lastSeenAt)}</Field>
      </dl>
    </SectionCard>
  );
}

function NodePoolsCard({ c, providers, canEditNodePools, onStarted }: { c: Detail; providers: ProviderMap; canEditNodePools: boolean; onStarted: (op: OperationSummary) => void }) {
  const lagging = c.nodePools.filter((p) => p.lagging).length;
  return (
    <SectionCard title={`Node pools (${c.nodePools.length})`} testId="node-pools" action={lagging > 0 ? <Badge tone="amber">{lagging} lagging</Badge> : undefined}>
      {c.nodePools.length === 0 ? <p className="text-sm text-slate-500">The provider reports no node pools.</p> : <NodePoolsTable pools={c.nodePools} clusterVersion={c.version} />}
      {!c.goneAt && (
        <div className="mt-3 border-t border-slate-100 pt-3 dark:border-slate-800">
          <NodePoolActions
            clusterId={c.id}
            connectionId={c.connectionId}
            scope={c.scope}
            provider={c.provider}
            nodePools={c.nodePools}
            clusterVersion={c.version}
            support={nodePoolSupport(providers, c.provider)}
            canEdit={canEditNodePools}
            busy={!!c.runningOperation}
            onStarted={onStarted}
          />
        </div>
      )}
    </SectionCard>
  );
}

function UpgradeTargetsCard({ c, providers, canUpgrade }: { c: Detail; providers: ProviderMap; canUpgrade: boolean }) {
  const outside = managedOutside(providers, c.provider);
  const { upgradeBlocked } = blockedReasons(c);
  return (
    <SectionCard title="Upgrade targets" testId="upgrade-options">
      {outside ? (
        <p className="text-sm text-slate-500">Managed outside Clusterdeck: upgrade this cluster with the tools that manage it. Its end of life follows the upstream Kubernetes release calendar.</p>
      ) : c.upgradeOptions.length === 0 ? (
        <p className="text-sm text-slate-500">The provider offers no versions for this cluster.</p>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {c.upgradeOptions.map((o) => (
            <li key={o.version} className="flex flex-wrap items-center gap-2 py-1.5 text-sm" data-version={o.version} data-allowed={o.allowed ? "true" : "false"}>
              <span className={`font-mono text-xs ${o.allowed || o.current ? "" : "text-slate-400 line-through decoration-slate-300"}`}>{o.version}</span>
              {o.current && <Badge tone="slate">current</Badge>}
              {o.eol && <span className="text-xs text-slate-500">EOL {formatDate(o.eol)}</span>}
              {o.allowed && !o.current ? (
                canUpgrade && !upgradeBlocked ? (
                  <Link href={`/clusters/${c.id}/upgrade?version=${encodeURIComponent(o.version)}`} className="ml-auto text-xs font-medium text-brand-600 hover:underline">
                    Upgrade to {o.version}
                  </Link>
                ) : (
                  <Badge tone="green" className="ml-auto">
                    allowed
                  </Badge>
                )
              ) : (
                !o.current && o.reason && <span className="ml-auto text-right text-xs text-slate-500">{o.reason}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}

function RawFieldsCard({ c, providers, live }: { c: Detail; providers: ProviderMap; live: boolean }) {
  return (
    <SectionCard title={`${providerName(providers, c.provider)} fields`} testId="raw-fields">
      {c.raw && Object.keys(c.raw).filter((k) => !(live && k === "kube")).length > 0 ? (
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
          {Object.entries(c.raw)
            .filter(([k]) => !(live && k === "kube"))
            .map(([k, v]) => (
              <Field key={k} label={humanizeKey(k)}>
                <span data-raw-field={k}>
                  <ProviderValue value={v} />
                </span>
              </Field>
            ))}
        </dl>
      ) : (
        <p className="text-sm text-slate-500">No further fields from the provider.</p>
      )}
    </SectionCard>
  );
}

function LoadFailed({ error }: { error: Error }) {
  const gone = error instanceof ApiRequestError && error.status === 404;
  return (
    <div className="card px-6 py-10 text-center" role="alert">
      <p className="font-medium">{gone ? "This cluster is not in the inventory (any more)." : "The cluster could not be loaded."}</p>
      {!gone && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{error.message}</p>}
      <Link href="/clusters" className="btn-secondary mt-4">
        All clusters
      </Link>
    </div>
  );
}

export function ClusterDetailView({
  id,
  providers,
  initial,
  canUpgrade,
  canDelete,
  canSync,
  canEditNodePools = false,
}: {
  id: string;
  providers: ProviderMap;
  initial: { data: ClusterDetail; at: number } | null;
  canUpgrade: boolean;
  canDelete: boolean;
  canSync: boolean;
  /** the viewer's role allows clusters.nodepools */
  canEditNodePools?: boolean;
}) {
  const queryClient = useQueryClient();
  const [startedOp, setStartedOp] = useState<OperationSummary | null>(null);
  const q = useQuery({
    queryKey: inventoryKeys.cluster(id),
    queryFn: ({ signal }) => fetchCluster(id, signal),
    initialData: initial?.data,
    initialDataUpdatedAt: initial?.at,
    refetchInterval: (query) => (query.state.error instanceof ApiRequestError && query.state.error.status === 404 ? false : clusterIsBusy(query.state.data) ? POLL_BUSY_MS : POLL_CALM_MS),
  });
  const c = q.data;
  const poolStarted = (op: OperationSummary) => {
    setStartedOp(op);
    void queryClient.invalidateQueries({ queryKey: inventoryKeys.cluster(id) });
  };
  if (!c) return q.isError ? <LoadFailed error={q.error as Error} /> : <DetailSkeleton />;
  const live = kubeLiveOf(c.raw);
  return (
    <div className="space-y-4">
      <ClusterHeader c={c} providers={providers} canUpgrade={canUpgrade} canDelete={canDelete} fetching={q.isFetching} />
      <ClusterNotices c={c} canSync={canSync} startedOp={startedOp} />
      <DetailsCard c={c} providers={providers} canUpgrade={canUpgrade} />
      {live && <KubeLiveSection live={live} gitVersion={typeof c.raw?.gitVersion === "string" ? c.raw.gitVersion : null} />}
      <div className="grid gap-4 lg:grid-cols-2">
        <NodePoolsCard c={c} providers={providers} canEditNodePools={canEditNodePools} onStarted={poolStarted} />
        <UpgradeTargetsCard c={c} providers={providers} canUpgrade={canUpgrade} />
      </div>
      <SectionCard title="Operations" testId="cluster-operations">
        {c.operations.length === 0 ? <p className="text-sm text-slate-500">No operations through Clusterdeck yet.</p> : <OperationsList operations={c.operations} />}
      </SectionCard>
      <RawFieldsCard c={c} providers={providers} live={!!live} />
    </div>
  );
}
