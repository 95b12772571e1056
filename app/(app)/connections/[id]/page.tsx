import Link from "next/link";
import { notFound } from "next/navigation";
import { SyncButton } from "@/components/connections/sync-button";
import { ConnectionHealth, DeleteConnection, EditConnectionForm, RotateCredentials, TestButton } from "@/components/connections/connection-detail";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/api/errors";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { getConnection, providerDescriptors, type ConnectionView } from "@/lib/connections";

export const metadata = { title: "Connection" };
export const dynamic = "force-dynamic";

function Section({ title, children, description }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <section className="card mb-6 p-5">
      <h2 className="text-lg font-semibold">{title}</h2>
      {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ added?: string }> }) {
  const actor = await requirePageActor("connections.read");
  const { id } = await params;
  const { added } = await searchParams;
  let c: ConnectionView;
  try {
    c = await getConnection(actor.teamId, id);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) notFound();
    throw e;
  }
  const canWrite = can(actor.role, "connections.write");
  const provider = providerDescriptors().find((p) => p.kind === c.provider);
  return (
    <>
      <PageHeader
        title={c.name}
        description={c.demo ? `${c.providerName} — simulated (local demo simulator)` : c.providerName}
        actions={
          <Link href="/connections" className="btn-secondary">
            All connections
          </Link>
        }
      />
      {added && (
        <p className="mb-4 text-sm text-green-700 dark:text-green-400" role="status">
          Connection added; its credentials were tested and work.
        </p>
      )}
      {c.sameAccountAs.length > 0 && (
        // issue 18 #8: the same provider account through two connections (its clusters count once)
        <div className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200" role="alert" data-testid="same-account-warning">
          This connection reaches the same account (same provider, endpoint and identity) as{" "}
          {c.sameAccountAs.map((o, i) => (
            <span key={o.id}>
              {i > 0 && ", "}
              <Link href={`/connections/${o.id}`} className="break-all font-medium underline">
                {o.name}
              </Link>
            </span>
          ))}
          . Its clusters are counted once in totals and charts; delete one of them unless both are meant to stay.
        </div>
      )}
      <Section title="Health">
        <ConnectionHealth c={c} />
        <div className="mt-4 flex flex-wrap items-start gap-3">
          {can(actor.role, "clusters.sync") && <SyncButton id={c.id} name={c.name} />}
          {can(actor.role, "connections.test") && <TestButton id={c.id} name={c.name} />}
        </div>
      </Section>
      {canWrite && (
        <>
          <Section title="Settings">
            <EditConnectionForm c={c} />
          </Section>
          {provider && (
            <Section title="Credentials" description="Write-only: enter new ones to replace them; only the last four characters are ever shown.">
              <RotateCredentials c={c} provider={provider} />
            </Section>
          )}
          <Section title="Delete">
            <DeleteConnection c={c} />
          </Section>
        </>
      )}
    </>
  );
}
