import Link from "next/link";
import { AddConnectionForm } from "@/components/connections/connection-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/server";
import { providerDescriptors } from "@/lib/connections";

export const metadata = { title: "Add connection" };
export const dynamic = "force-dynamic";

export default async function NewConnectionPage({ searchParams }: { searchParams: Promise<{ provider?: string | string[] }> }) {
  await requirePageActor("connections.write");
  const sp = await searchParams;
  const provider = Array.isArray(sp.provider) ? sp.provider[0] : sp.provider;
  return (
    <>
      <PageHeader
        title="Add connection"
        description="The credentials are tested against the provider before they are stored."
        actions={
          <Link href="/connections" className="btn-secondary">
            Back to connections
          </Link>
        }
      />
      <AddConnectionForm providers={providerDescriptors()} initialProvider={provider} />
    </>
  );
}
