import Link from "next/link";
import { AcceptInvitation } from "@/components/auth/accept-invitation";
import { AuthCard } from "@/components/auth/auth-card";
import { currentUser } from "@/lib/auth/server";
import { invitationForToken } from "@/lib/teams";
import { acceptInvitationAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const inv = /^inv_[\w-]{10,100}$/.test(token) ? await invitationForToken(token) : null;
  if (!inv) {
    return (
      <AuthCard title="Invitation not valid">
        <p className="text-sm">This invitation link is unknown, already used or expired. Ask the team owner for a new one.</p>
      </AuthCard>
    );
  }
  const user = await currentUser();
  return (
    <AuthCard title={`Join ${inv.teamName}`} subtitle={`You are invited as ${inv.role} (invitation for ${inv.email}).`}>
      {user ? (
        <AcceptInvitation action={acceptInvitationAction.bind(null, token)} />
      ) : (
        <Link className="btn-primary w-full" href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in to accept
        </Link>
      )}
    </AuthCard>
  );
}
