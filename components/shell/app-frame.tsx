import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { NoTeam } from "@/components/auth/no-team";
import { RunningOperations } from "@/components/operations/running-operations";
import { UserMenu } from "@/components/auth/user-menu";
import { sessionTokenFrom } from "@/lib/auth/authenticate";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { currentActor, currentUser, userTeams } from "@/lib/auth/server";
import { hasAnyUser } from "@/lib/auth/users";
import { orUnavailablePage } from "@/lib/db/page-guard";
import { AppShell } from "./app-shell";

/**
 * The signed-in frame of every dashboard page (app/(app)/layout.tsx and app/(read)/layout.tsx): the
 * first-run, sign-in and team checks, then the shell. `Wrapper` goes around the shell: app/(app) passes
 * <Providers> (TanStack Query); the pages without TanStack Query on first paint (app/(read)) pass none and so leave
 * TanStack Query out of their first load. (A client component imported here would be in every page's
 * first load, rendered or not: so the layout that needs it imports it.)
 */
export async function AppFrame({ children, Wrapper }: { children: React.ReactNode; Wrapper?: React.ComponentType<{ children: React.ReactNode }> }) {
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
  const shell = (
    <AppShell role={actor.role} headerExtra={<RunningOperations />} userMenu={<UserMenu name={actor.name} email={actor.email} role={actor.role} currentTeamId={actor.teamId} teams={teams} />}>
      {children}
    </AppShell>
  );
  return Wrapper ? <Wrapper>{shell}</Wrapper> : shell;
}
