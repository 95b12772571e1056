import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata = { title: "Not found" };

/** The app's not-found page: unknown paths, ids a role may not see, and paths that cannot be decoded (proxy.ts). */
export default function NotFound() {
  return (
    <AuthCard title="Page not found">
      <p className="text-sm text-slate-600 dark:text-slate-400">This page could not be found. It may have been removed, or the link is wrong.</p>
      <Link className="btn-primary mt-4 inline-block" href="/">
        Go to the overview
      </Link>
    </AuthCard>
  );
}
