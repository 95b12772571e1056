import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { auditActions, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;

/** the filter form (a plain GET form: it works without JavaScript) and the CSV export of the same filters */
function AuditFilters({ q, raw, actions }: { q: ReturnType<typeof auditQuerySchema.parse>; raw: Record<string, unknown>; actions: string[] }) {
  const csvQuery = new URLSearchParams({ ...(raw as Record<string, string>), format: "csv" });
  csvQuery.delete("page");
  return (
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
  );
}

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
  const link = (p: number) => `/audit?${new URLSearchParams({ ...(raw as Record<string, string>), page: String(p) })}`;
  return (
    <>
      <PageHeader title="Audit log" description={`${page.total} event${page.total === 1 ? "" : "s"} in ${actor.teamName}`} />
      {!parsed.success && <p className="field-error mb-3">Some filters were not understood and were ignored.</p>}
      <AuditFilters q={q} raw={raw} actions={actions} />
      <div className="card overflow-x-auto">
        <AuditTable events={page.items.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))} />
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
