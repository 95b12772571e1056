import Link from "next/link";
import { AcceptInvitation } from "@/components/auth/accept-invitation";
import { AuthCard } from "@/components/auth/auth-card";
import { InvitationSignupForm } from "@/components/auth/invitation-signup-form";
import { currentUser } from "@/lib/auth/server";
import { userExists } from "@/lib/auth/users";
import { orUnavailablePage } from "@/lib/db/page-guard";
import { invitationForToken } from "@/lib/teams";
import { acceptInvitationAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const inv = /^inv_[\w-]{10,100}$/.test(token) ? await orUnavailablePage(() => invitationForToken(token)) : null;
  if (!inv) {
    return (
      <AuthCard title="Invitation not valid">
        <p className="text-sm">This invitation link is unknown, already used or expired. Ask the team owner for a new one.</p>
      </AuthCard>
    );
  }
  const user = await orUnavailablePage(currentUser);
  const signInHref = `/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
  // no account yet and the team allows passwords: the link itself creates the account
  const canRegister = !user && inv.passwordLoginEnabled && !(await userExists(inv.email));
  return (
    <AuthCard title={`Join ${inv.teamName}`} subtitle={`You are invited as ${inv.role} (invitation for ${inv.email}).`}>
      {user ? (
        <AcceptInvitation action={acceptInvitationAction.bind(null, token)} />
      ) : canRegister ? (
        <div className="space-y-4">
          <InvitationSignupForm token={token} email={inv.email} />
          <p className="text-center text-sm text-slate-500">
            Single sign-on, or an account under another address?{" "}
            <Link className="underline" href={signInHref}>
              Sign in to accept
            </Link>
          </p>
        </div>
      ) : (
        <Link className="btn-primary w-full" href={signInHref}>
          Sign in to accept
        </Link>
      )}
    </AuthCard>
  );
}
