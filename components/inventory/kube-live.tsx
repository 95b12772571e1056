"use client";

/**
 * What a cluster's own Kubernetes API said at the last sync (raw.kube, written by the Kubernetes
 * reader, lib/providers/kubernetes/reader.ts): node readiness and kubelet versions (skew), namespaces,
 * pods not running or restarting, the latest warning events. Provider-supplied text is shown as text.
 */
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/ui/data-table";
import { SectionCard } from "@/components/ui/section-card";
import { Badge } from "./badges";
import { formatDateTime } from "./format";

interface KubeNode {
  name: string;
  ready: boolean;
  reason?: string | null;
  kubeletVersion: string | null;
  roles: string[];
  pool: string | null;
  os: string | null;
  unschedulable: boolean;
  skew: number | null;
}
interface KubeWarning {
  reason: string;
  message: string;
  object: string;
  namespace: string | null;
  count: number;
  lastSeen: string | null;
}
export interface KubeLive {
  nodes: { total: number; ready: number; notReady: number; kubeletVersions: string[]; maxSkew: number | null; truncated: boolean; items: KubeNode[] };
  namespaces: { count: number; truncated: boolean } | null;
  pods: { total: number; notRunning: number; restarting: number; truncated: boolean } | null;
  warnings: { count: number; latest: KubeWarning[]; truncated: boolean } | null;
  forbidden: string[];
}

export function kubeLiveOf(raw: Record<string, unknown> | null): KubeLive | null {
  const k = raw?.kube as KubeLive | undefined;
  return k && typeof k === "object" && k.nodes && Array.isArray(k.nodes.items) ? k : null;
}

const n = (v: number, truncated: boolean) => `${truncated ? "≥ " : ""}${v}`;

function Stat({ label, value, tone, testId }: { label: string; value: React.ReactNode; tone?: "amber" | "red"; testId?: string }) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={`mt-0.5 text-sm font-medium ${tone === "red" ? "text-red-700 dark:text-red-400" : tone === "amber" ? "text-amber-700 dark:text-amber-400" : ""}`}>{value}</dd>
    </div>
  );
}

function skewText(skew: number | null): string | null {
  if (skew === null || skew === 0) return null;
  return skew > 0 ? `${skew} minor${skew === 1 ? "" : "s"} behind` : `${-skew} minor${skew === -1 ? "" : "s"} ahead (unsupported)`;
}

const skewTone = (skew: number | null) => (skew !== null && (skew > 3 || skew < 0) ? "red" : skew ? "amber" : undefined);

function KubeSummary({ live, gitVersion }: { live: KubeLive; gitVersion?: string | null }) {
  const { nodes, pods, namespaces } = live;
  const skew = skewText(nodes.maxSkew);
  return (
    <section className="card p-4" data-testid="kube-summary" aria-label="Live from the Kubernetes API">
      <h2 className="mb-3 text-sm font-semibold">Live from the Kubernetes API</h2>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="API server" value={<span className="font-mono text-xs">{gitVersion ?? "—"}</span>} />
        <Stat testId="kube-nodes" label="Nodes ready" value={`${nodes.ready} of ${n(nodes.total, nodes.truncated)}`} tone={nodes.notReady ? "red" : undefined} />
        <Stat label="Kubelet versions" value={<span className="font-mono text-xs">{nodes.kubeletVersions.join(", ") || "—"}</span>} />
        <Stat testId="kube-skew" label="Version skew" value={skew ?? "none"} tone={skewTone(nodes.maxSkew)} />
        <Stat label="Namespaces" value={namespaces ? n(namespaces.count, namespaces.truncated) : "not permitted"} />
        <Stat
          label="Pods not running / restarting"
          value={pods ? `${n(pods.notRunning, pods.truncated)} / ${n(pods.restarting, pods.truncated)} of ${n(pods.total, pods.truncated)}` : "not permitted"}
          tone={pods && pods.notRunning + pods.restarting > 0 ? "amber" : undefined}
        />
      </dl>
      {live.forbidden.length > 0 && <p className="mt-3 text-xs text-amber-700 dark:text-amber-400">The credentials may not list: {live.forbidden.join(", ")} (403 Forbidden).</p>}
    </section>
  );
}

const TH = "py-1 pr-3 font-medium";
const nodeColumns: ColumnDef<KubeNode, unknown>[] = [
  { id: "node", header: "Node", meta: { thClassName: TH, tdClassName: "break-all py-1.5 pr-3 font-mono text-xs" }, cell: ({ row }) => row.original.name },
  {
    id: "ready",
    header: "Ready",
    meta: { thClassName: TH, tdClassName: "whitespace-nowrap py-1.5 pr-3" },
    cell: ({ row: { original: node } }) => (
      <>
        {node.ready ? <Badge tone="green">Ready</Badge> : <Badge tone="red" title={node.reason ?? undefined}>NotReady</Badge>}
        {node.unschedulable && <Badge tone="slate">cordoned</Badge>}
      </>
    ),
  },
  {
    id: "kubelet",
    header: "Kubelet",
    meta: { thClassName: TH, tdClassName: "whitespace-nowrap py-1.5 pr-3" },
    cell: ({ row: { original: node } }) => {
      const skew = skewText(node.skew);
      return (
        <>
          <span className="font-mono text-xs">{node.kubeletVersion ?? "—"}</span> {skew && <Badge tone={skewTone(node.skew) ?? "amber"}>{skew}</Badge>}
        </>
      );
    },
  },
  { id: "roles", header: "Roles / pool", meta: { thClassName: TH, tdClassName: "py-1.5 pr-3 text-xs" }, cell: ({ row }) => [...row.original.roles, row.original.pool].filter(Boolean).join(", ") || "—" },
];

function KubeNodes({ nodes }: { nodes: KubeLive["nodes"] }) {
  return (
    <SectionCard
      title="Nodes"
      testId="kube-nodes-table"
      heading={
        <>
          Nodes ({n(nodes.total, nodes.truncated)}){nodes.items.length < nodes.total && <span className="font-normal text-slate-500"> — first {nodes.items.length} shown</span>}
        </>
      }
      action={nodes.notReady > 0 ? <Badge tone="red">{nodes.notReady} NotReady</Badge> : undefined}
    >
      <div className="max-h-96 overflow-auto">
        <DataTable
          data={nodes.items}
          columns={nodeColumns}
          getRowId={(node) => node.name}
          theadClassName="text-xs uppercase tracking-wide text-slate-500"
          caption="Nodes"
          rowProps={(node) => ({ className: "border-t border-slate-100 dark:border-slate-800", "data-node": node.name, "data-ready": node.ready ? "true" : "false" })}
        />
      </div>
    </SectionCard>
  );
}

function KubeWarnings({ warnings }: { warnings: KubeLive["warnings"] }) {
  return (
    <SectionCard title="Warning events" testId="kube-warnings" heading={`Warning events${warnings ? ` (${n(warnings.count, warnings.truncated)})` : ""}`}>
      {!warnings ? (
        <p className="text-sm text-slate-500">The credentials may not list events.</p>
      ) : warnings.latest.length === 0 ? (
        <p className="text-sm text-slate-500">No warning events.</p>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {warnings.latest.map((w, i) => (
            <li key={`${w.object}-${i}`} className="py-2 text-sm" data-warning={w.reason}>
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone="amber">{w.reason}</Badge>
                <span className="break-all font-mono text-xs">
                  {w.namespace ? `${w.namespace}/` : ""}
                  {w.object}
                </span>
                {w.count > 1 && <span className="text-xs text-slate-500">×{w.count}</span>}
                <span className="ml-auto text-xs text-slate-500">{formatDateTime(w.lastSeen)}</span>
              </div>
              <p className="mt-1 break-words text-xs text-slate-600 dark:text-slate-400">{w.message}</p>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}

/** the live Kubernetes section of the cluster page: the summary, the nodes and the latest warning events */
export function KubeLiveSection({ live, gitVersion }: { live: KubeLive; gitVersion?: string | null }) {
  return (
    <>
      <KubeSummary live={live} gitVersion={gitVersion} />
      <div className="grid gap-4 lg:grid-cols-2">
        <KubeNodes nodes={live.nodes} />
        <KubeWarnings warnings={live.warnings} />
      </div>
    </>
  );
}
