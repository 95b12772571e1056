import { cookies } from "next/headers";
import Link from "next/link";
import { Nav } from "./nav";
import { ThemeToggle } from "./theme-toggle";

export async function AppShell({ children, userMenu, headerExtra, role }: { children: React.ReactNode; userMenu?: React.ReactNode; headerExtra?: React.ReactNode; role?: string }) {
  const saved = (await cookies()).get("theme")?.value;
  const theme = saved === "dark" || saved === "light" ? saved : "system";
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="relative mx-auto flex h-14 max-w-7xl items-center gap-2 px-3 sm:gap-4 sm:px-4">
          <Link href="/" aria-label="Clusterdeck" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
              ⎈
            </span>
            <span className="hidden sm:inline">Clusterdeck</span>
          </Link>
          <Nav role={role} />
          <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
            {headerExtra}
            <ThemeToggle initial={theme} />
            {userMenu}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
