import Link from "next/link";
import { ProviderValue } from "@/components/inventory/provider-fields";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { auditActions, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;

/** pages of the targets that have one */
const TARGET_HREF: Record<string, string> = { cluster: "/clusters", connection: "/connections", operation: "/operations" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor("profile.read");
  if (!can(actor.role, "audit.read")) {
    return (
      <>
        <PageHeader title="Audit log" />
        <EmptyState title="Admins only">The audit log needs the admin role or higher; you are {actor.role} in {actor.teamName}.</EmptyState>
      </>
    );
  }
  const sp = await searchParams;
  const raw = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v));
  const parsed = auditQuerySchema.safeParse(raw);
  const q = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const [page, actions] = await Promise.all([listAuditEvents(actor.teamId, q), auditActions(actor.teamId)]);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const csvQuery = new URLSearchParams({ ...(raw as Record<string, string>), format: "csv" });
  csvQuery.delete("page");
  const link = (p: number) => `/audit?${new URLSearchParams({ ...(raw as Record<string, string>), page: String(p) })}`;
  return (
    <>
      <PageHeader title="Audit log" description={`${page.total} event${page.total === 1 ? "" : "s"} in ${actor.teamName}`} />
      {!parsed.success && <p className="field-error mb-3">Some filters were not understood and were ignored.</p>}
      <form className="card mb-4 flex flex-wrap items-end gap-3 p-4" method="get" action="/audit" aria-label="Filters">
        <div>
          <label className="label" htmlFor="f-action">
            Action
          </label>
          <select className="input" id="f-action" name="action" defaultValue={q.action ?? ""}>
            <option value="">any</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-actor">
            Actor
          </label>
          <input className="input" id="f-actor" name="actor" defaultValue={q.actor ?? ""} placeholder="email" />
        </div>
        <div>
          <label className="label" htmlFor="f-result">
            Result
          </label>
          <select className="input" id="f-result" name="result" defaultValue={q.result ?? ""}>
            <option value="">any</option>
            <option>success</option>
            <option>failure</option>
            <option>denied</option>
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-from">
            From
          </label>
          <input className="input" id="f-from" name="from" type="date" defaultValue={typeof raw.from === "string" ? raw.from : ""} />
        </div>
        <div>
          <label className="label" htmlFor="f-to">
            To
          </label>
          <input className="input" id="f-to" name="to" type="date" defaultValue={typeof raw.to === "string" ? raw.to : ""} />
        </div>
        <button className="btn-primary" type="submit">
          Filter
        </button>
        <Link className="btn-secondary" href="/audit">
          Clear
        </Link>
        <a className="btn-secondary" href={`/api/v1/audit?${csvQuery}`} download>
          Export CSV
        </a>
      </form>
      <div className="card overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Audit events">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">When</th>
              <th className="px-3">Who</th>
              <th className="px-3">Action</th>
              <th className="px-3">Target</th>
              <th className="px-3">Result</th>
              <th className="px-3">Address</th>
              <th className="px-3">Details</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="whitespace-nowrap px-3 py-1.5">{e.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td className="px-3">{e.actorEmail ?? e.actorId ?? "—"}</td>
                <td className="px-3 font-mono text-xs">{e.action}</td>
                <td className="max-w-56 px-3" data-audit-target={e.targetType ?? undefined}>
                  {e.targetType ? (
                    <>
                      <span className="text-xs text-slate-500">{e.targetLabel}</span>{" "}
                      {TARGET_HREF[e.targetType] && e.targetId && !(e.targetType === "cluster" && /delete|forget/.test(e.action)) ? (
                        <Link href={`${TARGET_HREF[e.targetType]}/${e.targetId}`} className="break-all text-brand-600 hover:underline" title={e.targetId}>
                          {e.targetName ?? e.targetId}
                        </Link>
                      ) : (
                        <span className="break-all" title={e.targetId ?? undefined}>
                          {e.targetName ?? e.targetId ?? ""}
                        </span>
                      )}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className={`px-3 ${e.result === "success" ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}>{e.result}</td>
                <td className="px-3">{e.ip ?? "—"}</td>
                <td className="min-w-48 max-w-md px-3 py-1.5" data-audit-details>
                  {e.details && typeof e.details === "object" && Object.keys(e.details).length ? <ProviderValue value={e.details} /> : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.items.length === 0 && <p className="p-4 text-sm text-slate-600 dark:text-slate-400">No events match.</p>}
      </div>
      <nav className="mt-4 flex items-center justify-between text-sm" aria-label="Pages">
        {page.page > 1 ? <Link className="btn-secondary" href={link(page.page - 1)}>Previous</Link> : <span />}
        <span>
          Page {page.page} of {pages}
        </span>
        {page.page < pages ? <Link className="btn-secondary" href={link(page.page + 1)}>Next</Link> : <span />}
      </nav>
    </>
  );
}
