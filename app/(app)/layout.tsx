import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { NoTeam } from "@/components/auth/no-team";
import { RunningOperations } from "@/components/operations/running-operations";
import { UserMenu } from "@/components/auth/user-menu";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { sessionTokenFrom } from "@/lib/auth/authenticate";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { currentActor, currentUser, userTeams } from "@/lib/auth/server";
import { hasAnyUser } from "@/lib/auth/users";
import { orUnavailablePage } from "@/lib/db/page-guard";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // first run: no user yet → set-up; signed out (or session expired) → sign-in
  // a database that cannot be reached → /unavailable (503), not Next's 500 page
  if (!(await orUnavailablePage(hasAnyUser))) redirect("/setup");
  const actor = await orUnavailablePage(currentActor);
  if (!actor) {
    const user = await orUnavailablePage(currentUser);
    if (user) return <NoTeam email={user.email} />;
    const h = await headers();
    const back = safeRedirectPath(h.get("x-pathname"));
    const q = new URLSearchParams();
    if (sessionTokenFrom(h)) q.set("expired", "1");
    if (back !== "/") q.set("callbackUrl", back);
    redirect(q.size ? `/signin?${q}` : "/signin");
  }
  const teams = await orUnavailablePage(() => userTeams(actor.userId));
  return (
    <Providers>
      <AppShell role={actor.role} headerExtra={<RunningOperations />} userMenu={<UserMenu name={actor.name} email={actor.email} role={actor.role} currentTeamId={actor.teamId} teams={teams} />}>
        {children}
      </AppShell>
    </Providers>
  );
}
