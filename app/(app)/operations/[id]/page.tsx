import Link from "next/link";
import { notFound } from "next/navigation";
import { OperationView } from "@/components/operations/operation-view";
import { providerMap } from "@/lib/providers/browser-data";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/api/errors";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { getOperation } from "@/lib/operations/service";
import { describeOperation, type OperationSummary } from "@/lib/operations/types";
import { formatDateTime } from "@/components/dates";

export const metadata = { title: "Operation" };
export const dynamic = "force-dynamic";

export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("operations.read");
  const { id } = await params;
  let op: OperationSummary;
  try {
    op = await getOperation(actor.teamId, id);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) notFound();
    throw e;
  }
  return (
    <>
      <PageHeader
        title={describeOperation(op)}
        description={`Requested ${formatDateTime(op.createdAt)}${op.createdBy ? ` by ${op.createdBy}` : ""}`}
        actions={
          <Link href="/operations" className="btn-secondary">
            All operations
          </Link>
        }
      />
      <OperationView initial={op} canCancel={can(actor.role, "clusters.delete")} providers={providerMap()} />
    </>
  );
}
