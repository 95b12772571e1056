export function NoTeam({ email }: { email: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="card max-w-md p-6 text-center" role="status">
        <h1 className="text-lg font-semibold">You are not in any team yet</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          You are signed in as {email}, but no team has given you access. Ask a team owner for an invitation link, or to map one of your identity provider groups to their team.
        </p>
        <form method="post" action="/api/auth/logout" className="mt-4">
          <button className="btn-secondary" type="submit">
            Sign out
          </button>
        </form>
      </div>
    </main>
  );
}
